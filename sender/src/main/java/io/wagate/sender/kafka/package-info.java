/**
 * The Kafka side: the consume, send, produce loop in transactions, the per-conversation queues and
 * the offsets it may commit.
 *
 * <p>Everything is non-null unless marked {@link org.jspecify.annotations.Nullable}.
 */
@NullMarked
package io.wagate.sender.kafka;

import org.jspecify.annotations.NullMarked;
