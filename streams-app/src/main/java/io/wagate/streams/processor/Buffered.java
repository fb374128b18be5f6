package io.wagate.streams.processor;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.streams.state.KeyValueStore;
import org.jspecify.annotations.Nullable;

/**
 * A state store seen through the writes of one unit of work: reads see the work's own writes, and
 * the store changes only when the work is {@link #flush flushed}. Work that fails midway leaves the
 * store as it was.
 *
 * @param <V> the store's value type
 */
final class Buffered<V> {

  /** Marks a key deleted by this work; never stored. */
  private static final Object DELETED = new Object();

  private final KeyValueStore<String, V> store;
  private final Map<String, Object> writes = new LinkedHashMap<>();

  /** Whether the store held a value, for every key this work read from it. */
  private final Map<String, Boolean> held = new HashMap<>();

  Buffered(KeyValueStore<String, V> store) {
    this.store = store;
  }

  /** The value as this work left it, else as stored. */
  @SuppressWarnings("unchecked")
  @Nullable V get(String key) {
    Object written = writes.get(key);
    if (written == DELETED) {
      return null;
    }
    if (written != null) {
      return (V) written;
    }
    V stored = store.get(key);
    held.put(key, stored != null);
    return stored;
  }

  /**
   * Whether the key has a value as this work left it, without decoding the stored value again when
   * this work has read it already.
   */
  boolean exists(String key) {
    Object written = writes.get(key);
    if (written != null) {
      return written != DELETED;
    }
    Boolean known = held.get(key);
    return known != null ? known : store.get(key) != null;
  }

  void put(String key, V value) {
    writes.put(key, value);
  }

  void delete(String key) {
    writes.put(key, DELETED);
  }

  /** Applies every write, in order. */
  @SuppressWarnings("unchecked")
  void flush() {
    writes.forEach(
        (key, value) -> {
          if (value == DELETED) {
            store.delete(key);
          } else {
            store.put(key, (V) value);
          }
        });
    writes.clear();
    held.clear();
  }
}
