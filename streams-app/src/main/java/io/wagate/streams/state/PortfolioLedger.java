package io.wagate.streams.state;

import org.jspecify.annotations.Nullable;

/**
 * One portfolio's count in the {@code limit-ledger-store}: contacts reached in the moving 24 hours,
 * requests held for room, and the sequence that keeps held requests in order. The contacts
 * themselves and the held requests are in stores of their own, keyed under the portfolio.
 *
 * @param used distinct contacts reached by business-initiated templates in the last 24 hours
 * @param waitingForRoom requests held because the portfolio reached its limit
 * @param heldForFlag marketing requests held because their number is flagged
 * @param nextSequence the sequence number of the next held request
 * @param limit the limit in force when the ledger last changed, for the query API and metrics
 */
public record PortfolioLedger(
    int used, int waitingForRoom, int heldForFlag, long nextSequence, @Nullable Integer limit) {

  /** A portfolio nothing was counted for yet. */
  public static final PortfolioLedger EMPTY = new PortfolioLedger(0, 0, 0, 0, null);

  public PortfolioLedger withUsed(int delta) {
    return new PortfolioLedger(
        Math.max(0, used + delta), waitingForRoom, heldForFlag, nextSequence, limit);
  }

  public PortfolioLedger withHeld(int roomDelta, int flagDelta) {
    return new PortfolioLedger(
        used,
        Math.max(0, waitingForRoom + roomDelta),
        Math.max(0, heldForFlag + flagDelta),
        nextSequence,
        limit);
  }

  public PortfolioLedger withNextSequence() {
    return new PortfolioLedger(used, waitingForRoom, heldForFlag, nextSequence + 1, limit);
  }

  public PortfolioLedger withLimit(int newLimit) {
    return new PortfolioLedger(used, waitingForRoom, heldForFlag, nextSequence, newLimit);
  }

  /** Whether nothing is counted or held: the ledger may be forgotten. */
  public boolean empty() {
    return used == 0 && waitingForRoom == 0 && heldForFlag == 0;
  }
}
