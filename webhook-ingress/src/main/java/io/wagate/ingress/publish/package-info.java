/**
 * Publishing to Kafka: typed webhook records, dead letters, the acknowledging publisher and the
 * readiness check.
 *
 * <p>Everything is non-null unless marked {@link org.jspecify.annotations.Nullable}.
 */
@NullMarked
package io.wagate.ingress.publish;

import org.jspecify.annotations.NullMarked;
