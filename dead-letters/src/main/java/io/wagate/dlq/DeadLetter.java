package io.wagate.dlq;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.jspecify.annotations.Nullable;

/**
 * One record of {@code wa.dlq} as read: where it sits, its timestamp, the original key and value
 * bytes and its headers in order. The byte arrays are the consumer's, not copied: nothing changes
 * them.
 *
 * @param position where it sits on {@code wa.dlq}
 * @param timestamp its record timestamp: the original record's for the streams app, the receive
 *     time for the ingress
 * @param key the original key, or null
 * @param value the original value, or null
 * @param headers its headers, in order
 */
public record DeadLetter(
    Position position,
    Instant timestamp,
    byte @Nullable [] key,
    byte @Nullable [] value,
    List<Header> headers) {

  /** Freezes the headers. */
  public DeadLetter {
    headers = List.copyOf(headers);
  }

  /**
   * The dead letter of a consumed record.
   *
   * @param record a record of {@code wa.dlq}
   * @return the dead letter
   */
  public static DeadLetter of(ConsumerRecord<byte[], byte[]> record) {
    List<Header> headers = new ArrayList<>();
    record.headers().forEach(headers::add);
    return new DeadLetter(
        new Position(record.partition(), record.offset()),
        Instant.ofEpochMilli(record.timestamp()),
        record.key(),
        record.value(),
        headers);
  }

  /**
   * A dead letter built from text headers, for tests and examples.
   *
   * @param position where it sits
   * @param timestamp its timestamp
   * @param key the key, or null
   * @param value the value, or null
   * @param headers name and UTF-8 value pairs, in order
   * @return the dead letter
   */
  public static DeadLetter of(
      Position position,
      Instant timestamp,
      byte @Nullable [] key,
      byte @Nullable [] value,
      List<String[]> headers) {
    List<Header> list = new ArrayList<>();
    for (String[] header : headers) {
      list.add(new RecordHeader(header[0], header[1].getBytes(StandardCharsets.UTF_8)));
    }
    return new DeadLetter(position, timestamp, key, value, list);
  }

  /**
   * The last value of a header as UTF-8 text.
   *
   * @param name the header name
   * @return its value, or null when absent or without a value
   */
  public @Nullable String header(String name) {
    for (int i = headers.size() - 1; i >= 0; i--) {
      Header header = headers.get(i);
      if (header.key().equals(name)) {
        return header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
      }
    }
    return null;
  }

  /**
   * The same dead letter without the headers named {@code name}.
   *
   * @param name the header to drop
   * @return a copy, or this dead letter when it has no such header
   */
  public DeadLetter withoutHeader(String name) {
    List<Header> kept = headers.stream().filter(header -> !header.key().equals(name)).toList();
    return kept.size() == headers.size()
        ? this
        : new DeadLetter(position, timestamp, key, value, kept);
  }

  /** Whether its value was cut to fit the topic ({@link ReplayHeaders#TRUNCATED}). */
  public boolean truncated() {
    return "true".equalsIgnoreCase(header(ReplayHeaders.TRUNCATED));
  }

  /** The size of its value in bytes; 0 when null. */
  public int valueSize() {
    return value == null ? 0 : value.length;
  }
}
