package io.wagate.streams.topology;

import static io.wagate.streams.topology.WagateDriver.BUSINESS;
import static io.wagate.streams.topology.WagateDriver.CONTACT;
import static io.wagate.streams.topology.WagateDriver.at;
import static io.wagate.streams.topology.WagateDriver.hours;
import static io.wagate.streams.topology.WagateDriver.minutes;
import static io.wagate.streams.topology.WagateDriver.text;
import static org.assertj.core.api.Assertions.assertThat;

import io.wagate.schemas.events.Category;
import io.wagate.schemas.events.InboundMessage;
import io.wagate.schemas.events.LifecycleState;
import io.wagate.schemas.events.OptInState;
import io.wagate.schemas.events.Provider;
import io.wagate.schemas.events.RequestStatus;
import io.wagate.schemas.events.Session;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** One person, one contact: number changes, business-scoped user ids, and marketing sign-ups. */
class IdentityTest {

  private static final String NEW_NUMBER = "+31687654321";
  private static final String USER_ID = "US.13491208655302741918";

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

  private void message(
      String contact, String type, String text, String userId, String newContact, Instant at) {
    wagate.inbound.pipeInput(
        BUSINESS + "|" + contact,
        new InboundMessage(
            Provider.META,
            "wamid." + type + at.toEpochMilli(),
            BUSINESS,
            contact,
            "Anna",
            type,
            text,
            null,
            at,
            userId,
            newContact),
        at);
  }

  @Test
  void shouldCarryAnOptOutToTheNewNumberAndCloseTheOldOne() {
    // Given a contact who wrote in and then said STOP
    message(CONTACT, "text", "Hello", null, null, at(minutes(0)));
    message(CONTACT, "text", "STOP", null, null, at(minutes(1)));
    wagate.sessions.readValuesToList();
    // When WhatsApp reports that they changed number
    message(CONTACT, "system", "user_changed_number", null, NEW_NUMBER, at(minutes(2)));
    // Then the old conversation is closed and says where they went
    List<Session> sessions = wagate.sessions.readValuesToList();
    Session old =
        sessions.stream()
            .filter(s -> s.contact().equals(CONTACT))
            .reduce((a, b) -> b)
            .orElseThrow();
    assertThat(old.windowOpen()).isFalse();
    assertThat(old.reachable()).isFalse();
    assertThat(old.movedTo()).isEqualTo(NEW_NUMBER);
    Session moved =
        sessions.stream()
            .filter(s -> s.contact().equals(NEW_NUMBER))
            .reduce((a, b) -> b)
            .orElseThrow();
    assertThat(moved.optIn()).isEqualTo(OptInState.OPTED_OUT);
    assertThat(moved.movedFrom()).isEqualTo(CONTACT);
    // and a template to the new number respects the STOP
    wagate.sendTemplate("r-1", BUSINESS, NEW_NUMBER, Category.UTILITY, at(minutes(3)));
    assertThat(outcomes("r-1")).extracting(RequestStatus::reason).containsExactly("OPTED_OUT");
  }

  @Test
  void shouldNotOpenTheWindowOnASystemNotice() {
    // When only a system notice arrives
    message(CONTACT, "system", "customer_identity_changed", null, null, at(minutes(0)));
    wagate.send(text("r-1", "Hi"), at(minutes(1)));
    // Then
    assertThat(outcomes("r-1")).extracting(RequestStatus::reason).containsExactly("OUTSIDE_WINDOW");
  }

  @Test
  void shouldKeepOneConversationWhenTheContactSwitchesToAUsername() {
    // Given a message that carried both the phone number and the user id
    message(CONTACT, "text", "Hello", USER_ID, null, at(minutes(0)));
    wagate.userWrites("STOP PROMOTIONS", at(minutes(1)));
    // When, a day later, a message comes under the user id alone
    message(USER_ID, "text", "Hi again", null, null, at(hours(30)));
    // Then it opened the phone conversation's window, and its consent holds
    wagate.send(text("r-1", "Welcome back"), at(hours(30).plusMinutes(1)));
    assertThat(outcomes("r-1"))
        .extracting(RequestStatus::state)
        .containsExactly(LifecycleState.ROUTED_FREEFORM);
    wagate.sendTemplate("r-2", BUSINESS, USER_ID, Category.MARKETING, at(hours(30).plusMinutes(2)));
    assertThat(outcomes("r-2")).extracting(RequestStatus::reason).containsExactly("OPTED_OUT");
  }

  @Test
  void shouldOptBackInToMarketingOnASignup() {
    // Given a contact who stopped marketing through Meta's preferences, and opted in otherwise
    wagate.optedIn(BUSINESS, CONTACT, at(minutes(0)));
    wagate.preference("stop", at(minutes(1)));
    wagate.sendTemplate("r-1", BUSINESS, CONTACT, Category.MARKETING, at(minutes(2)));
    // When they sign up for marketing again
    wagate.preference("signup", at(minutes(3)));
    wagate.sendTemplate("r-2", BUSINESS, CONTACT, Category.MARKETING, at(minutes(4)));
    // Then
    assertThat(outcomes("r-1")).extracting(RequestStatus::reason).containsExactly("OPTED_OUT");
    assertThat(outcomes("r-2"))
        .extracting(RequestStatus::state)
        .containsExactly(LifecycleState.ROUTED_TEMPLATE);
  }
}
