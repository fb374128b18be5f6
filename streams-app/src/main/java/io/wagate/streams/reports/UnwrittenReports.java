package io.wagate.streams.reports;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The reports of a store that changed since they were last written to their topic. A bulk campaign
 * changes its report with every status of every message; writing the report once per punctuation
 * instead of once per change keeps the topic to a record per campaign and interval. The mark is
 * part of the stored value, so it is committed with the change: a task that starts (after a crash,
 * a rebalance) finds in its store what was changed and not yet written, and writes it.
 *
 * @param <V> the store's value type
 */
final class UnwrittenReports<V> {

  private final KeyValueStore<String, V> store;
  private final Predicate<V> unwritten;
  private final UnaryOperator<V> written;
  private final Set<String> keys = new LinkedHashSet<>();

  /**
   * Reads the whole store once, for the reports a previous owner of the task left unwritten.
   *
   * @param store the store of reports
   * @param unwritten whether a stored value is marked as changed and not written
   * @param written the value marked as written
   */
  UnwrittenReports(
      KeyValueStore<String, V> store, Predicate<V> unwritten, UnaryOperator<V> written) {
    this.store = store;
    this.unwritten = unwritten;
    this.written = written;
    try (KeyValueIterator<String, V> all = store.all()) {
      while (all.hasNext()) {
        KeyValue<String, V> entry = all.next();
        if (unwritten.test(entry.value)) {
          keys.add(entry.key);
        }
      }
    }
  }

  /** {@code key}'s report was stored changed (marked unwritten). */
  void changed(String key) {
    keys.add(key);
  }

  /** Writes every changed report with {@code write} and marks it written in the store. */
  void flush(BiConsumer<String, V> write) {
    for (String key : keys) {
      V value = store.get(key);
      if (value != null && unwritten.test(value)) {
        write.accept(key, value);
        store.put(key, written.apply(value));
      }
    }
    keys.clear();
  }
}
