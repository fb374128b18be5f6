package io.wagate.streams.http;

import io.wagate.schemas.events.Portfolio;
import io.wagate.streams.config.WagateConfig;
import io.wagate.streams.policy.MessagingLimits;
import io.wagate.streams.state.PortfolioLedger;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A business portfolio's messaging limit and how much of it the moving 24 hours use, as {@code GET
 * /v1/portfolios/{portfolioId}} answers it (DOMAIN.md §5).
 *
 * @param portfolioId the portfolio: the operator's id on {@code wa.portfolios}, or a business
 *     number (E.164) that is a portfolio of its own
 * @param limit distinct contacts the portfolio may reach outside an open window in a moving 24
 *     hours: the limit its count last decided with, else the operator's on {@code wa.portfolios};
 *     -1 for none; null when nobody said one
 * @param used distinct contacts reached by business-initiated templates in the last 24 hours
 * @param held templates held now, for room under the limit or for a flagged number
 * @param heldForFlag of those, marketing held because its number is flagged
 * @param nextReleaseAt when the oldest counted contact leaves the 24 hours and frees room; null
 *     when none is counted
 * @param oldestHeldAt when the template held longest was held; null when none is
 */
public record PortfolioView(
    String portfolioId,
    @Nullable Integer limit,
    int used,
    int held,
    int heldForFlag,
    @Nullable Instant nextReleaseAt,
    @Nullable Instant oldestHeldAt) {

  /**
   * The answer for a portfolio, or null when there is nothing to say about it: nothing counted or
   * held in the last 24 hours, no settings on {@code wa.portfolios}, and no business number known
   * to be a portfolio of its own under that id. A quiet portfolio that exists answers zeros.
   *
   * @param portfolioId the portfolio
   * @param ledger its count, or null when nothing is counted or held
   * @param oldestReachedAt when its oldest counted contact was reached, or null
   * @param oldestHeldAt when its longest-held template was held, or null
   * @param settings the operator's settings of the portfolio, or null
   * @param aNumbersOwn whether a known business number is its own portfolio under this id
   */
  public static @Nullable PortfolioView of(
      String portfolioId,
      @Nullable PortfolioLedger ledger,
      @Nullable Instant oldestReachedAt,
      @Nullable Instant oldestHeldAt,
      @Nullable Portfolio settings,
      boolean aNumbersOwn) {
    if (ledger == null && settings == null && !aNumbersOwn) {
      return null;
    }
    PortfolioLedger count = ledger == null ? PortfolioLedger.EMPTY : ledger;
    Integer limit = count.limit();
    if (limit == null && settings != null && settings.messagingLimit() != null) {
      limit = Math.max(MessagingLimits.UNLIMITED, settings.messagingLimit());
    }
    return new PortfolioView(
        portfolioId,
        limit,
        count.used(),
        count.waitingForRoom() + count.heldForFlag(),
        count.heldForFlag(),
        oldestReachedAt == null || count.used() == 0
            ? null
            : oldestReachedAt.plus(WagateConfig.WINDOW),
        count.waitingForRoom() + count.heldForFlag() == 0 ? null : oldestHeldAt);
  }
}
