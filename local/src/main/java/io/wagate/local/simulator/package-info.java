/**
 * The provider simulator of the local run: it answers the sender as Meta's Cloud API and Twilio's
 * Messages API do, then posts signed delivery webhooks back to the ingress, so that a local run
 * shows the whole loop without a real provider.
 *
 * <p>Everything is non-null unless marked {@link org.jspecify.annotations.Nullable}.
 */
@NullMarked
package io.wagate.local.simulator;

import org.jspecify.annotations.NullMarked;
