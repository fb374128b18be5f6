package io.wagate.streams.processor;

import java.util.function.BinaryOperator;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps a global store of reference data (templates, business numbers, error catalog) in step with
 * its compacted topic: a tombstone removes the key, a value replaces or is merged into the old one.
 *
 * @param <V> the reference record type
 */
public final class ReferenceDataProcessor<V> implements Processor<String, V, Void, Void> {

  private final String storeName;
  private final BinaryOperator<V> merge;
  private KeyValueStore<String, V> store;

  /**
   * A processor for {@code storeName}.
   *
   * @param storeName the global store
   * @param merge combines the stored value (first) with an update (second)
   */
  public ReferenceDataProcessor(String storeName, BinaryOperator<V> merge) {
    this.storeName = storeName;
    this.merge = merge;
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
    V previous = store.get(record.key());
    store.put(
        record.key(), previous == null ? record.value() : merge.apply(previous, record.value()));
  }
}
