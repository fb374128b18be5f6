package io.wagate.streams.topology;

import static io.wagate.streams.topology.WagateDriver.at;
import static io.wagate.streams.topology.WagateDriver.minutes;
import static io.wagate.streams.topology.WagateDriver.template;
import static org.assertj.core.api.Assertions.assertThat;

import io.wagate.schemas.events.Category;
import io.wagate.schemas.events.ConsentStatus;
import io.wagate.schemas.events.ErrorAction;
import io.wagate.schemas.events.ErrorCatalogEntry;
import io.wagate.schemas.events.LifecycleState;
import io.wagate.schemas.events.Note;
import io.wagate.schemas.events.OutboundMessage;
import io.wagate.schemas.events.Purpose;
import io.wagate.schemas.events.RequestStatus;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** DOMAIN.md §4: delivery statuses, failure notes and the catalog's actions. */
class DeliveryStatusTest {

  private final WagateDriver wagate = new WagateDriver();

  @BeforeEach
  void routeOneTemplate() {
    wagate.consents(ConsentStatus.OPTED_IN, null, at(minutes(0)));
    wagate.send(template("r-1", Category.UTILITY, "Anna", "10:00"), at(minutes(1)));
    wagate.statuses();
    wagate.template.readValuesToList();
  }

  @AfterEach
  void close() {
    wagate.close();
  }

  @Test
  void shouldNeverMoveDeliveryStateBackwards() {
    // When statuses arrive out of order and twice
    wagate.providerSays("r-1", "delivered", null, at(minutes(3)));
    wagate.providerSays("r-1", "sent", null, at(minutes(2)));
    wagate.providerSays("r-1", "delivered", null, at(minutes(3)));
    wagate.providerSays("r-1", "read", null, at(minutes(4)));
    wagate.providerSays("r-1", "delivered", null, at(minutes(3)));
    // Then
    assertThat(wagate.statuses())
        .extracting(RequestStatus::state)
        .containsExactly(LifecycleState.DELIVERED, LifecycleState.READ);
  }

  @Test
  void shouldAcceptReadWithoutDelivered() {
    // When
    wagate.providerSays("r-1", "sent", null, at(minutes(2)));
    wagate.providerSays("r-1", "read", null, at(minutes(4)));
    // Then
    assertThat(wagate.statuses())
        .extracting(RequestStatus::state)
        .containsExactly(LifecycleState.SENT, LifecycleState.READ);
  }

  @Test
  void shouldWriteCatalogNoteNamingPersonForTwilioErrorWithEmptyMessage() {
    // When
    wagate.providerSays("r-1", "undelivered", "63024", at(minutes(2)));
    // Then
    RequestStatus status = wagate.status.readValue();
    assertThat(status.state()).isEqualTo(LifecycleState.FAILED);
    assertThat(status.code()).isEqualTo("63024");
    Note note = wagate.notes.readValue();
    assertThat(note.requestId()).isEqualTo("r-1");
    assertThat(note.personId()).isEqualTo("p-1");
    assertThat(note.code()).isEqualTo("63024");
    assertThat(note.text()).contains("Anna Jansen").contains("63024");
    assertThat(note.action()).isEqualTo(ErrorAction.MARK_UNREACHABLE.name());
  }

  @Test
  void shouldNoteFailureOnceWhenReportedTwice() {
    // When
    wagate.providerSays("r-1", "failed", "63005", at(minutes(2)));
    wagate.providerSays("r-1", "failed", "63005", at(minutes(2)));
    // Then
    assertThat(wagate.statuses()).hasSize(1);
    assertThat(wagate.notes.readValuesToList()).hasSize(1);
  }

  @Test
  void shouldNoteUnknownErrorCodeWithItsNumber() {
    // When
    wagate.providerSays("r-1", "failed", "99999", at(minutes(2)));
    // Then
    assertThat(wagate.notes.readValue().text()).contains("99999").contains("Anna Jansen");
  }

  @Test
  void shouldUseErrorCatalogOverrideAtRuntime() {
    // Given
    wagate.catalog.pipeInput(
        "63005",
        new ErrorCatalogEntry(
            "63005", "Content refused", "Call {name} instead.", ErrorAction.NONE, null));
    // When
    wagate.providerSays("r-1", "failed", "63005", at(minutes(2)));
    // Then
    assertThat(wagate.notes.readValue().text()).contains("Call Anna Jansen instead.");
  }

