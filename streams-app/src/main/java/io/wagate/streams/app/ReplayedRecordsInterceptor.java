package io.wagate.streams.app;

import io.wagate.dlq.ReplayHeaders;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerInterceptor;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;

/**
 * Counts replayed records as the main consumer reads them, into the {@link ReplayedRecords} passed
 * in the consumer property {@value #COUNTER_CONFIG}. An interceptor, not a step of the topology, so
 * counting replays adds no processor and changes no topology name; it passes every record on
 * untouched.
 */
public final class ReplayedRecordsInterceptor implements ConsumerInterceptor<byte[], byte[]> {

  /** The consumer property that carries the {@link ReplayedRecords} to count into. */
  public static final String COUNTER_CONFIG = "wagate.replayed.records";

  private @Nullable ReplayedRecords counters;

  @Override
  public void configure(Map<String, ?> configs) {
    if (configs.get(COUNTER_CONFIG) instanceof ReplayedRecords replayed) {
      counters = replayed;
    }
  }

  @Override
  public ConsumerRecords<byte[], byte[]> onConsume(ConsumerRecords<byte[], byte[]> records) {
    ReplayedRecords current = counters;
    if (current != null) {
      for (ConsumerRecord<byte[], byte[]> record : records) {
        if (record.headers().lastHeader(ReplayHeaders.REPLAYED_FROM) != null) {
          current.read(record.topic());
        }
      }
    }
    return records;
  }

  @Override
  public void onCommit(Map<TopicPartition, OffsetAndMetadata> offsets) {
    // Nothing to do: only reads are counted.
  }

  @Override
  public void close() {
    // The counters belong to the app's registry, which the app closes.
  }
}
