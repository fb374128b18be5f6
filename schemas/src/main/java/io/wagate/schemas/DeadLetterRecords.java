package io.wagate.schemas;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Keeps dead letters inside the size the dead-letter topic accepts. A record that could not be
 * processed is often large for the same reason it failed; if its dead letter were refused too, the
 * record could be neither processed nor set aside, and the application would stop on it again after
 * every restart. So the dead-letter path cuts what does not fit, says so in {@link
 * DeadLetterHeaders#TRUNCATED}, {@link DeadLetterHeaders#ORIGINAL_SIZE} and {@link
 * DeadLetterHeaders#ORIGINAL_SHA256}, and never fails for size.
 */
public final class DeadLetterRecords {

  /**
   * The default bound of a dead letter's key, value and headers together: a margin under the
   * brokers' and producers' default limit of 1 MiB, which also counts the record batch's own
   * overhead.
   */
  public static final int DEFAULT_MAX_BYTES = 1_000_000;

  /** Bytes a record costs besides its key, value and headers' names and values (a safe bound). */
  private static final int RECORD_OVERHEAD = 64;

  /** What each header value (the stack trace, mostly) is cut to when a record does not fit. */
  private static final int HEADER_LIMIT = 8_192;

  private DeadLetterRecords() {}

  /**
   * The record as it is when it fits in {@code maxBytes}; else a copy with long header values (the
   * stack trace) shortened, the value cut to what room is left (and, only if the key alone is too
   * large, the key cut too), and the truncation headers added.
   *
   * @param record the dead letter
   * @param maxBytes the most its key, value and headers may take
   * @return a record of at most {@code maxBytes}
   */
  public static ProducerRecord<byte[], byte[]> fit(
      ProducerRecord<byte[], byte[]> record, int maxBytes) {
    if (size(record.key(), record.value(), record.headers()) <= maxBytes) {
      return record;
    }
    byte[] original = record.value() == null ? new byte[0] : record.value();
    Headers headers = cappedHeaders(record.headers(), true);
    if (size(null, null, headers) > maxBytes / 2) {
      // An input with huge headers of its own: keep only those that say what failed.
      headers = cappedHeaders(record.headers(), false);
    }
    headers.add(DeadLetterHeaders.TRUNCATED, bytes("true"));
    headers.add(DeadLetterHeaders.ORIGINAL_SIZE, bytes(Integer.toString(original.length)));
    headers.add(DeadLetterHeaders.ORIGINAL_SHA256, bytes(sha256(original)));
    byte[] key = record.key();
    int room = maxBytes - size(key, null, headers);
    if (room < 0 && key != null) {
      // The key alone does not fit: keep as much of it as leaves the value empty.
      key = Arrays.copyOf(key, Math.max(0, key.length + room));
      room = 0;
    }
    byte[] value = Arrays.copyOf(original, Math.max(0, Math.min(original.length, room)));
    return new ProducerRecord<>(
        record.topic(), record.partition(), record.timestamp(), key, value, headers);
  }

  /**
   * A copy of {@code original} with every value cut to {@link #HEADER_LIMIT} bytes, and without a
   * previous truncation's headers; with {@code keepOthers} false, only the headers that say what
   * failed ({@code __streams.errors.*}, {@code wagate.*}).
   */
  private static Headers cappedHeaders(Headers original, boolean keepOthers) {
    Headers headers = new RecordHeaders();
    for (Header header : original) {
      String name = header.key();
      boolean describesFailure = name.startsWith("__streams.errors.") || name.startsWith("wagate.");
      if (name.equals(DeadLetterHeaders.TRUNCATED)
          || name.equals(DeadLetterHeaders.ORIGINAL_SIZE)
          || name.equals(DeadLetterHeaders.ORIGINAL_SHA256)
          || (!keepOthers && !describesFailure)) {
        continue;
      }
      byte[] value = header.value();
      if (value != null && value.length > HEADER_LIMIT) {
        value = Arrays.copyOf(value, HEADER_LIMIT);
      }
      headers.add(name, value);
    }
    return headers;
  }

  /** The bytes a record's key, value and headers take, with a bound on the rest. */
  static int size(byte[] key, byte[] value, Iterable<Header> headers) {
    long size = RECORD_OVERHEAD;
    size += key == null ? 0 : key.length;
    size += value == null ? 0 : value.length;
    for (Header header : headers) {
      size += header.key().getBytes(StandardCharsets.UTF_8).length + 8;
      size += header.value() == null ? 0 : header.value().length;
    }
    return (int) Math.min(Integer.MAX_VALUE, size);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static String sha256(byte[] value) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
