package io.wagate.streams.state;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiPredicate;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.jspecify.annotations.Nullable;

/**
 * Forgets what a store no longer needs, a slice per punctuation: every entry is read once per pass
 * and the expired ones deleted. A sweep rather than a timer per entry, because a timer would cost
 * every entry two more changelog records (set and fire) and a sweep only a read.
 *
 * @param <V> the store's value type
 */
public final class Sweep<V> {

  private final KeyValueStore<String, V> store;
  private final int slice;
  private @Nullable String from;

  /**
   * @param store the store to sweep
   * @param slice how many entries each call reads at most
   */
  public Sweep(KeyValueStore<String, V> store, int slice) {
    this.store = store;
    this.slice = slice;
  }

  /**
   * Reads the next slice and deletes every entry {@code expired} accepts.
   *
   * @return how many entries were deleted
   */
  public int next(BiPredicate<String, V> expired) {
    List<String> doomed = new ArrayList<>();
    String last = null;
    boolean more;
    try (KeyValueIterator<String, V> entries = store.range(from, null)) {
      int read = 0;
      while (read < slice && entries.hasNext()) {
        KeyValue<String, V> entry = entries.next();
        read++;
        last = entry.key;
        if (expired.test(entry.key, entry.value)) {
          doomed.add(entry.key);
        }
      }
      more = entries.hasNext();
    }
    // The smallest key after the last one read: the next slice starts there.
    from = more && last != null ? last + '\u0000' : null;
    doomed.forEach(store::delete);
    return doomed.size();
  }
}
