package io.wagate.streams.reports;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Changes summed in a store until the next punctuation sends them on: the store is cached, so the
 * many puts of a busy key between two commits reach its changelog once.
 */
final class Pending {

  private Pending() {}

  /** Hands every pending change to {@code next} and forgets it. */
  static <V> void sendOn(KeyValueStore<String, V> pending, Consumer<V> next) {
    List<KeyValue<String, V>> all = new ArrayList<>();
    try (KeyValueIterator<String, V> iterator = pending.all()) {
      iterator.forEachRemaining(all::add);
    }
    for (KeyValue<String, V> entry : all) {
      next.accept(entry.value);
      pending.delete(entry.key);
    }
  }
}
