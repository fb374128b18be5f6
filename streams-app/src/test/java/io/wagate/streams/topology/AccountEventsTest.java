package io.wagate.streams.topology;

import static io.wagate.streams.topology.WagateDriver.at;
import static io.wagate.streams.topology.WagateDriver.hours;
import static io.wagate.streams.topology.WagateDriver.minutes;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wagate.schemas.Json;
import io.wagate.schemas.events.Category;
import io.wagate.schemas.events.LifecycleState;
import io.wagate.schemas.events.Note;
import io.wagate.schemas.events.RequestStatus;
import io.wagate.schemas.events.TemplateState;
import io.wagate.schemas.events.TemplateStatus;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * DOMAIN.md §5: what Meta says about a number, its account and its templates changes what wagate
 * sends, through {@code wa.account-events}.
 */
class AccountEventsTest {

  private static final String SALON = WagateDriver.BUSINESS;
  private static final String WABA = "102290129340398";
  private static final String ANNA = WagateDriver.CONTACT;

  private final WagateDriver wagate = new WagateDriver();
  private final List<RequestStatus> statuses = new ArrayList<>();

  @AfterEach
  void close() {
    wagate.close();
  }

  private List<RequestStatus> outcomes(String requestId) {
    statuses.addAll(wagate.statuses());
    return statuses.stream().filter(s -> s.requestId().equals(requestId)).toList();
  }

