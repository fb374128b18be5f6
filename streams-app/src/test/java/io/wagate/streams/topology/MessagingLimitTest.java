package io.wagate.streams.topology;

import static io.wagate.streams.topology.WagateDriver.at;
import static io.wagate.streams.topology.WagateDriver.hours;
import static io.wagate.streams.topology.WagateDriver.minutes;
import static org.assertj.core.api.Assertions.assertThat;

import io.wagate.schemas.events.Category;
import io.wagate.schemas.events.LifecycleState;
import io.wagate.schemas.events.Note;
import io.wagate.schemas.events.OutboundMessage;
import io.wagate.schemas.events.RequestStatus;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * DOMAIN.md §5, messaging limits: a portfolio may message a number of distinct users outside an
 * open window in a moving 24 hours, shared by its numbers; wagate holds the excess instead of
 * letting Meta fail it, and releases it in order as capacity frees.
 */
class MessagingLimitTest {

  private static final String SALON = "+31201111111";
  private static final String SALON_TWO = "+31202222222";

  private final WagateDriver wagate = new WagateDriver();

  @AfterEach
  void close() {
    wagate.close();
  }

  private static String contact(int i) {
    return "+316" + (20_000_000 + i);
  }

  /** Contacts 0..count-1 opted in, so templates go to them without an opt-in request. */
  private void optedIn(String number, int count) {
    for (int i = 0; i < count; i++) {
      wagate.optedIn(number, contact(i), at(minutes(0)));
    }
    wagate.sessions.readValuesToList();
  }

  /** Every status read so far, so that asking for one request does not lose the others. */
  private final List<RequestStatus> statuses = new java.util.ArrayList<>();

  private List<RequestStatus> outcomes(String requestId) {
    statuses.addAll(wagate.statuses());
    return statuses.stream().filter(s -> s.requestId().equals(requestId)).toList();
  }

  @Test
  void shouldHoldThe251stDistinctContactOfA250LimitPortfolio() {
    // Given
    wagate.configureNumber(SALON, false, "salon-group", null);
    wagate.limit("salon-group", 250);
    optedIn(SALON, 251);
    // When 251 templates go to 251 contacts whose windows are closed
    for (int i = 0; i < 251; i++) {
      wagate.sendTemplate("r-" + i, SALON, contact(i), Category.UTILITY, at(minutes(1)));
    }
    // Then 250 are routed and the last one is held
    List<RequestStatus> statuses = wagate.statuses();
    assertThat(statuses).filteredOn(s -> s.state() == LifecycleState.ROUTED_TEMPLATE).hasSize(250);
    RequestStatus held =
        statuses.stream().filter(s -> s.requestId().equals("r-250")).findFirst().orElseThrow();
    assertThat(held.state()).isEqualTo(LifecycleState.HELD);
    assertThat(held.reason()).isEqualTo("MESSAGING_LIMIT");
    assertThat(held.code()).isEqualTo("131048");
    assertThat(wagate.template.readValuesToList())
        .extracting(OutboundMessage::requestId)
        .doesNotContain("r-250");
  }

  @Test
  void shouldNotCountAContactReachedEarlierInThe24Hours() {
    // Given a portfolio of 2, both reached
    wagate.configureNumber(SALON, false, "salon-group", null);
    wagate.limit("salon-group", 2);
    optedIn(SALON, 3);
    wagate.sendTemplate("r-0", SALON, contact(0), Category.UTILITY, at(minutes(1)));
    wagate.sendTemplate("r-1", SALON, contact(1), Category.UTILITY, at(minutes(2)));
    wagate.statuses();
    // When the first contact gets another template, and a third contact one
    wagate.sendTemplate("r-0b", SALON, contact(0), Category.UTILITY, at(hours(3)));
    wagate.sendTemplate("r-2", SALON, contact(2), Category.UTILITY, at(hours(3)));
    // Then the first goes, the third waits
    assertThat(outcomes("r-0b"))
        .extracting(RequestStatus::state)
        .containsExactly(LifecycleState.ROUTED_TEMPLATE);
    assertThat(outcomes("r-2"))
        .extracting(RequestStatus::state)
        .containsExactly(LifecycleState.HELD);
  }

