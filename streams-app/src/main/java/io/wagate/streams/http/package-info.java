/**
 * The streams app's HTTP surface: liveness and readiness from the Kafka Streams state, Prometheus
 * metrics, the conversation query API answered from the conversation store and the report query API
 * answered from the report stores, each by whichever instance owns the key. Served by the JDK's
 * {@code com.sun.net.httpserver}, so the app needs no web framework. Everything is non-null unless
 * marked {@link org.jspecify.annotations.Nullable}.
 */
@NullMarked
package io.wagate.streams.http;

import org.jspecify.annotations.NullMarked;
