/**
 * The local run: {@link io.wagate.local.LocalRun} starts an embedded Kafka broker, the topics, the
 * streams app and the ingress in one process ({@link io.wagate.local.LocalStack}) and plays the
 * scripted demo of {@link io.wagate.local.demo}.
 *
 * <p>Everything is non-null unless marked {@link org.jspecify.annotations.Nullable}.
 */
@NullMarked
package io.wagate.local;

import org.jspecify.annotations.NullMarked;
