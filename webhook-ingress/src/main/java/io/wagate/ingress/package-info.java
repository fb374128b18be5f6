/**
 * The webhook ingress: Meta and Twilio webhooks in, signed and acknowledged contract records out.
 * {@link io.wagate.ingress.Main} starts an {@link io.wagate.ingress.IngressService}.
 *
 * <p>Everything is non-null unless marked {@link org.jspecify.annotations.Nullable}.
 */
@NullMarked
package io.wagate.ingress;

import org.jspecify.annotations.NullMarked;
