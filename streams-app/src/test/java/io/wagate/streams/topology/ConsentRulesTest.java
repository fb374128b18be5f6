package io.wagate.streams.topology;

import static io.wagate.streams.topology.WagateDriver.at;
import static io.wagate.streams.topology.WagateDriver.hours;
import static io.wagate.streams.topology.WagateDriver.minutes;
import static io.wagate.streams.topology.WagateDriver.template;
import static io.wagate.streams.topology.WagateDriver.text;
import static org.assertj.core.api.Assertions.assertThat;

import io.wagate.schemas.events.Category;
import io.wagate.schemas.events.ConsentStatus;
import io.wagate.schemas.events.LifecycleState;
import io.wagate.schemas.events.Note;
import io.wagate.schemas.events.OptInState;
import io.wagate.schemas.events.OutboundMessage;
import io.wagate.schemas.events.Purpose;
import io.wagate.schemas.events.RequestStatus;
import io.wagate.schemas.events.Session;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** DOMAIN.md §2: consent, opt-in requests, opt-out and keywords. */
class ConsentRulesTest {

  private final WagateDriver wagate = new WagateDriver();

  @AfterEach
  void close() {
    wagate.close();
  }

  private void withOptInTemplate() {
    wagate.configureNumber(true, true, null);
  }

  @Test
  void shouldRouteTemplateWithConsentFromCrm() {
    // Given
    wagate.consents(ConsentStatus.OPTED_IN, null, at(minutes(0)));
    // When
    wagate.send(template("r-1", Category.UTILITY, "Anna", "Tue 10:00"), at(minutes(1)));
    // Then
    assertThat(wagate.status.readValue().state()).isEqualTo(LifecycleState.ROUTED_TEMPLATE);
    OutboundMessage sent = wagate.template.readValue();
    assertThat(sent.requestId()).isEqualTo("r-1");
    assertThat(sent.purpose()).isEqualTo(Purpose.REQUESTED);
    assertThat(wagate.sessions.readValue().optIn()).isEqualTo(OptInState.OPTED_IN);
  }

  @Test
  void shouldAllowTemplateInsideWindowOpenedByUserWithoutSeparateOptIn() {
    // Given
    wagate.userWrites("Hi, when is my appointment?", at(minutes(0)));
    // When
    wagate.send(template("r-1", Category.UTILITY, "Anna", "Tue 10:00"), at(minutes(1)));
    // Then
    assertThat(wagate.status.readValue().state()).isEqualTo(LifecycleState.ROUTED_TEMPLATE);
  }

  @Test
  void shouldHonourConsentPerCategory() {
    // Given consent for utility messages only
    wagate.consents(ConsentStatus.OPTED_IN, List.of(Category.UTILITY), at(minutes(0)));
    // When
    wagate.send(template("r-1", Category.UTILITY, "Anna", "10:00"), at(minutes(1)));
    wagate.send(template("r-2", Category.MARKETING, "Anna", "10:00"), at(minutes(2)));
    // Then marketing needs its own consent (no opt-in template configured)
    assertThat(wagate.statuses())
        .extracting(RequestStatus::reason)
        .containsExactly(null, "NO_OPT_IN");
  }

  @Test
  void shouldRejectTemplateWithoutConsentWhenNoOptInTemplateConfigured() {
    // Given no consent and no opt-in template
    // When
    wagate.send(template("r-1", Category.UTILITY, "Anna", "10:00"), at(minutes(1)));
    // Then
    RequestStatus status = wagate.status.readValue();
    assertThat(status.reason()).isEqualTo("NO_OPT_IN");
    assertThat(status.code()).isEqualTo("WAGATE-NO-OPT-IN");
    assertThat(wagate.notes.readValue().code()).isEqualTo("WAGATE-NO-OPT-IN");
  }

  @Test
  void shouldSendOptInRequestAndParkTemplateWithoutConsent() {
    // Given
    withOptInTemplate();
    // When
    wagate.send(template("r-1", Category.UTILITY, "Anna", "10:00"), at(minutes(1)));
    // Then
    assertThat(wagate.status.readValue().state()).isEqualTo(LifecycleState.AWAITING_OPT_IN);
    OutboundMessage optIn = wagate.template.readValue();
    assertThat(optIn.purpose()).isEqualTo(Purpose.OPT_IN_REQUEST);
    assertThat(optIn.template().name()).isEqualTo("optin_request");
    assertThat(optIn.to()).isEqualTo(WagateDriver.CONTACT);
    assertThat(wagate.template.isEmpty()).isTrue();
    assertThat(wagate.sessions.readValue().optIn()).isEqualTo(OptInState.REQUESTED);
  }

