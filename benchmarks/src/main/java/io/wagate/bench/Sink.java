package io.wagate.bench;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.jspecify.annotations.Nullable;

/**
 * A {@code read_committed} consumer of one output topic from given offsets: what a downstream
 * reader sees, and when.
 */
final class Sink implements AutoCloseable {

  /** What a record on the sink answers: the id it counts for, or null when it does not count. */
  interface Matcher {
    @Nullable String id(ConsumerRecord<byte[], byte[]> record);
  }

  private static final byte[][] OUTCOMES = {
    bytes("\"state\":\"ROUTED_FREEFORM\""),
    bytes("\"state\":\"ROUTED_TEMPLATE\""),
    bytes("\"state\":\"REJECTED\""),
    bytes("\"state\":\"EXPIRED\"")
  };
  private static final byte[] REQUEST_ID = bytes("\"requestId\":\"");

  /** On wa.status: a routing outcome counts, for its request id. */
  static final Matcher OUTCOME =
      record -> {
        byte[] value = record.value();
        if (value == null) {
          return null;
        }
        for (byte[] outcome : OUTCOMES) {
          if (indexOf(value, outcome, 0) >= 0) {
            return requestId(value);
          }
        }
        return null;
      };

  /** On a copy sink: every record counts, for its key (a send request's id). */
  static final Matcher EVERY =
      record -> record.key() == null ? "" : new String(record.key(), StandardCharsets.UTF_8);

  private final KafkaConsumer<byte[], byte[]> consumer;

  Sink(String bootstrapServers, Map<TopicPartition, Long> from) {
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    // Visibility is what is measured: do not let an idle fetch wait half a second.
    config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10);
    consumer =
        new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    List<TopicPartition> partitions = new ArrayList<>(from.keySet());
    consumer.assign(partitions);
    from.forEach(consumer::seek);
  }

  /** Receives each counted record's id with the time it became visible here. */
  interface Listener {
    void seen(String id, long nanoTime);
  }

  /**
   * Polls until {@code expected} records matched, checking {@code subject} between polls.
   *
   * @return the time ({@link System#nanoTime()}) the last one was seen
   */
  long await(long expected, Matcher matcher, Listener listener, Subject subject, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    long seen = 0;
    long last = System.nanoTime();
    while (seen < expected) {
      subject.checkHealthy();
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "only " + seen + " of " + expected + " outputs visible within " + timeout);
      }
      for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(20))) {
        String id = matcher.id(record);
        if (id != null) {
          last = System.nanoTime();
          listener.seen(id, last);
          seen++;
        }
      }
    }
    return last;
  }

  /** The request id in a JSON value, found by bytes: no decoding cost on the measuring side. */
  static @Nullable String requestId(byte[] value) {
    int at = indexOf(value, REQUEST_ID, 0);
    if (at < 0) {
      return null;
    }
    int start = at + REQUEST_ID.length;
    int end = start;
    while (end < value.length && value[end] != '"') {
      end++;
    }
    return new String(value, start, end - start, StandardCharsets.UTF_8);
  }

  /** Where {@code needle} first occurs in {@code haystack} from {@code from}, or -1. */
  static int indexOf(byte[] haystack, byte[] needle, int from) {
    outer:
    for (int i = from; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    consumer.close();
  }
}
