package io.wagate.streams.policy;

import io.wagate.schemas.events.NumberState;
import io.wagate.streams.reference.NumberAction;
import java.time.Instant;

/**
 * How what wagate learns about a business number changes its state: a pause only ever moves later,
 * a disable records the latest failure that disabled the line. Pure; the task that owns the number
 * applies it, one writer per number.
 */
public final class NumberStatePolicy {

  private NumberStatePolicy() {}

  /**
   * The state after {@code action}; the same instance when nothing changed.
   *
   * @param state the number's state so far
   * @param action what a failure taught
   * @param now when wagate learned it
   */
  public static NumberState apply(NumberState state, NumberAction action, Instant now) {
    return switch (action.kind()) {
      case PAUSE -> {
        Instant until = action.until();
        if (until == null || (state.pausedUntil() != null && !until.isAfter(state.pausedUntil()))) {
          yield state;
        }
        yield new NumberState(
            state.businessNumber(),
            until,
            action.code(),
            state.disabledAt(),
            state.disableCode(),
            now);
      }
      case DISABLE -> {
        Instant at = action.occurredAt();
        if (state.disabledAt() != null && !at.isAfter(state.disabledAt())) {
          yield state;
        }
        yield new NumberState(
            state.businessNumber(), state.pausedUntil(), state.pauseCode(), at, action.code(), now);
      }
    };
  }
}
