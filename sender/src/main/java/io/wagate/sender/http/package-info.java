/**
 * Health, readiness and Prometheus metrics over HTTP.
 *
 * <p>Everything is non-null unless marked {@link org.jspecify.annotations.Nullable}.
 */
@NullMarked
package io.wagate.sender.http;

import org.jspecify.annotations.NullMarked;