  @Test
  void shouldRetryWithOriginalContentAndNextAttemptAfterDelay() {
    // When 63010 fails the first send
    wagate.providerSays("r-1", "failed", "63010", at(minutes(2)));
    // Then a retry is scheduled, not yet sent
    assertThat(wagate.status.readValue().state()).isEqualTo(LifecycleState.RETRY_SCHEDULED);
    assertThat(wagate.notes.readValuesToList()).hasSize(1);
    assertThat(wagate.template.isEmpty()).isTrue();
    // When a minute passes on the wall clock
    wagate.advanceWallClock(Duration.ofMinutes(5));
    // Then the original goes again as attempt 2
    OutboundMessage retry = wagate.template.readValue();
    assertThat(retry.requestId()).isEqualTo("r-1");
    assertThat(retry.attempt()).isEqualTo(2);
    assertThat(retry.purpose()).isEqualTo(Purpose.RETRY);
    assertThat(retry.template().parameters()).containsExactly("Anna", "10:00");
  }

  @Test
  void shouldStopRetryingAfterBoundedAttemptsWithFinalNote() {
    // When every attempt fails with a retryable error
    for (int attempt = 1; attempt <= 4; attempt++) {
      wagate.providerSays("r-1", "SM-" + attempt, "failed", "131000", at(minutes(2 + attempt)));
      wagate.advanceWallClock(Duration.ofHours(1));
    }
    // Then three retries were sent, and the fourth failure is final
    assertThat(wagate.template.readValuesToList())
        .extracting(OutboundMessage::attempt)
        .containsExactly(2, 3, 4);
    List<RequestStatus> statuses = wagate.statuses();
    assertThat(statuses)
        .extracting(RequestStatus::state)
        .containsExactly(
            LifecycleState.RETRY_SCHEDULED,
            LifecycleState.RETRY_SCHEDULED,
            LifecycleState.RETRY_SCHEDULED,
            LifecycleState.FAILED);
    List<Note> notes = wagate.notes.readValuesToList();
    assertThat(notes).hasSize(4);
    assertThat(notes.get(3).text()).contains("4 times");
    assertThat(notes.get(3).action()).isEqualTo("RETRY_LATER");
  }

  @Test
  void shouldNotRetryWhenContactOptedOutMeanwhile() {
    // Given a retry is scheduled
    wagate.providerSays("r-1", "failed", "63010", at(minutes(2)));
    wagate.statuses();
    wagate.notes.readValuesToList();
    // When the contact opts out before it is due
    wagate.userWrites("STOP", at(minutes(2)));
    wagate.advanceWallClock(Duration.ofMinutes(5));
    // Then nothing is resent, and the request ends failed with a note
    assertThat(wagate.template.isEmpty()).isTrue();
    RequestStatus status = wagate.status.readValue();
    assertThat(status.state()).isEqualTo(LifecycleState.FAILED);
    assertThat(status.reason()).isEqualTo("OPTED_OUT");
    assertThat(wagate.notes.readValue().text()).contains("Anna Jansen");
  }

  @Test
  void shouldIgnoreFailureReportedAfterDelivery() {
    // When
    wagate.providerSays("r-1", "delivered", null, at(minutes(2)));
    wagate.providerSays("r-1", "failed", "63005", at(minutes(3)));
    // Then
    assertThat(wagate.statuses())
        .extracting(RequestStatus::state)
        .containsExactly(LifecycleState.DELIVERED);
  }

  @Test
  void shouldRecordMarketingOptOutOn131050() {
    // When
    wagate.providerSays("r-1", "failed", "131050", at(minutes(2)));
    wagate.send(template("r-2", Category.MARKETING, "Anna", "sale"), at(minutes(3)));
    wagate.send(template("r-3", Category.UTILITY, "Anna", "10:00"), at(minutes(4)));
    // Then
    assertThat(wagate.statuses())
        .extracting(RequestStatus::reason)
        .containsExactly("MARKETING_OPT_OUT", "OPTED_OUT", null);
  }

