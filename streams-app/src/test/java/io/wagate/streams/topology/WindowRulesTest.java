package io.wagate.streams.topology;

import static io.wagate.streams.topology.WagateDriver.KEY;
import static io.wagate.streams.topology.WagateDriver.at;
import static io.wagate.streams.topology.WagateDriver.hours;
import static io.wagate.streams.topology.WagateDriver.minutes;
import static io.wagate.streams.topology.WagateDriver.text;
import static org.assertj.core.api.Assertions.assertThat;

import io.wagate.schemas.events.LifecycleState;
import io.wagate.schemas.events.RequestStatus;
import io.wagate.schemas.events.Session;
import java.util.List;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** DOMAIN.md §1: the 24-hour customer-service window. */
class WindowRulesTest {

  private final WagateDriver wagate = new WagateDriver();

  @AfterEach
  void close() {
    wagate.close();
  }

  @Test
  void shouldRejectFreeformOutsideWindow() {
    // Given no message from the contact
    // When
    wagate.send(text("r-1", "See you tomorrow!"), at(minutes(1)));
    // Then
    RequestStatus status = wagate.status.readValue();
    assertThat(status.state()).isEqualTo(LifecycleState.REJECTED);
    assertThat(status.reason()).isEqualTo("OUTSIDE_WINDOW");
    assertThat(status.code()).isEqualTo("63016");
    assertThat(wagate.freeform.isEmpty()).isTrue();
    assertThat(wagate.notes.readValue().text()).contains("Anna Jansen");
  }

  @Test
  void shouldRouteFreeformInsideWindowOpenedByUserMessage() {
    // Given
    wagate.userWrites("Hi, can I move my appointment?", at(minutes(0)));
    // When
    wagate.send(text("r-1", "Sure, which day?"), at(minutes(10)));
    // Then
    assertThat(wagate.status.readValue().state()).isEqualTo(LifecycleState.ROUTED_FREEFORM);
    var sent = wagate.freeform.readKeyValue();
    assertThat(sent.key).isEqualTo(KEY);
    assertThat(sent.value.to()).isEqualTo(WagateDriver.CONTACT);
    assertThat(sent.value.attempt()).isEqualTo(1);
    assertThat(sent.value.purpose()).isEqualTo(io.wagate.schemas.events.Purpose.REQUESTED);
  }

  @Test
  void shouldMeasureWindowFromProviderTimestampNotArrival() {
    // Given a message written 23h50m before the request, delivered late
    wagate.userWrites("Hello", at(minutes(0)));
    // When the request comes 23h58m after the provider's timestamp
    wagate.send(text("r-1", "Hi!"), at(hours(23).plus(minutes(58))));
    // Then the window (closed 5 minutes early for safety) is closed
    assertThat(wagate.status.readValue().reason()).isEqualTo("OUTSIDE_WINDOW");
  }

  @Test
  void shouldCloseWindowSafetyMarginEarly() {
    // Given
    wagate.userWrites("Hello", at(minutes(0)));
    // When one request just inside the margin and one just before it
    wagate.send(text("r-1", "early"), at(hours(24).minus(minutes(6))));
    wagate.send(text("r-2", "too late"), at(hours(24).minus(minutes(4))));
    // Then
    List<RequestStatus> statuses = wagate.statuses();
    assertThat(statuses)
        .extracting(RequestStatus::state)
        .containsExactly(LifecycleState.ROUTED_FREEFORM, LifecycleState.REJECTED);
  }

  @Test
  void shouldRestartWindowOnEveryUserMessage() {
    // Given
    wagate.userWrites("Hello", at(minutes(0)));
    wagate.userWrites("Still there?", at(hours(20)));
    // When
    wagate.send(text("r-1", "Yes!"), at(hours(30)));
    // Then
    assertThat(wagate.status.readValue().state()).isEqualTo(LifecycleState.ROUTED_FREEFORM);
  }

  @Test
  void shouldNotMoveWindowBackForOutOfOrderMessage() {
    // Given
    wagate.userWrites("later message", at(hours(20)));
    wagate.userWrites("earlier message, delivered late", at(hours(1)));
    // When
    wagate.send(text("r-1", "reply"), at(hours(30)));
    // Then
    assertThat(wagate.status.readValue().state()).isEqualTo(LifecycleState.ROUTED_FREEFORM);
  }

  @Test
  void shouldNotOpenWindowWithBusinessMessages() {
    // Given consent, so a template is routed
    wagate.consents(WagateDriver.optedIn(), null, at(minutes(0)));
    wagate.send(
        WagateDriver.template("r-1", io.wagate.schemas.events.Category.UTILITY, "Anna", "10:00"),
        at(minutes(1)));
    // When free text follows the template
    wagate.send(text("r-2", "and one more thing"), at(minutes(2)));
    // Then
    assertThat(wagate.statuses())
        .extracting(RequestStatus::state)
        .containsExactly(LifecycleState.ROUTED_TEMPLATE, LifecycleState.REJECTED);
  }

  @Test
  void shouldRejectSecondRequestWhenWindowExpiresBetweenTwoRequests() {
    // Given
    wagate.userWrites("Hello", at(minutes(0)));
    // When
    wagate.send(text("r-1", "first"), at(hours(23)));
    wagate.send(text("r-2", "second"), at(hours(25)));
    // Then
    assertThat(wagate.statuses())
        .extracting(RequestStatus::reason)
        .containsExactly(null, "OUTSIDE_WINDOW");
  }

