package io.wagate.streams;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads {@code wa.status} as the README tells consumers to ({@code read_committed}), from its end
 * at creation, on a thread of its own, and records for one business number when each record became
 * readable, per partition, and how many routing outcomes each request id got.
 *
 * <p>Times are {@link System#nanoTime()} at the poll that returned the record: what a consumer
 * sees, transaction commits and the last stable offset included.
 */
final class StatusRecorder implements AutoCloseable {

  private static final String TOPIC = "wa.status";
  private static final Set<String> ROUTING_OUTCOMES =
      Set.of("ROUTED_TEMPLATE", "ROUTED_FREEFORM", "REJECTED", "EXPIRED");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final KafkaConsumer<String, String> consumer;
  private final String keyPrefix;
  private final int partitions;
  private final Thread thread;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final AtomicReference<RuntimeException> failure = new AtomicReference<>();

  // Guarded by this.
  private final Map<Integer, List<Long>> arrivals = new HashMap<>();
  private final Map<String, Integer> outcomes = new HashMap<>();
  private final Map<TopicPartition, Long> positions = new HashMap<>();
  private long records;

  StatusRecorder(String bootstrapServers, String businessNumber) {
    consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false),
            new StringDeserializer(),
            new StringDeserializer());
    List<TopicPartition> assigned = new ArrayList<>();
    consumer
        .partitionsFor(TOPIC, Duration.ofSeconds(30))
        .forEach(info -> assigned.add(new TopicPartition(TOPIC, info.partition())));
    consumer.assign(assigned);
    consumer.seekToEnd(assigned);
    assigned.forEach(partition -> consumer.position(partition, Duration.ofSeconds(30)));
    partitions = assigned.size();
    keyPrefix = businessNumber + "|";
    thread = new Thread(this::run, "status-recorder");
    thread.setDaemon(true);
    thread.start();
  }

  /** The partition count of {@code wa.status}. */
  int partitions() {
    return partitions;
  }

  /** When records of {@code partition} became readable, in {@link System#nanoTime()}, in order. */
  synchronized List<Long> arrivals(int partition) {
    return List.copyOf(arrivals.getOrDefault(partition, List.of()));
  }

  /** Routing outcomes per request id so far. */
  synchronized Map<String, Integer> outcomes() {
    return Map.copyOf(outcomes);
  }

  /** Every record of the business number read so far. */
  synchronized long records() {
    return records;
  }

  /**
   * Waits until this reader is at or past {@code end} on every partition, e.g. the last stable
   * offsets once the app is idle: then every committed record before them has been recorded.
   */
  void awaitPositions(Map<TopicPartition, Long> end, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      check();
      synchronized (this) {
        if (end.entrySet().stream()
            .allMatch(e -> positions.getOrDefault(e.getKey(), -1L) >= e.getValue())) {
          return;
        }
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
          throw new AssertionError("wa.status not read up to " + end + " within " + timeout);
        }
        try {
          TimeUnit.NANOSECONDS.timedWait(this, remaining);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted", e);
        }
      }
    }
  }

  /** Throws what stopped the reading thread, if anything did. */
  void check() {
    RuntimeException failed = failure.get();
    if (failed != null) {
      throw failed;
    }
  }

  @Override
  public void close() {
    running.set(false);
    consumer.wakeup();
    try {
      thread.join(Duration.ofSeconds(10).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void run() {
    try {
      while (running.get()) {
        var polled = consumer.poll(Duration.ofMillis(50));
        long now = System.nanoTime();
        synchronized (this) {
          for (ConsumerRecord<String, String> record : polled) {
            if (record.key() != null && record.key().startsWith(keyPrefix)) {
              record(record, now);
            }
          }
          for (TopicPartition partition : consumer.assignment()) {
            positions.put(partition, consumer.position(partition));
          }
          notifyAll();
        }
      }
    } catch (WakeupException e) {
      // close() woke the poll up: done.
    } catch (RuntimeException e) {
      failure.set(e);
    } finally {
      consumer.close(Duration.ofSeconds(5));
    }
  }

  private void record(ConsumerRecord<String, String> record, long now) {
    records++;
    arrivals.computeIfAbsent(record.partition(), p -> new ArrayList<>()).add(now);
    JsonNode status;
    try {
      status = JSON.readTree(record.value());
    } catch (IOException e) {
      throw new UncheckedIOException("wa.status holds a value that is not JSON", e);
    }
    if (ROUTING_OUTCOMES.contains(status.path("state").asText())) {
      outcomes.merge(status.path("requestId").asText(), 1, Integer::sum);
    }
  }
}