  @Test
  void shouldHoldMarketingOfAFlaggedNumberAndReleaseItWhenTheFlagIsLifted() {
    // Given a contact who opted in, and Meta flagging the number
    wagate.configureNumber(SALON, false, null, WABA);
    wagate.optedIn(SALON, ANNA, at(minutes(0)));
    wagate.accountEvent(
        "phone_number_quality_update",
        SALON,
        WABA,
        "FLAGGED",
        null,
        null,
        null,
        null,
        null,
        at(minutes(1)));
    // When a marketing and a utility template follow
    wagate.sendTemplate("m-1", SALON, ANNA, Category.MARKETING, at(minutes(2)));
    wagate.sendTemplate("u-1", SALON, ANNA, Category.UTILITY, at(minutes(3)));
    // Then marketing waits, utility goes
    assertThat(outcomes("m-1"))
        .extracting(RequestStatus::state, RequestStatus::reason)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(LifecycleState.HELD, "NUMBER_FLAGGED"));
    assertThat(outcomes("u-1"))
        .extracting(RequestStatus::state)
        .containsExactly(LifecycleState.ROUTED_TEMPLATE);
    // When Meta lifts the flag
    wagate.accountEvent(
        "phone_number_quality_update",
        SALON,
        WABA,
        "UNFLAGGED",
        null,
        null,
        null,
        null,
        null,
        at(minutes(10)));
    wagate.advanceWallClock(minutes(11));
    // Then the marketing template goes
    assertThat(outcomes("m-1"))
        .extracting(RequestStatus::state)
        .containsExactly(LifecycleState.HELD, LifecycleState.ROUTED_TEMPLATE);
  }

  @Test
  void shouldRejectSendsOfABannedAccountsNumbersWithANote() {
    // Given the number's account, and Meta banning it
    wagate.configureNumber(SALON, false, null, WABA);
    wagate.optedIn(SALON, ANNA, at(minutes(0)));
    ObjectNode ban = Json.MAPPER.createObjectNode();
    ban.put("event", "DISABLED_UPDATE").putObject("ban_info").put("waba_ban_state", "DISABLE");
    wagate.accountEvent(
        "account_update",
        null,
        WABA,
        "DISABLED_UPDATE",
        null,
        null,
        null,
        "DISABLE",
        ban,
        at(hours(1)));
    // When
    wagate.sendTemplate("r-1", SALON, ANNA, Category.UTILITY, at(hours(2)));
    // Then
    assertThat(outcomes("r-1"))
        .extracting(RequestStatus::reason, RequestStatus::code)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("NUMBER_DISABLED", "63020"));
    Note note = wagate.notes.readValue();
    assertThat(note.action()).isEqualTo("ENABLE_NUMBER");
    assertThat(note.text()).contains("switched off");
  }

  @Test
  void shouldRestrictTemplatesOutsideTheWindowUntilTheRestrictionEnds() {
    // Given
    wagate.configureNumber(SALON, false, null, WABA);
    wagate.optedIn(SALON, ANNA, at(minutes(0)));
    ObjectNode restriction = Json.MAPPER.createObjectNode();
    restriction
        .putArray("restriction_info")
        .addObject()
        .put("restriction_type", "RESTRICTED_BIZ_INITIATED_MESSAGING")
        .put("expiration", at(hours(3)).getEpochSecond());
    wagate.accountEvent(
        "account_update",
        null,
        WABA,
        "ACCOUNT_RESTRICTION",
        null,
        null,
        null,
        null,
        restriction,
        at(hours(1)));
    // When
    wagate.sendTemplate("r-1", SALON, ANNA, Category.UTILITY, at(hours(2)));
    wagate.sendTemplate("r-2", SALON, ANNA, Category.UTILITY, at(hours(4)));
    // Then
    assertThat(outcomes("r-1"))
        .extracting(RequestStatus::reason)
        .containsExactly("NUMBER_RESTRICTED");
    assertThat(outcomes("r-2"))
        .extracting(RequestStatus::state)
        .containsExactly(LifecycleState.ROUTED_TEMPLATE);
  }

  @Test
  void shouldReleaseHeldRequestsWhenMetaRaisesThePortfoliosLimit() {
    // Given a portfolio of 1 whose contact was reached, and one held
    wagate.configureNumber(SALON, false, null, WABA);
    wagate.limit(SALON, 1);
    wagate.optedIn(SALON, ANNA, at(minutes(0)));
    wagate.optedIn(SALON, "+31687654321", at(minutes(0)));
    wagate.sendTemplate("r-1", SALON, ANNA, Category.UTILITY, at(minutes(1)));
    wagate.sendTemplate("r-2", SALON, "+31687654321", Category.UTILITY, at(minutes(2)));
    assertThat(outcomes("r-2"))
        .extracting(RequestStatus::state)
        .containsExactly(LifecycleState.HELD);
    // When Meta announces a limit of 2,000 for the account
    wagate.accountEvent(
        "business_capability_update",
        null,
        WABA,
        null,
        2000,
        null,
        null,
        null,
        null,
        at(minutes(5)));
    wagate.advanceWallClock(minutes(6));
    // Then
    assertThat(outcomes("r-2"))
        .extracting(RequestStatus::state)
        .containsExactly(LifecycleState.HELD, LifecycleState.ROUTED_TEMPLATE);
  }

  @Test
  void shouldCheckATemplateMetaMovedToMarketingAgainstAMarketingOptOut() {
    // Given an operator's utility template, and a contact who stopped marketing only
    wagate.registerTemplate("reminder", Category.UTILITY, "APPROVED", 1, "Hi {{1}}");
    wagate.optedIn(SALON, ANNA, at(minutes(0)));
    wagate.preference("stop", at(minutes(1)));
    // When Meta re-categorises the template as marketing
    wagate.accountEvent(
        "template_category_update",
        SALON,
        WABA,
        null,
        null,
        "reminder",
        "MARKETING",
        null,
        null,
        at(hours(1)));
    wagate.sendTemplate("r-1", SALON, ANNA, Category.UTILITY, at(hours(2)));
    // Then it is a marketing template now
    assertThat(outcomes("r-1")).extracting(RequestStatus::reason).containsExactly("OPTED_OUT");
    TemplateState learned = wagate.templateStates.readValue();
    assertThat(learned.category()).isEqualTo(Category.MARKETING);
  }

  @Test
  void shouldFollowMetasLaterTemplateStatusButNotAnOlderOne() {
    // Given an approved registration, then Meta pausing the template
    wagate.registerTemplate("reminder", Category.UTILITY, "APPROVED", 1, "Hi {{1}}");
    wagate.optedIn(SALON, ANNA, at(minutes(0)));
    wagate.accountEvent(
        "message_template_status_update",
        SALON,
        WABA,
        "PAUSED",
        null,
        "reminder",
        null,
        "LOW_QUALITY",
        null,
        at(hours(1)));
    wagate.sendTemplate("r-1", SALON, ANNA, Category.UTILITY, at(hours(2)));
    // When Meta approves it again
    wagate.accountEvent(
        "message_template_status_update",
        SALON,
        WABA,
        "APPROVED",
        null,
        "reminder",
        null,
        null,
        null,
        at(hours(3)));
    wagate.sendTemplate("r-2", SALON, ANNA, Category.UTILITY, at(hours(4)));
    // Then
    assertThat(outcomes("r-1"))
        .extracting(RequestStatus::reason)
        .containsExactly("TEMPLATE_NOT_APPROVED");
    assertThat(outcomes("r-2"))
        .extracting(RequestStatus::state)
        .containsExactly(LifecycleState.ROUTED_TEMPLATE);
    List<TemplateState> learned = wagate.templateStates.readValuesToList();
    assertThat(learned).last().extracting(TemplateState::status).isEqualTo(TemplateStatus.APPROVED);
  }
}
