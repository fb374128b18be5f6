package io.wagate.streams.http;

import io.wagate.schemas.events.BusinessNumberConfig;
import io.wagate.schemas.events.NumberState;
import io.wagate.schemas.events.Portfolio;
import io.wagate.streams.state.HeldRequest;
import io.wagate.streams.state.PortfolioKeys;
import io.wagate.streams.state.PortfolioLedger;
import java.time.Instant;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.jspecify.annotations.Nullable;

/**
 * The stores a portfolio's answer is read from: the {@code portfolio-processor}'s partition that
 * holds the portfolio, and the global reference stores.
 *
 * @param ledgers the {@code limit-ledger-store}
 * @param expiries the {@code limit-expiry-store}
 * @param held the {@code limit-held-store}
 * @param portfolios the global {@code portfolio-registry}
 * @param numbers the global {@code business-number-registry}
 * @param numberStates the global {@code number-state-registry}
 */
public record PortfolioStores(
    ReadOnlyKeyValueStore<String, PortfolioLedger> ledgers,
    ReadOnlyKeyValueStore<String, String> expiries,
    ReadOnlyKeyValueStore<String, HeldRequest> held,
    ReadOnlyKeyValueStore<String, Portfolio> portfolios,
    ReadOnlyKeyValueStore<String, BusinessNumberConfig> numbers,
    ReadOnlyKeyValueStore<String, NumberState> numberStates) {

  /** The portfolio's answer, or null when there is nothing to say about it. */
  public @Nullable PortfolioView read(String portfolioId) {
    Instant oldestReachedAt = null;
    try (KeyValueIterator<String, String> range =
        expiries.range(PortfolioKeys.first(portfolioId), PortfolioKeys.last(portfolioId))) {
      if (range.hasNext()) {
        oldestReachedAt = PortfolioKeys.reachedAt(portfolioId, range.next().key);
      }
    }
    Instant oldestHeldAt = null;
    try (KeyValueIterator<String, HeldRequest> range =
        held.range(PortfolioKeys.first(portfolioId), PortfolioKeys.last(portfolioId))) {
      if (range.hasNext()) {
        oldestHeldAt = range.next().value.heldAt();
      }
    }
    return PortfolioView.of(
        portfolioId,
        ledgers.get(portfolioId),
        oldestReachedAt,
        oldestHeldAt,
        portfolios.get(portfolioId),
        aNumbersOwn(portfolioId));
  }

  /** A business number is a portfolio of its own unless its settings name another. */
  private boolean aNumbersOwn(String portfolioId) {
    BusinessNumberConfig settings = numbers.get(portfolioId);
    return settings != null
        ? settings.portfolio().equals(portfolioId)
        : numberStates.get(portfolioId) != null;
  }
}
