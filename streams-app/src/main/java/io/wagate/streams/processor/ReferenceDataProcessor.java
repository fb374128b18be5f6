package io.wagate.streams.processor;

import java.time.Instant;
import java.util.function.BiFunction;
import java.util.function.BinaryOperator;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps a global store of reference data in step with its compacted topic: a tombstone removes the
 * key, a value replaces or is merged into the old one, stamped with its record's time where it does
 * not say when it was made.
 *
 * @param <V> the reference record type
 */
public final class ReferenceDataProcessor<V> implements Processor<String, V, Void, Void> {

  private final String storeName;
  private final BinaryOperator<V> merge;
  private final BiFunction<V, Instant, V> stamp;
  private KeyValueStore<String, V> store;

  /**
   * A processor for {@code storeName}.
   *
   * @param storeName the global store
   * @param merge combines the stored value (first) with an update (second)
   * @param stamp gives a value without a change time its record's timestamp
   */
  public ReferenceDataProcessor(
      String storeName, BinaryOperator<V> merge, BiFunction<V, Instant, V> stamp) {
    this.storeName = storeName;
    this.merge = merge;
    this.stamp = stamp;
  }

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    store = context.getStateStore(storeName);
  }

  @Override
  public void process(Record<String, V> record) {
    if (record.key() == null) {
      return;
    }
    if (record.value() == null) {
      store.delete(record.key());
      return;
    }
    V update = stamp.apply(record.value(), Instant.ofEpochMilli(record.timestamp()));
    V previous = store.get(record.key());
    store.put(record.key(), previous == null ? update : merge.apply(previous, update));
  }
}
