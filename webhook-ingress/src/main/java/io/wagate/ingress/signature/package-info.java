/**
 * Provider signature checks over the exact bytes received, in constant time.
 *
 * <p>Everything is non-null unless marked {@link org.jspecify.annotations.Nullable}.
 */
@NullMarked
package io.wagate.ingress.signature;

import org.jspecify.annotations.NullMarked;
