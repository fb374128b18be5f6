/**
 * The scripted demo: it acts as a CRM (send requests on Kafka) and as Meta and Twilio (signed
 * webhooks to the ingress over HTTP), and reads what wagate writes with a {@code read_committed}
 * consumer, waiting for each expected output with a deadline.
 *
 * <p>Everything is non-null unless marked {@link org.jspecify.annotations.Nullable}.
 */
@NullMarked
package io.wagate.local.demo;

import org.jspecify.annotations.NullMarked;