  @Test
  void shouldNeverCountAReplyInsideAnOpenWindow() {
    // Given a portfolio of 1, and a contact who wrote in
    wagate.configureNumber(SALON, false, "salon-group", null);
    wagate.limit("salon-group", 1);
    optedIn(SALON, 2);
    wagate.contactWrites(SALON, contact(0), "Can I come at 10?", at(minutes(1)));
    // When the business answers them with a template inside their window, then starts one
    wagate.sendTemplate("r-reply", SALON, contact(0), Category.UTILITY, at(minutes(2)));
    wagate.sendTemplate("r-new", SALON, contact(1), Category.UTILITY, at(minutes(3)));
    // Then both go: the reply took nothing of the limit
    assertThat(wagate.statuses())
        .extracting(RequestStatus::requestId, RequestStatus::state)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("r-reply", LifecycleState.ROUTED_TEMPLATE),
            org.assertj.core.groups.Tuple.tuple("r-new", LifecycleState.ROUTED_TEMPLATE));
  }

  @Test
  void shouldReleaseHeldRequestsInOrderAsThe24HoursRollOn() {
    // Given a portfolio of 2, reached an hour apart, and three more waiting
    wagate.configureNumber(SALON, false, "salon-group", null);
    wagate.limit("salon-group", 2);
    optedIn(SALON, 5);
    wagate.advanceWallClock(minutes(1));
    wagate.sendTemplate("r-0", SALON, contact(0), Category.UTILITY, at(minutes(1)));
    wagate.advanceWallClock(hours(1));
    wagate.sendTemplate("r-1", SALON, contact(1), Category.UTILITY, wallNow());
    wagate.sendTemplate("r-2", SALON, contact(2), Category.UTILITY, wallNow());
    wagate.sendTemplate("r-3", SALON, contact(3), Category.UTILITY, wallNow());
    wagate.sendTemplate("r-4", SALON, contact(4), Category.UTILITY, wallNow());
    wagate.statuses();
    wagate.template.readValuesToList();
    // When the first contact leaves the 24 hours
    wagate.advanceWallClock(hours(23));

    // Then exactly one held request goes, the oldest
    assertThat(wagate.template.readValuesToList())
        .extracting(OutboundMessage::requestId)
        .containsExactly("r-2");
    // When the second leaves too
    wagate.advanceWallClock(hours(1));
    // Then the next in order
    assertThat(wagate.template.readValuesToList())
        .extracting(OutboundMessage::requestId)
        .containsExactly("r-3");
  }

  @Test
  void shouldExpireAHeldRequestWithANoteSayingWhyAndWhenThereIsRoom() {
    // Given a portfolio of 1, reached, and one held
    wagate.configureNumber(SALON, false, "salon-group", null);
    wagate.limit("salon-group", 1);
    optedIn(SALON, 2);
    wagate.sendTemplate("r-0", SALON, contact(0), Category.UTILITY, at(minutes(1)));
    wagate.advanceWallClock(hours(2));
    wagate.sendTemplate("r-1", SALON, contact(1), Category.UTILITY, wallNow());
    wagate.statuses();
    // When it waits longer than its time to live (WAGATE_HOLD_TTL, 24 hours by default) while the
    // first contact's 24 hours were renewed an hour later
    wagate.advanceWallClock(hours(1));
    wagate.sendTemplate("r-0b", SALON, contact(0), Category.UTILITY, wallNow());
    wagate.advanceWallClock(hours(23));
    // Then it ends EXPIRED with a note
    assertThat(outcomes("r-1"))
        .extracting(RequestStatus::state, RequestStatus::reason)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(LifecycleState.EXPIRED, "MESSAGING_LIMIT"));
    Note note =
        wagate.notes.readValuesToList().stream()
            .filter(n -> "r-1".equals(n.requestId()))
            .findFirst()
            .orElseThrow();
    assertThat(note.code()).isEqualTo("WAGATE-HOLD-EXPIRED");
    assertThat(note.text()).contains("Anna Jansen").contains("limit of 1").contains("room again");
  }

  @Test
  void shouldShareOneLimitBetweenTheNumbersOfAPortfolio() {
    // Given two numbers of one portfolio of 2
    wagate.configureNumber(SALON, false, "salon-group", null);
    wagate.configureNumber(SALON_TWO, false, "salon-group", null);
    wagate.limit("salon-group", 2);
    optedIn(SALON, 2);
    IntStream.range(0, 3).forEach(i -> wagate.optedIn(SALON_TWO, contact(i), at(minutes(0))));
    // When each number starts conversations
    wagate.sendTemplate("a-0", SALON, contact(0), Category.UTILITY, at(minutes(1)));
    wagate.sendTemplate("b-1", SALON_TWO, contact(1), Category.UTILITY, at(minutes(2)));
    wagate.sendTemplate("b-2", SALON_TWO, contact(2), Category.UTILITY, at(minutes(3)));
    // Then the third distinct contact of the portfolio waits, whichever number sends it
    assertThat(outcomes("b-2"))
        .extracting(RequestStatus::state)
        .containsExactly(LifecycleState.HELD);
  }

  @Test
  void shouldCountButNeverHoldWhenTheLimitIsUnknown() {
    // Given nobody said the portfolio's limit
    optedIn(SALON, 3);
    // When
    for (int i = 0; i < 3; i++) {
      wagate.sendTemplate("r-" + i, SALON, contact(i), Category.UTILITY, at(minutes(1)));
    }
    // Then all go at once, and the portfolio counted them
    assertThat(wagate.statuses())
        .extracting(RequestStatus::state)
        .containsOnly(LifecycleState.ROUTED_TEMPLATE)
        .hasSize(3);
    assertThat(
            wagate
                .driver
                .<String, io.wagate.streams.state.PortfolioLedger>getKeyValueStore(
                    StoreNames.LIMIT_LEDGERS)
                .get(SALON)
                .used())
        .isEqualTo(3);
  }

  private Instant wallNow() {
    return wagate.wallClock();
  }
}
