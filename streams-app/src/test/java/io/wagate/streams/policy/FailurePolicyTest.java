package io.wagate.streams.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.wagate.schemas.events.ErrorAction;
import io.wagate.schemas.events.ErrorCatalogEntry;
import io.wagate.schemas.events.LifecycleState;
import io.wagate.streams.notes.RejectionNotes;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class FailurePolicyTest {

  private static final Instant AT = Instant.parse("2026-11-22T09:00:00Z");
  private static final ErrorCatalogEntry RETRY =
      new ErrorCatalogEntry(
          "131000", "Temporary", "Sent again.", ErrorAction.RETRY, Duration.ofSeconds(30));
  private static final ErrorCatalogEntry BLOCKED =
      new ErrorCatalogEntry(
          "63033", "Blocked", "Contact them otherwise.", ErrorAction.MARK_BLOCKED, null);

  @Test
  void shouldRetryWithBackoffWhileAttemptsRemain() {
    // When
    FailurePolicy.Outcome outcome = FailurePolicy.decide(RETRY, 2, 4, AT);
    // Then
    assertThat(outcome.retrying()).isTrue();
    assertThat(outcome.exhausted()).isFalse();
    assertThat(outcome.retryAt()).isEqualTo(AT.plusSeconds(60));
    assertThat(outcome.state()).isEqualTo(LifecycleState.RETRY_SCHEDULED);
    assertThat(outcome.noteAction()).isEqualTo("RETRY");
  }

  @Test
  void shouldFailForGoodAfterTheLastAttemptWithoutPromisingARetry() {
    // When
    FailurePolicy.Outcome outcome = FailurePolicy.decide(RETRY, 4, 4, AT);
    // Then
    assertThat(outcome.retrying()).isFalse();
    assertThat(outcome.exhausted()).isTrue();
    assertThat(outcome.state()).isEqualTo(LifecycleState.FAILED);
    assertThat(outcome.noteAction()).isEqualTo(RejectionNotes.RETRIES_EXHAUSTED_ACTION);
  }

  @Test
  void shouldNotRetryAMessageItDoesNotKnow() {
    // When
    FailurePolicy.Outcome outcome = FailurePolicy.decide(RETRY, null, 4, AT);
    // Then
    assertThat(outcome.retrying()).isFalse();
    assertThat(outcome.exhausted()).isFalse();
    assertThat(outcome.noteAction()).isEqualTo("RETRY");
  }

  @Test
  void shouldFailANonRetryableErrorWithTheCatalogsAction() {
    // When
    FailurePolicy.Outcome outcome = FailurePolicy.decide(BLOCKED, 1, 4, AT);
    // Then
    assertThat(outcome.state()).isEqualTo(LifecycleState.FAILED);
    assertThat(outcome.noteAction()).isEqualTo("MARK_BLOCKED");
    assertThat(FailurePolicy.holdOf(BLOCKED)).isEqualTo(Duration.ofHours(24));
  }
}