  @Test
  void shouldSendAtMostOneOptInRequestPerContactPer24Hours() {
    // Given
    withOptInTemplate();
    wagate.send(template("r-1", Category.UTILITY, "Anna", "10:00"), at(minutes(1)));
    // When
    wagate.send(template("r-2", Category.UTILITY, "Anna", "11:00"), at(hours(2)));
    wagate.send(template("r-3", Category.UTILITY, "Anna", "12:00"), at(hours(25)));
    // Then
    assertThat(wagate.statuses())
        .extracting(RequestStatus::state)
        .containsOnly(LifecycleState.AWAITING_OPT_IN)
        .hasSize(3);
    assertThat(wagate.template.readValuesToList())
        .extracting(OutboundMessage::replyTo)
        .containsExactly("r-1", "r-3");
  }

  @Test
  void shouldReleaseEveryParkedRequestInOrderOnYes() {
    // Given
    withOptInTemplate();
    wagate.send(template("r-1", Category.UTILITY, "Anna", "10:00"), at(minutes(1)));
    wagate.send(template("r-2", Category.MARKETING, "Anna", "11:00"), at(minutes(2)));
    wagate.template.readValuesToList();
    wagate.statuses();
    // When
    wagate.userWrites("Yes!", at(minutes(3)));
    // Then
    assertThat(wagate.statuses())
        .extracting(RequestStatus::requestId, RequestStatus::state)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("r-1", LifecycleState.ROUTED_TEMPLATE),
            org.assertj.core.groups.Tuple.tuple("r-2", LifecycleState.ROUTED_TEMPLATE));
    assertThat(wagate.template.readValuesToList())
        .extracting(OutboundMessage::requestId)
        .containsExactly("r-1", "r-2");
    assertThat(wagate.freeform.readValue().purpose()).isEqualTo(Purpose.AUTO_REPLY);
  }

  @Test
  void shouldRejectParkedRequestsAndNeverAskAgainAfterDecline() {
    // Given
    withOptInTemplate();
    wagate.send(template("r-1", Category.UTILITY, "Anna", "10:00"), at(minutes(1)));
    wagate.template.readValuesToList();
    // When
    wagate.userWrites("no", at(minutes(5)));
    wagate.send(template("r-2", Category.UTILITY, "Anna", "10:00"), at(hours(30)));
    // Then
    assertThat(wagate.statuses())
        .extracting(RequestStatus::requestId, RequestStatus::state, RequestStatus::reason)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "r-1", LifecycleState.AWAITING_OPT_IN, "NO_CONSENT"),
            org.assertj.core.groups.Tuple.tuple("r-1", LifecycleState.REJECTED, "OPT_IN_DECLINED"),
            org.assertj.core.groups.Tuple.tuple("r-2", LifecycleState.REJECTED, "OPT_IN_DECLINED"));
    assertThat(wagate.template.isEmpty()).isTrue();
    OutboundMessage reply = wagate.freeform.readValue();
    assertThat(reply.text().body()).contains("YES");
  }

  @Test
  void shouldRejectTemplateToDeclinedContactEvenInsideOpenWindow() {
    // Given
    withOptInTemplate();
    wagate.send(template("r-1", Category.UTILITY, "Anna", "10:00"), at(minutes(1)));
    wagate.userWrites("NO", at(minutes(5)));
    wagate.statuses();
    // When the contact writes again, opening the window
    wagate.userWrites("what time was it again?", at(minutes(6)));
    wagate.send(template("r-2", Category.UTILITY, "Anna", "10:00"), at(minutes(7)));
    wagate.send(text("r-3", "It is at 10:00"), at(minutes(8)));
    // Then
    assertThat(wagate.statuses())
        .extracting(RequestStatus::reason)
        .containsExactly("OPT_IN_DECLINED", null);
  }

  @Test
  void shouldOptInAgainWhenDeclinedContactSaysYes() {
    // Given
    withOptInTemplate();
    wagate.send(template("r-1", Category.UTILITY, "Anna", "10:00"), at(minutes(1)));
    wagate.userWrites("No.", at(minutes(5)));
    wagate.statuses();
    // When
    wagate.userWrites("YES", at(hours(2)));
    wagate.send(template("r-2", Category.UTILITY, "Anna", "10:00"), at(hours(30)));
    // Then
    assertThat(wagate.statuses())
        .extracting(RequestStatus::state)
        .containsExactly(LifecycleState.ROUTED_TEMPLATE);
  }

  @Test
  void shouldNotTreatNoAsDeclineWithoutPendingOptInRequest() {
    // Given
    wagate.userWrites("no", at(minutes(0)));
    // When
    wagate.send(template("r-1", Category.UTILITY, "Anna", "10:00"), at(minutes(1)));
    // Then the window is open and nothing was declined
    assertThat(wagate.status.readValue().state()).isEqualTo(LifecycleState.ROUTED_TEMPLATE);
  }

  @Test
  void shouldExpireParkedRequestsWithNote() {
    // Given
    withOptInTemplate();
    wagate.send(template("r-1", Category.UTILITY, "Anna", "10:00"), at(minutes(1)));
    wagate.statuses();
    // When the wall clock passes the parked time-to-live (72 hours by default)
    wagate.advanceWallClock(hours(73));
    // Then
    RequestStatus expired = wagate.status.readValue();
    assertThat(expired.state()).isEqualTo(LifecycleState.EXPIRED);
    Note note = wagate.notes.readValue();
    assertThat(note.requestId()).isEqualTo("r-1");
    assertThat(note.text()).contains("Anna Jansen");
    // and a YES afterwards releases nothing
    wagate.userWrites("YES", at(hours(74)));
    assertThat(wagate.status.isEmpty()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"STOP", "stop", " Stop! ", "unsubscribe.", "OptOut", "END"})
  void shouldOptOutOnStopKeywordAndConfirm(String word) {
    // Given
    wagate.consents(ConsentStatus.OPTED_IN, null, at(minutes(0)));
    // When
    wagate.userWrites(word, at(minutes(1)));
    wagate.send(template("r-1", Category.UTILITY, "Anna", "10:00"), at(minutes(2)));
    wagate.send(text("r-2", "but why?"), at(minutes(3)));
    // Then
    assertThat(wagate.statuses())
        .extracting(RequestStatus::reason)
        .containsExactly("OPTED_OUT", "OPTED_OUT");
    OutboundMessage confirmation = wagate.freeform.readValue();
    assertThat(confirmation.purpose()).isEqualTo(Purpose.AUTO_REPLY);
    assertThat(confirmation.text().body()).containsAnyOf("START", "YES");
    List<Session> sessions = wagate.sessions.readValuesToList();
    assertThat(sessions.get(sessions.size() - 1).optIn()).isEqualTo(OptInState.OPTED_OUT);
  }

  @ParameterizedTest
  @ValueSource(strings = {"please stop calling me", "STOP it now or else", "don't stop"})
  void shouldNotOptOutWhenStopIsOnlyPartOfSentence(String sentence) {
    // Given
    wagate.consents(ConsentStatus.OPTED_IN, null, at(minutes(0)));
    // When
    wagate.userWrites(sentence, at(minutes(1)));
    wagate.send(template("r-1", Category.UTILITY, "Anna", "10:00"), at(minutes(2)));
    // Then
    assertThat(wagate.status.readValue().state()).isEqualTo(LifecycleState.ROUTED_TEMPLATE);
    assertThat(wagate.freeform.isEmpty()).isTrue();
  }

  @Test
  void shouldOptOutViaQuickReplyButtonPayload() {
    // Given
    wagate.consents(ConsentStatus.OPTED_IN, null, at(minutes(0)));
    // When
    wagate.userWrites("Unsubscribe me", "STOP", at(minutes(1)));
    wagate.send(template("r-1", Category.UTILITY, "Anna", "10:00"), at(minutes(2)));
    // Then
    assertThat(wagate.status.readValue().reason()).isEqualTo("OPTED_OUT");
  }

  @Test
  void shouldOptOutOfMarketingOnlyOnStopPromotions() {
    // Given
    wagate.consents(ConsentStatus.OPTED_IN, null, at(minutes(0)));
    // When
    wagate.userWrites("Stop promotions", at(minutes(1)));
    wagate.send(template("r-1", Category.MARKETING, "Anna", "20% off"), at(hours(30)));
    wagate.send(template("r-2", Category.UTILITY, "Anna", "10:00"), at(hours(31)));
    // Then
    assertThat(wagate.statuses())
        .extracting(RequestStatus::state)
        .containsExactly(LifecycleState.REJECTED, LifecycleState.ROUTED_TEMPLATE);
  }

  @Test
  void shouldOptOutOfMarketingOnlyOnMetaUserPreferencesStopAndResume() {
    // Given
    wagate.consents(ConsentStatus.OPTED_IN, null, at(minutes(0)));
    // When
    wagate.preference("stop", at(minutes(1)));
    wagate.send(template("r-1", Category.MARKETING, "Anna", "20% off"), at(minutes(2)));
    wagate.send(template("r-2", Category.UTILITY, "Anna", "10:00"), at(minutes(3)));
    wagate.preference("resume", at(minutes(4)));
    wagate.send(template("r-3", Category.MARKETING, "Anna", "20% off"), at(minutes(5)));
    // Then
    assertThat(wagate.statuses())
        .extracting(RequestStatus::reason)
        .containsExactly("OPTED_OUT", null, null);
  }

  @Test
  void shouldHonourCrmOptOutImmediately() {
    // Given
    wagate.userWrites("hi", at(minutes(0)));
    // When
    wagate.consents(ConsentStatus.OPTED_OUT, null, at(minutes(1)));
    wagate.send(text("r-1", "hello"), at(minutes(2)));
    // Then
    assertThat(wagate.status.readValue().reason()).isEqualTo("OPTED_OUT");
  }

  @Test
  void shouldIgnoreDuplicateInboundDelivery() {
    // Given
    wagate.consents(ConsentStatus.OPTED_IN, null, at(minutes(0)));
    var stop =
        new io.wagate.schemas.events.InboundMessage(
            io.wagate.schemas.events.Provider.META,
            "wamid.same",
            WagateDriver.BUSINESS,
            WagateDriver.CONTACT,
            null,
            "text",
            "STOP",
            null,
            at(minutes(1)),
            null,
            null);
    // When Meta delivers the same message twice
    wagate.inboundMessage(stop);
    wagate.inboundMessage(stop);
    // Then one confirmation
    assertThat(wagate.freeform.readValuesToList()).hasSize(1);
  }

  @Test
  void shouldKeepConsentAttestation() {
    // Given
    withOptInTemplate();
    wagate.send(template("r-1", Category.UTILITY, "Anna", "10:00"), at(minutes(1)));
    // When
    wagate.userWrites("YES", at(minutes(2)));
    // Then
    var store =
        wagate.driver.<String, io.wagate.streams.state.Conversation>getKeyValueStore(
            StoreNames.CONVERSATIONS);
    var conversation = store.get(WagateDriver.KEY);
    var inForce = conversation.consent().inForce();
    assertThat(inForce.source()).isEqualTo("whatsapp-keyword");
    assertThat(inForce.expressedAt()).isEqualTo(at(minutes(2)));
    assertThat(inForce.messageId()).startsWith("wamid.");
  }

  @Test
  void shouldNotLetAStaleCrmOptInUndoALaterStop() {
    // Given the contact opted in on the booking form, then replied STOP on WhatsApp
    wagate.consents(ConsentStatus.OPTED_IN, null, at(minutes(0)));
    wagate.userWrites("STOP", at(hours(72)));
    wagate.statuses();
    // When the CRM's nightly sync replays the three-day-old opt-in
    wagate.consents(ConsentStatus.OPTED_IN, null, at(minutes(0)));
    wagate.send(template("r-1", Category.UTILITY, "Anna", "10:00"), at(hours(73)));
    // Then the STOP stands
    assertThat(wagate.status.readValue().reason()).isEqualTo("OPTED_OUT");
    assertThat(wagate.template.isEmpty()).isTrue();
    // and the replay is in the trail, marked as changing nothing
    var conversation =
        wagate
            .driver
            .<String, io.wagate.streams.state.Conversation>getKeyValueStore(
                StoreNames.CONVERSATIONS)
            .get(WagateDriver.KEY);
    assertThat(conversation.consent().trail())
        .extracting(entry -> entry.source(), entry -> entry.effective())
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("booking-form", true),
            org.assertj.core.groups.Tuple.tuple("whatsapp-keyword", true),
            org.assertj.core.groups.Tuple.tuple("booking-form", false));
  }

  @Test
  void shouldLetAnOptInExpressedAfterTheStopUndoIt() {
    // Given
    wagate.userWrites("STOP", at(minutes(0)));
    // When the contact ticks the box afterwards
    wagate.consents(ConsentStatus.OPTED_IN, null, at(hours(2)));
    wagate.send(template("r-1", Category.UTILITY, "Anna", "10:00"), at(hours(3)));
    // Then
    assertThat(wagate.statuses())
        .extracting(RequestStatus::state)
        .containsExactly(LifecycleState.ROUTED_TEMPLATE);
  }

  @Test
  void shouldEndAPendingOptInRequestWhenItsParkedRequestsExpire() {
    // Given an opt-in request whose parked template expired unanswered
    withOptInTemplate();
    wagate.send(template("r-1", Category.UTILITY, "Anna", "10:00"), at(minutes(1)));
    wagate.advanceWallClock(hours(73));
    wagate.statuses();
    wagate.sessions.readValuesToList();
    wagate.freeform.readValuesToList();
    // When the contact answers "No" to something else, months later
    wagate.userWrites("No", at(hours(24 * 90)));
    // Then it is not a decline: no confirmation, no DECLINED state
    assertThat(wagate.freeform.isEmpty()).isTrue();
    assertThat(wagate.sessions.readValue().optIn()).isEqualTo(OptInState.UNKNOWN);
    wagate.send(template("r-2", Category.UTILITY, "Anna", "10:00"), at(hours(24 * 90 + 1)));
    assertThat(wagate.status.readValue().state()).isEqualTo(LifecycleState.ROUTED_TEMPLATE);
  }
}
