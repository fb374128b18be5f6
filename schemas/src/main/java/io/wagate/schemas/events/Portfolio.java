package io.wagate.schemas.events;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * An operator's settings for one business portfolio ({@code wa.portfolios}, compacted, key the
 * portfolio id). Meta limits each portfolio to a number of distinct users it may message outside an
 * open window in a moving 24 hours, shared by all of its numbers; a number names its portfolio on
 * {@code wa.business-numbers} ({@code portfolioId}), or is a portfolio of its own.
 *
 * @param portfolioId the portfolio's id, the operator's choice (e.g. {@code salon-group})
 * @param messagingLimit distinct users per moving 24 hours: 250, 2000, 10000, 100000, or -1 for
 *     unlimited; absent means what Meta last announced, else 250 (a new portfolio's)
 * @param updatedAt when the operator set it; absent means the record's timestamp. A limit Meta
 *     announces later wins over it
 */
public record Portfolio(
    String portfolioId, @Nullable Integer messagingLimit, @Nullable Instant updatedAt) {

  /** The same settings, changed at {@code at} unless they say when. */
  public Portfolio stampedAt(Instant at) {
    return updatedAt != null ? this : new Portfolio(portfolioId, messagingLimit, at);
  }
}
