/**
 * Twilio WhatsApp webhooks: form decoding and the mapping of inbound messages and status callbacks.
 *
 * <p>Everything is non-null unless marked {@link org.jspecify.annotations.Nullable}.
 */
@NullMarked
package io.wagate.ingress.twilio;

import org.jspecify.annotations.NullMarked;