  @Test
  void shouldCloseWindowWhenProviderSaysItIsClosed() {
    // Given an open window and a routed text
    wagate.userWrites("Hello", at(minutes(0)));
    wagate.send(text("r-1", "first"), at(hours(1)));
    // When the provider fails it with 63016
    wagate.providerSays("r-1", "failed", "63016", at(hours(1).plus(minutes(1))));
    wagate.send(text("r-2", "second"), at(hours(2)));
    // Then
    List<RequestStatus> statuses = wagate.statuses();
    assertThat(statuses)
        .extracting(RequestStatus::state)
        .containsExactly(
            LifecycleState.ROUTED_FREEFORM, LifecycleState.FAILED, LifecycleState.REJECTED);
    assertThat(statuses.get(2).reason()).isEqualTo("OUTSIDE_WINDOW");
    assertThat(wagate.notes.readValue().text()).contains("Anna Jansen").contains("template");
  }

  @Test
  void shouldReopenWindowWhenUserWritesAfterProviderClosedIt() {
    // Given
    wagate.userWrites("Hello", at(minutes(0)));
    wagate.send(text("r-1", "first"), at(hours(1)));
    wagate.providerSays("r-1", "failed", "131047", at(hours(1).plus(minutes(1))));
    // When
    wagate.userWrites("Are you there?", at(hours(2)));
    wagate.send(text("r-2", "yes"), at(hours(2).plus(minutes(1))));
    // Then
    assertThat(wagate.statuses())
        .last()
        .extracting(RequestStatus::state)
        .isEqualTo(LifecycleState.ROUTED_FREEFORM);
  }

  @Test
  void shouldAnnounceExpiredWindowOnWallClockWithoutNewTraffic() {
    // Given
    wagate.userWrites("Hello", at(minutes(0)));
    Session opened = wagate.sessions.readValue();
    assertThat(opened.windowOpen()).isTrue();
    assertThat(opened.windowExpiresAt()).isEqualTo(at(hours(24).minus(minutes(5))));
    // When only the wall clock moves
    wagate.advanceWallClock(hours(24));
    // Then the window closes, and the conversation, holding nothing else, is forgotten
    List<Session> sessions = wagate.sessions.readValuesToList();
    assertThat(sessions).hasSize(2);
    assertThat(sessions.get(0).windowOpen()).isFalse();
    assertThat(sessions.get(1)).isNull();
  }

  @Test
  void shouldNotAnnounceExpiryWhenWindowWasExtended() {
    // Given
    wagate.userWrites("Hello", at(minutes(0)));
    wagate.userWrites("Hello again", at(hours(12)));
    wagate.sessions.readValuesToList();
    // When the first expiry time passes
    wagate.advanceWallClock(hours(24));
    // Then nothing is announced yet
    assertThat(wagate.sessions.isEmpty()).isTrue();
    wagate.advanceWallClock(hours(12));
    assertThat(wagate.sessions.readValue().windowOpen()).isFalse();
  }

  @Test
  void shouldKeepOneWindowTimerPerConversationHoweverManyMessages() {
    // Given
    for (int hour = 0; hour < 5; hour++) {
      wagate.userWrites("Message " + hour, at(hours(hour)));
    }
    // When
    List<String> windowTimers = new java.util.ArrayList<>();
    KeyValueStore<String, String> timers = wagate.driver.getKeyValueStore(StoreNames.TIMERS);
    try (KeyValueIterator<String, String> all = timers.all()) {
      all.forEachRemaining(
          timer -> {
            if (timer.key.contains("|W|")) {
              windowTimers.add(timer.key);
            }
          });
    }
    // Then one timer, at the first message's expiry; it sets itself again when it fires
    assertThat(windowTimers).hasSize(1);
    assertThat(windowTimers.get(0))
        .startsWith(String.format("%019d", at(hours(24).minus(minutes(5))).toEpochMilli()));
  }

  @Test
  void shouldAnnounceExpiryOfLastMessageAfterSeveralExtensions() {
    // Given
    for (int hour = 0; hour < 5; hour++) {
      wagate.userWrites("Message " + hour, at(hours(hour * 10)));
    }
    wagate.sessions.readValuesToList();
    // When the wall clock passes every earlier expiry but not the last one
    wagate.advanceWallClock(hours(24));
    wagate.advanceWallClock(hours(20));
    wagate.advanceWallClock(hours(19));
    // Then
    assertThat(wagate.sessions.isEmpty()).isTrue();
    // When it passes the last message's expiry (40 h + 24 h - 5 min)
    wagate.advanceWallClock(hours(1));
    // Then
    assertThat(wagate.sessions.readValue().windowOpen()).isFalse();
  }

  @Test
  void shouldAcceptReplyFromCrmWhoseClockRunsBehindWhatsApp() {
    // Given the provider stamped the message 09:30:02
    wagate.userWrites("Can I come at 10?", at(minutes(30).plusSeconds(2)));
    // When the CRM's reply carries 09:30:00 from its own, slower clock
    wagate.send(text("r-1", "Sure!"), at(minutes(30)));
    // Then
    assertThat(wagate.status.readValue().state()).isEqualTo(LifecycleState.ROUTED_FREEFORM);
  }

  @Test
  void shouldDecideABackloggedRequestAtTheTimeItIsProcessed() {
    // Given a contact who opted in and wrote at 09:00
    wagate.consents(io.wagate.schemas.events.ConsentStatus.OPTED_IN, null, at(minutes(0)));
    wagate.userWrites("Hello", at(minutes(0)));
    wagate.statuses();
    // When a reply written inside the window (at 08:00 the next day) is only processed after the
    // window closed, because the app was down
    wagate.advanceWallClock(hours(25));
    wagate.send(text("r-1", "Sorry for the late answer"), at(hours(23)));
    // Then WhatsApp would refuse it now, so wagate does
    assertThat(wagate.status.readValue().reason()).isEqualTo("OUTSIDE_WINDOW");
    assertThat(wagate.freeform.isEmpty()).isTrue();
  }
}
