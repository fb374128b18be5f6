/**
 * HTTP on Jetty 12 core: routing, the asynchronous life of a signed webhook request, bounded body
 * reads, health and metrics.
 *
 * <p>Everything is non-null unless marked {@link org.jspecify.annotations.Nullable}.
 */
@NullMarked
package io.wagate.ingress.http;

import org.jspecify.annotations.NullMarked;
