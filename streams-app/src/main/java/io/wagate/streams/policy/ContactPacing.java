package io.wagate.streams.policy;

import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Meta's pair rate limit (DOMAIN.md §5): about one message per 6 seconds from a business number to
 * the same contact, bursts allowed, error 131056 beyond it. Pacing is the sender's job; wagate only
 * tells an SRE when it routes a message to a contact sooner than that after the previous one. Pure.
 */
public final class ContactPacing {

  /** The interval Meta allows between two messages to one contact. */
  public static final Duration PAIR_INTERVAL = Duration.ofSeconds(6);

  private ContactPacing() {}

  /**
   * Whether a message routed at {@code at} follows the previous one to the same contact too soon.
   *
   * @param previous when the previous message to the contact from the same number was routed, or
   *     null when none was recently
   * @param at when this one is routed
   */
  public static boolean rapid(@Nullable Instant previous, Instant at) {
    return previous != null
        && !at.isBefore(previous)
        && Duration.between(previous, at).compareTo(PAIR_INTERVAL) < 0;
  }
}
