/**
 * Running the streams app as a service: the start-up checks of the cluster, the Kafka Streams
 * lifecycle with its state listener, uncaught-exception handler and graceful shutdown, and the HTTP
 * server beside it. Everything is non-null unless marked {@link org.jspecify.annotations.Nullable}.
 */
@NullMarked
package io.wagate.streams.app;

import org.jspecify.annotations.NullMarked;
