package io.wagate.streams.topology;

import static io.wagate.streams.topology.WagateDriver.at;
import static io.wagate.streams.topology.WagateDriver.hours;
import static io.wagate.streams.topology.WagateDriver.minutes;
import static org.assertj.core.api.Assertions.assertThat;

import io.wagate.schemas.events.Category;
import io.wagate.schemas.events.LifecycleState;
import io.wagate.schemas.events.RequestStatus;
import io.wagate.streams.http.PortfolioStores;
import io.wagate.streams.http.PortfolioView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /v1/portfolios/{portfolioId}} reads what the {@code portfolio-processor} counted: the
 * stores it is answered from, after the topology counted and held templates of two numbers.
 */
class PortfolioQueryTest {

  private static final String SALON = "+31201111111";
  private static final String SALON_TWO = "+31202222222";

  private final WagateDriver wagate = new WagateDriver();

  @AfterEach
  void close() {
    wagate.close();
  }

  private static String contact(int i) {
    return "+316" + (30_000_000 + i);
  }

  private PortfolioStores stores() {
    return new PortfolioStores(
        wagate.driver.getKeyValueStore(StoreNames.LIMIT_LEDGERS),
        wagate.driver.getKeyValueStore(StoreNames.LIMIT_EXPIRIES),
        wagate.driver.getKeyValueStore(StoreNames.LIMIT_HELD),
        wagate.driver.getKeyValueStore(StoreNames.PORTFOLIOS),
        wagate.driver.getKeyValueStore(StoreNames.BUSINESS_NUMBERS),
        wagate.driver.getKeyValueStore(StoreNames.NUMBER_STATES));
  }

  @Test
  void shouldAnswerWhatThePortfolioCountedAndHeldForBothItsNumbers() {
    // Given a portfolio of 2 shared by two numbers, its contacts opted in
    wagate.configureNumber(SALON, false, "salon-group", null);
    wagate.configureNumber(SALON_TWO, false, "salon-group", null);
    wagate.limit("salon-group", 2);
    for (int i = 0; i < 4; i++) {
      wagate.optedIn(i % 2 == 0 ? SALON : SALON_TWO, contact(i), at(minutes(0)));
    }
    // When each number reaches one contact, then two more wait
    wagate.sendTemplate("r-0", SALON, contact(0), Category.UTILITY, at(minutes(1)));
    wagate.sendTemplate("r-1", SALON_TWO, contact(1), Category.UTILITY, at(minutes(2)));
    wagate.sendTemplate("r-2", SALON, contact(2), Category.UTILITY, at(minutes(3)));
    wagate.sendTemplate("r-3", SALON_TWO, contact(3), Category.UTILITY, at(minutes(4)));
    assertThat(wagate.statuses())
        .filteredOn(s -> s.state() == LifecycleState.HELD)
        .extracting(RequestStatus::requestId)
        .containsExactly("r-2", "r-3");
    // Then the answer is the count: the limit, both contacts, both held, and the times
    assertThat(stores().read("salon-group"))
        .isEqualTo(
            new PortfolioView(
                "salon-group", 2, 2, 2, 0, at(minutes(1)).plus(hours(24)), at(minutes(3))));
  }

  @Test
  void shouldAnswerTheRoomThatFreedAfterTheOldestContactLeftThe24Hours() {
    // Given a portfolio of 1 that reached one contact and holds another's template
    wagate.configureNumber(SALON, false, "salon-group", null);
    wagate.limit("salon-group", 1);
    wagate.optedIn(SALON, contact(0), at(minutes(0)));
    wagate.optedIn(SALON, contact(1), at(minutes(0)));
    wagate.sendTemplate("r-0", SALON, contact(0), Category.UTILITY, at(minutes(1)));
    wagate.sendTemplate("r-1", SALON, contact(1), Category.UTILITY, at(minutes(2)));
    // When the first contact leaves the 24 hours
    wagate.advanceWallClock(hours(24).plus(minutes(5)));
    // Then the held template went, counting its contact, and nothing is held
    assertThat(stores().read("salon-group"))
        .isEqualTo(
            new PortfolioView("salon-group", 1, 1, 0, 0, wagate.wallClock().plus(hours(24)), null));
  }

  @Test
  void shouldAnswerABusinessNumbersOwnPortfolioByTheNumberAndNothingForAnUnknownId() {
    // Given a number without a portfolio that reached one contact
    wagate.configureNumber(SALON, false, null, null);
    wagate.optedIn(SALON, contact(0), at(minutes(0)));
    // When
    wagate.sendTemplate("r-0", SALON, contact(0), Category.UTILITY, at(minutes(1)));
    // Then its own portfolio counted it, under the number
    PortfolioView own = stores().read(SALON);
    assertThat(own).isNotNull();
    assertThat(own.used()).isEqualTo(1);
    assertThat(stores().read("salon-group")).isNull();
  }
}
