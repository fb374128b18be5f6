package io.wagate.ingress;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads what was written to some topics after a point in time: {@link #mark()} the end offsets,
 * act, then {@link #readSince} the records written after the mark. A plain consumer (no group, no
 * transactions involved), so a record counts as soon as the broker has it.
 */
public final class TopicReader implements AutoCloseable {

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final List<TopicPartition> partitions = new ArrayList<>();

  /**
   * A reader of {@code topics}.
   *
   * @param bootstrapServers the broker
   * @param topics the topics
   */
  public TopicReader(String bootstrapServers, Collection<String> topics) {
    this.consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                "false"),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer());
    for (String topic : topics) {
      for (PartitionInfo info : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
        partitions.add(new TopicPartition(topic, info.partition()));
      }
    }
    consumer.assign(partitions);
  }

  /** The current end offset of every partition. */
  public Map<TopicPartition, Long> mark() {
    return new HashMap<>(consumer.endOffsets(partitions, Duration.ofSeconds(30)));
  }

  /**
   * The records written since {@code mark} that match {@code filter}, waiting until {@code count}
   * of them arrived or {@code timeout} passed, then reading for {@code settle} more to catch
   * extras.
   *
   * @param mark the end offsets from {@link #mark()}
   * @param filter which records to keep
   * @param count how many to wait for
   * @param timeout how long to wait for them
   * @return the matching records, in partition order
   */
  public List<ConsumerRecord<byte[], byte[]>> readSince(
      Map<TopicPartition, Long> mark,
      Predicate<ConsumerRecord<byte[], byte[]>> filter,
      int count,
      Duration timeout) {
    mark.forEach(consumer::seek);
    List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (records.size() < count && System.nanoTime() < deadline) {
      for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
        if (filter.test(record)) {
          records.add(record);
        }
      }
    }
    // One more poll, so a test expecting n records also sees an unexpected n+1st.
    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
      if (filter.test(record)) {
        records.add(record);
      }
    }
    return records;
  }

  /**
   * How many records were written to the topics since {@code mark}.
   *
   * @param mark the end offsets from {@link #mark()}
   * @return the number of new records
   */
  public long countSince(Map<TopicPartition, Long> mark) {
    Map<TopicPartition, Long> now = mark();
    return now.entrySet().stream()
        .mapToLong(e -> e.getValue() - mark.getOrDefault(e.getKey(), 0L))
        .sum();
  }

  @Override
  public void close() {
    consumer.close(Duration.ofSeconds(5));
  }
}