  @Test
  void shouldHoldMarketingFor24HoursOn131049() {
    // When
    wagate.providerSays("r-1", "failed", "131049", at(minutes(2)));
    wagate.send(template("r-2", Category.MARKETING, "Anna", "sale"), at(minutes(3)));
    wagate.send(template("r-3", Category.MARKETING, "Anna", "sale"), at(minutes(2 + 24 * 60)));
    // Then
    assertThat(wagate.statuses())
        .extracting(RequestStatus::state)
        .containsExactly(
            LifecycleState.FAILED, LifecycleState.REJECTED, LifecycleState.ROUTED_TEMPLATE);
  }

  @Test
  void shouldPauseBusinessNumberOn63018() {
    // When
    wagate.providerSays("r-1", "failed", "63018", at(minutes(2)));
    // Then wagate records the pause on wa.number-state, where every instance sees it
    var update = wagate.numberStates.readKeyValue();
    assertThat(update.key).isEqualTo(WagateDriver.BUSINESS);
    assertThat(update.value.pausedUntil()).isEqualTo(at(minutes(2)).plus(Duration.ofHours(24)));
    assertThat(update.value.pauseCode()).isEqualTo("63018");
    // and sends are rejected
    wagate.send(template("r-2", Category.UTILITY, "Anna", "10:00"), at(minutes(3)));
    assertThat(wagate.statuses())
        .last()
        .extracting(RequestStatus::reason)
        .isEqualTo("NUMBER_PAUSED");
  }

  @Test
  void shouldDisableBusinessNumberOn63020() {
    // When
    wagate.providerSays("r-1", "failed", "63020", at(minutes(2)));
    // Then
    var update = wagate.numberStates.readKeyValue();
    assertThat(update.value.disabledAt()).isEqualTo(at(minutes(2)));
    assertThat(update.value.disableCode()).isEqualTo("63020");
    wagate.send(template("r-2", Category.UTILITY, "Anna", "10:00"), at(minutes(3)));
    assertThat(wagate.statuses()).last().extracting(RequestStatus::code).isEqualTo("63020");
  }

  @Test
  void shouldClearUnreachableWhenContactWritesIn() {
    // Given
    wagate.providerSays("r-1", "failed", "131026", at(minutes(2)));
    assertThat(wagate.notes.readValue().text()).containsIgnoringCase("SMS");
    // When
    wagate.userWrites("hi, new phone", at(minutes(3)));
    wagate.send(template("r-2", Category.UTILITY, "Anna", "10:00"), at(minutes(4)));
    // Then
    assertThat(wagate.statuses())
        .last()
        .extracting(RequestStatus::state)
        .isEqualTo(LifecycleState.ROUTED_TEMPLATE);
  }

  @Test
  void shouldFillTheSeedNoteTablesPersonPlaceholders() {
    // Given the gym CRM's note text for 63005, as its note table writes it
    wagate.catalog.pipeInput(
        "63005",
        new ErrorCatalogEntry(
            "63005",
            "Content refused",
            "Call {person.first_name} {person.last_name} and check the message.",
            ErrorAction.NONE,
            null));
    // When a routed request and an unknown one fail with it
    wagate.providerSays("r-1", "failed", "63005", at(minutes(2)));
    wagate.providerSays("unknown", "failed", "63005", at(minutes(3)));
    // Then the names are filled in, and without a person the number stands for them
    List<Note> notes = wagate.notes.readValuesToList();
    assertThat(notes.get(0).text())
        .contains("Call Anna Jansen and check the message.")
        .doesNotContain("{");
    assertThat(notes.get(1).text())
        .contains("Call " + WagateDriver.CONTACT + " and check the message.")
        .doesNotContain("{");
  }

  @Test
  void shouldTieAProviderMessageIdToItsRequestWhenTheSenderReportsItAccepted() {
    // Given the sender reports that Meta accepted r-1 as wamid.abc
    wagate.providerSays("r-1", "wamid.abc", "accepted", null, at(minutes(2)));
    // When Meta's status arrives without the request id
    wagate.providerSays(null, "wamid.abc", "delivered", null, at(minutes(3)));
    wagate.providerSays(null, "wamid.abc", "failed", "131026", at(minutes(4)));
    // Then it moves r-1 forward, and "accepted" itself is not a lifecycle state
    assertThat(wagate.statuses())
        .extracting(RequestStatus::requestId, RequestStatus::state)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("r-1", LifecycleState.DELIVERED));
    // (a failure after delivery is stale news, as for any status)
    assertThat(wagate.notes.isEmpty()).isTrue();
  }
}
