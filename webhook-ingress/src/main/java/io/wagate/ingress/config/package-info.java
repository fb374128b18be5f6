/**
 * The ingress configuration, read once from the environment.
 *
 * <p>Everything is non-null unless marked {@link org.jspecify.annotations.Nullable}.
 */
@NullMarked
package io.wagate.ingress.config;

import org.jspecify.annotations.NullMarked;
