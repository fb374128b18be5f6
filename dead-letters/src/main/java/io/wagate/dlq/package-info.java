/**
 * The {@code dlq list} and {@code dlq replay} commands of {@code wagate-streams.jar} and {@code
 * wagate-ingress.jar}: reading {@code wa.dlq}, describing and choosing dead letters, deciding where
 * each goes back to ({@link io.wagate.dlq.ReplayPolicy}) and publishing them exactly once, each
 * with a marker on {@code wa.dlq} in the same transaction ({@link io.wagate.dlq.ReplayPublisher}).
 *
 * <p>Everything is non-null unless marked {@link org.jspecify.annotations.Nullable}.
 */
@NullMarked
package io.wagate.dlq;

import org.jspecify.annotations.NullMarked;
