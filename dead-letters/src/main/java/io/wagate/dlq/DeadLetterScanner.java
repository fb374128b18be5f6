package io.wagate.dlq;

import io.wagate.schemas.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads {@code wa.dlq} from its beginning to the end it had when the scan started, committed
 * records only, without a consumer group (nothing is committed, so a scan changes nothing).
 */
public final class DeadLetterScanner implements AutoCloseable {

  private static final Duration POLL = Duration.ofMillis(500);

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Duration timeout;

  /**
   * A scanner.
   *
   * @param kafka the consumer's share of the {@code KAFKA_*} properties
   * @param timeout how long Kafka may take to answer, and the longest a scan may go without
   *     progress
   */
  public DeadLetterScanner(Properties kafka, Duration timeout) {
    Properties properties = new Properties();
    properties.putAll(kafka);
    properties.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "wagate-dlq");
    // Records of aborted transactions are not dead letters, nor markers: a replay that died
    // half-way must not count as done.
    properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    // A scan reads everything once: bigger polls cost less per record than the default 500.
    properties.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
    properties.remove(ConsumerConfig.GROUP_ID_CONFIG);
    properties.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Long.toString(timeout.toMillis()));
    this.consumer =
        new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    this.timeout = timeout;
  }

  /**
   * Reads every committed record from the beginning to the end offsets of now.
   *
   * @param visitor gets each record, in partition and offset order within a partition
   * @param progress told how far the scan is, after every poll
   * @return how many records were read
   * @throws org.apache.kafka.common.errors.TimeoutException when Kafka does not answer, or the scan
   *     makes no progress within the timeout
   */
  public long scan(Consumer<DeadLetter> visitor, Progress progress) {
    List<TopicPartition> partitions = new ArrayList<>();
    for (PartitionInfo info : consumer.partitionsFor(Topics.DLQ.name(), timeout)) {
      partitions.add(new TopicPartition(info.topic(), info.partition()));
    }
    consumer.assign(partitions);
    Map<TopicPartition, Long> beginning = consumer.beginningOffsets(partitions, timeout);
    // With read_committed the end is the last stable offset: a transaction still open is left out.
    Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
    consumer.seekToBeginning(partitions);
    long total = 0;
    for (TopicPartition partition : partitions) {
      total += end.get(partition) - beginning.get(partition);
    }
    Map<TopicPartition, Long> remaining = new HashMap<>();
    for (TopicPartition partition : partitions) {
      if (end.get(partition) > beginning.get(partition)) {
        remaining.put(partition, end.get(partition));
      }
    }
    consumer.pause(partitions.stream().filter(p -> !remaining.containsKey(p)).toList());
    long read = 0;
    long lastProgress = System.nanoTime();
    while (!remaining.isEmpty()) {
      boolean moved = false;
      for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        Long stop = remaining.get(partition);
        if (stop != null && record.offset() < stop) {
          visitor.accept(DeadLetter.of(record));
          read++;
          moved = true;
        }
      }
      for (TopicPartition partition : List.copyOf(remaining.keySet())) {
        // Positions also move over transaction markers and aborted records, which are not read.
        if (consumer.position(partition, timeout) >= remaining.get(partition)) {
          remaining.remove(partition);
          consumer.pause(List.of(partition));
          moved = true;
        }
      }
      long now = System.nanoTime();
      if (moved) {
        lastProgress = now;
      } else if (now - lastProgress > timeout.toNanos()) {
        throw new org.apache.kafka.common.errors.TimeoutException(
            "reading " + Topics.DLQ.name() + " made no progress within " + timeout);
      }
      progress.scanned(positionSum(partitions, beginning), total);
    }
    progress.scanned(total, total);
    return read;
  }

  private long positionSum(List<TopicPartition> partitions, Map<TopicPartition, Long> beginning) {
    long sum = 0;
    for (TopicPartition partition : partitions) {
      sum += consumer.position(partition, timeout) - beginning.get(partition);
    }
    return sum;
  }

  @Override
  public void close() {
    consumer.close(Duration.ofSeconds(5));
  }

  /** Told how far a scan is. */
  @FunctionalInterface
  public interface Progress {

    /** Nothing. */
    Progress NONE = (scanned, total) -> {};

    /**
     * Records up to here are read.
     *
     * @param scanned offsets passed so far, over all partitions
     * @param total offsets to pass in all
     */
    void scanned(long scanned, long total);
  }
}
