package io.wagate.sender.kafka;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;

/**
 * A queue of messages per conversation, in offset order: only the head of each is being sent, so a
 * conversation's messages go one at a time and in order, while other conversations go on.
 *
 * <p>Not thread-safe: the send loop's thread alone uses it.
 */
final class ConversationQueues {

  private final Map<String, ArrayDeque<Pending>> queues = new HashMap<>();

  /** Queues {@code pending}; true when it is its conversation's head, to be sent now. */
  boolean add(Pending pending) {
    ArrayDeque<Pending> queue =
        queues.computeIfAbsent(pending.conversationKey, key -> new ArrayDeque<>());
    queue.addLast(pending);
    return queue.size() == 1;
  }

  /** Removes the finished head {@code done}; returns the next message of its conversation. */
  @Nullable Pending next(Pending done) {
    ArrayDeque<Pending> queue = queues.get(done.conversationKey);
    if (queue == null || queue.peekFirst() != done) {
      return null;
    }
    queue.pollFirst();
    if (queue.isEmpty()) {
      queues.remove(done.conversationKey);
      return null;
    }
    return queue.peekFirst();
  }

  /** Removes every message of {@code partitions}, handing each to {@code removed}. */
  void removeAll(Set<TopicPartition> partitions, Consumer<Pending> removed) {
    for (Iterator<ArrayDeque<Pending>> it = queues.values().iterator(); it.hasNext(); ) {
      ArrayDeque<Pending> queue = it.next();
      queue.removeIf(
          pending -> {
            if (partitions.contains(pending.partition)) {
              removed.accept(pending);
              return true;
            }
            return false;
          });
      if (queue.isEmpty()) {
        it.remove();
      }
    }
  }
}
