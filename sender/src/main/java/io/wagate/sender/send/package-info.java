/**
 * Sending one message: pacing per number and per contact, retries of rate-limited answers, and the
 * outcome it becomes on {@code wa.status.callbacks}.
 *
 * <p>Everything is non-null unless marked {@link org.jspecify.annotations.Nullable}.
 */
@NullMarked
package io.wagate.sender.send;

import org.jspecify.annotations.NullMarked;
