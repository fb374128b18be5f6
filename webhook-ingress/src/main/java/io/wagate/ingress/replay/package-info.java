/**
 * Replaying dead-lettered webhook bodies through the ingress's current mapping, for {@code
 * wagate-ingress.jar dlq replay}.
 *
 * <p>Everything is non-null unless marked {@link org.jspecify.annotations.Nullable}.
 */
@NullMarked
package io.wagate.ingress.replay;

import org.jspecify.annotations.NullMarked;
