package io.wagate.streams.policy;

import io.wagate.schemas.events.NumberState;
import io.wagate.streams.reference.NumberAction;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How what wagate learns changes a number's or an account's state. Every part is decided by the
 * time the provider said it, so a late or replayed event never undoes a later one: a pause only
 * moves later, a disable and a reinstatement, a flag and its lifting, a quality, a restriction and
 * a limit each keep the latest word. Pure; the task that owns the key applies it, one writer per
 * key.
 */
public final class NumberStatePolicy {

  private NumberStatePolicy() {}

  /**
   * The state after {@code action}; the same instance when nothing changed.
   *
   * @param state the state so far
   * @param action what was learned
   * @param now when wagate learned it
   */
  public static NumberState apply(NumberState state, NumberAction action, Instant now) {
    Instant at = action.occurredAt();
    String wabaId = state.wabaId();
    Instant pausedUntil = state.pausedUntil();
    String pauseCode = state.pauseCode();
    Instant disabledAt = state.disabledAt();
    String disableCode = state.disableCode();
    Instant reinstatedAt = state.reinstatedAt();
    Instant flaggedAt = state.flaggedAt();
    Instant unflaggedAt = state.unflaggedAt();
    String quality = state.quality();
    Instant restrictedUntil = state.restrictedUntil();
    Integer limit = state.messagingLimit();
    Instant limitAt = state.messagingLimitAt();
    switch (action.kind()) {
      case PAUSE -> {
        if (action.until() != null && isAfter(action.until(), pausedUntil)) {
          pausedUntil = action.until();
          pauseCode = action.code();
        }
      }
      case DISABLE -> {
        if (isAfter(at, disabledAt)) {
          disabledAt = at;
          disableCode = action.code();
        }
      }
      case REINSTATE -> reinstatedAt = later(reinstatedAt, at);
      case FLAG -> flaggedAt = later(flaggedAt, at);
      case UNFLAG -> unflaggedAt = later(unflaggedAt, at);
      case QUALITY -> {
        // The rating has no time of its own in the state: a late rating never replaces a newer
        // one because the topic's order per key is the order Meta sent them.
        quality = action.quality();
      }
      case RESTRICT -> {
        if (action.until() != null && isAfter(action.until(), restrictedUntil)) {
          restrictedUntil = action.until();
        }
      }
      case LIMIT -> {
        if (action.messagingLimit() != null && !isBefore(at, limitAt)) {
          limit = action.messagingLimit();
          limitAt = at;
        }
      }
      case ACCOUNT -> wabaId = action.wabaId() == null ? wabaId : action.wabaId();
    }
    NumberState after =
        new NumberState(
            state.businessNumber(),
            wabaId,
            pausedUntil,
            pauseCode,
            disabledAt,
            disableCode,
            reinstatedAt,
            flaggedAt,
            unflaggedAt,
            quality,
            restrictedUntil,
            limit,
            limitAt,
            state.updatedAt());
    if (after.equals(state)) {
      return state;
    }
    return new NumberState(
        after.businessNumber(),
        after.wabaId(),
        after.pausedUntil(),
        after.pauseCode(),
        after.disabledAt(),
        after.disableCode(),
        after.reinstatedAt(),
        after.flaggedAt(),
        after.unflaggedAt(),
        after.quality(),
        after.restrictedUntil(),
        after.messagingLimit(),
        after.messagingLimitAt(),
        now);
  }

  private static boolean isAfter(Instant candidate, @Nullable Instant current) {
    return current == null || candidate.isAfter(current);
  }

  private static boolean isBefore(Instant candidate, @Nullable Instant current) {
    return current != null && candidate.isBefore(current);
  }

  private static Instant later(@Nullable Instant current, Instant candidate) {
    return current == null || candidate.isAfter(current)
        ? candidate
        : Objects.requireNonNull(current);
  }
}
