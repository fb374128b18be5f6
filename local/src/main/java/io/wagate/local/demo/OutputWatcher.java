package io.wagate.local.demo;

import io.wagate.schemas.Topic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads what wagate writes, as a downstream consumer would: {@code read_committed}, so only the
 * outputs of committed Streams transactions are seen. It starts at the end of each topic, so only
 * outputs written after it was opened count, and keeps every record it has read, so a step can wait
 * for several outputs in any order.
 *
 * <p>Not thread-safe: one thread waits; {@link #wakeup()} may come from another.
 */
final class OutputWatcher implements AutoCloseable {

  private static final Logger LOGGER = LoggerFactory.getLogger(OutputWatcher.class);

  /** The longest single poll, so a wait notices its deadline soon after it passes. */
  private static final Duration MAX_POLL = Duration.ofMillis(500);

  private final KafkaConsumer<String, byte[]> consumer;
  private final Map<String, Deserializer<?>> deserializers = new HashMap<>();
  private final List<Observed> seen = new ArrayList<>();

  /** One record read, decoded; {@code value} is null when it could not be decoded. */
  private record Observed(String topic, @Nullable Object value) {}

  /**
   * Opens a consumer on {@code topics}, positioned at their current ends.
   *
   * @param bootstrapServers the broker
   * @param topics the topics to read
   */
  OutputWatcher(String bootstrapServers, List<Topic<String, ?>> topics) {
    Properties properties = new Properties();
    properties.setProperty(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    properties.setProperty(ConsumerConfig.CLIENT_ID_CONFIG, "wagate-local-demo");
    properties.setProperty(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    properties.setProperty(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    this.consumer =
        new KafkaConsumer<>(properties, new StringDeserializer(), new ByteArrayDeserializer());
    List<TopicPartition> partitions = new ArrayList<>();
    for (Topic<String, ?> topic : topics) {
      deserializers.put(topic.name(), topic.valueSerde().deserializer());
      consumer
          .partitionsFor(topic.name(), Duration.ofSeconds(30))
          .forEach(info -> partitions.add(new TopicPartition(info.topic(), info.partition())));
    }
    consumer.assign(partitions);
    consumer.seekToEnd(partitions);
    // Resolve the end offsets now: outputs of actions taken after this constructor must count.
    partitions.forEach(partition -> consumer.position(partition, Duration.ofSeconds(30)));
  }

  /** A position in what has been read; waits can look only at what comes after it. */
  int mark() {
    return seen.size();
  }

  /**
   * Waits until a record of {@code topic} read after {@code since} matches.
   *
   * @param topic the topic
   * @param since a {@link #mark()} taken before the action whose output is awaited
   * @param match what the record's value must satisfy
   * @param timeout how long to wait at most
   * @return the value, or empty when none matched in time
   * @param <V> the value type
   */
  <V> Optional<V> await(
      Topic<String, V> topic, int since, Predicate<? super V> match, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    int next = since;
    while (true) {
      for (; next < seen.size(); next++) {
        Observed observed = seen.get(next);
        if (observed.topic().equals(topic.name()) && observed.value() != null) {
          // Decoded with this topic's own serde, so it is a V.
          V value = cast(observed.value());
          if (match.test(value)) {
            return Optional.of(value);
          }
        }
      }
      long remaining = deadline - System.nanoTime();
      if (remaining <= 0) {
        return Optional.empty();
      }
      pollOnce(Duration.ofNanos(Math.min(remaining, MAX_POLL.toNanos())));
    }
  }

  /**
   * Reads what comes for at most {@code duration}: a pause between two questions to the query API
   * that {@link #wakeup()} ends at once, as it ends a wait.
   */
  void pause(Duration duration) {
    pollOnce(duration);
  }

  /**
   * Makes a waiting {@link #await} end at once with {@link
   * org.apache.kafka.common.errors.WakeupException}; safe from another thread.
   */
  void wakeup() {
    consumer.wakeup();
  }

  @Override
  public void close() {
    consumer.close(Duration.ofSeconds(5));
  }

  @SuppressWarnings("unchecked")
  private static <V> V cast(Object value) {
    return (V) value;
  }

  private void pollOnce(Duration timeout) {
    for (ConsumerRecord<String, byte[]> record : consumer.poll(timeout)) {
      seen.add(new Observed(record.topic(), decode(record)));
    }
  }

  private @Nullable Object decode(ConsumerRecord<String, byte[]> record) {
    Deserializer<?> deserializer = deserializers.get(record.topic());
    try {
      return deserializer == null ? null : deserializer.deserialize(record.topic(), record.value());
    } catch (SerializationException e) {
      LOGGER.warn(
          "Skipping an undecodable record at {}-{}@{}",
          record.topic(),
          record.partition(),
          record.offset());
      return null;
    }
  }
}
