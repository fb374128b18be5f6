/**
 * What wagate tells people: the error catalog that turns provider error codes into actions and
 * receptionist-readable notes, the rejection reasons of the contract, the note texts written to
 * {@code wa.notes}, and the replies wagate sends to contacts on its own.
 *
 * <p>Pure Java with no Kafka Streams dependency, so the topology only calls into it. Everything is
 * non-null unless marked {@link org.jspecify.annotations.Nullable}.
 */
@NullMarked
package io.wagate.streams.notes;

import org.jspecify.annotations.NullMarked;
