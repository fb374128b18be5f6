package io.wagate.streams.policy;

import io.wagate.schemas.events.ErrorAction;
import io.wagate.schemas.events.ErrorCatalogEntry;
import io.wagate.schemas.events.LifecycleState;
import io.wagate.streams.notes.ErrorCatalog;
import io.wagate.streams.notes.RejectionNotes;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * What a provider failure means for the message that failed (DOMAIN.md §4): retried with backoff
 * while attempts remain, failed for good otherwise. Pure.
 */
public final class FailurePolicy {

  private FailurePolicy() {}

  /**
   * The outcome for the failed message.
   *
   * @param retrying whether the message is sent again
   * @param exhausted whether it was retryable but the last allowed attempt failed
   * @param retryAt when the retry is due, while retrying
   * @param state the lifecycle state written: {@code RETRY_SCHEDULED} or {@code FAILED}
   * @param noteAction the note's action: the catalog's, or {@link
   *     RejectionNotes#RETRIES_EXHAUSTED_ACTION} after the last attempt (the catalog's note would
   *     promise a retry that will not come)
   */
  public record Outcome(
      boolean retrying,
      boolean exhausted,
      @Nullable Instant retryAt,
      LifecycleState state,
      String noteAction) {}

  /**
   * Decides the outcome of a failure.
   *
   * @param entry the catalog entry of the error code
   * @param attempt the attempt that failed, or null when the message is unknown (nothing to resend)
   * @param maxAttempts attempts allowed in all, the first included
   * @param occurredAt the provider's time of the failure
   */
  public static Outcome decide(
      ErrorCatalogEntry entry, @Nullable Integer attempt, int maxAttempts, Instant occurredAt) {
    boolean retryable = entry.action() == ErrorAction.RETRY && attempt != null;
    boolean retrying = retryable && attempt < maxAttempts;
    boolean exhausted = retryable && !retrying;
    Instant retryAt = retrying ? occurredAt.plus(ErrorCatalog.retryDelay(entry, attempt)) : null;
    return new Outcome(
        retrying,
        exhausted,
        retryAt,
        retrying ? LifecycleState.RETRY_SCHEDULED : LifecycleState.FAILED,
        exhausted ? RejectionNotes.RETRIES_EXHAUSTED_ACTION : entry.action().name());
  }

  /** How long a pause or a marketing hold lasts: the entry's {@code retryAfter}, else a day. */
  public static Duration holdOf(ErrorCatalogEntry entry) {
    return entry.retryAfter() == null ? Duration.ofHours(24) : entry.retryAfter();
  }
}
