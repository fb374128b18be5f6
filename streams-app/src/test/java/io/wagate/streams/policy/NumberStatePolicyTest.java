package io.wagate.streams.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.wagate.schemas.events.NumberState;
import io.wagate.streams.reference.NumberAction;
import io.wagate.streams.reference.NumberAction.Kind;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class NumberStatePolicyTest {

  private static final String NUMBER = "+31201234567";
  private static final Instant T0 = Instant.parse("2026-11-22T09:00:00Z");

  private static NumberAction action(Kind kind, Instant at) {
    return new NumberAction(NUMBER, kind, null, kind.name(), at, null, null, null);
  }

  @Test
  void shouldNeverMoveAPauseBackwards() {
    // Given a pause until tomorrow
    NumberState paused =
        NumberStatePolicy.apply(
            NumberState.unknown(NUMBER, T0),
            NumberAction.failure(NUMBER, Kind.PAUSE, T0.plusSeconds(86_400), "63018", T0),
            T0);
    // When an older failure arrives late with a shorter pause
    NumberState after =
        NumberStatePolicy.apply(
            paused,
            NumberAction.failure(
                NUMBER, Kind.PAUSE, T0.plusSeconds(3_600), "471", T0.minusSeconds(60)),
            T0.plusSeconds(10));
    // Then nothing changes
    assertThat(after).isSameAs(paused);
    assertThat(after.pausedUntil()).isEqualTo(T0.plusSeconds(86_400));
  }

  @Test
  void shouldRecordTheLatestDisableAndLiftItWithALaterReinstatement() {
    // Given
    NumberState disabled =
        NumberStatePolicy.apply(
            NumberState.unknown(NUMBER, T0),
            NumberAction.failure(NUMBER, Kind.DISABLE, null, "63020", T0.plusSeconds(5)),
            T0.plusSeconds(6));
    assertThat(disabled.disabled()).isTrue();
    assertThat(disabled.disableCode()).isEqualTo("63020");
    assertThat(disabled.updatedAt()).isEqualTo(T0.plusSeconds(6));
    // When a reinstatement said earlier arrives late, then one said later
    NumberState stale = NumberStatePolicy.apply(disabled, action(Kind.REINSTATE, T0), T0);
    NumberState reinstated =
        NumberStatePolicy.apply(disabled, action(Kind.REINSTATE, T0.plusSeconds(60)), T0);
    // Then only the later one lifts it
    assertThat(stale.disabled()).isTrue();
    assertThat(reinstated.disabled()).isFalse();
  }

  @Test
  void shouldKeepTheLaterOfAFlagAndItsLifting() {
    // Given a flag, then its lifting
    NumberState flagged =
        NumberStatePolicy.apply(NumberState.unknown(NUMBER, T0), action(Kind.FLAG, T0), T0);
    NumberState unflagged =
        NumberStatePolicy.apply(flagged, action(Kind.UNFLAG, T0.plusSeconds(60)), T0);
    // When the flag is delivered again, late
    NumberState replayed = NumberStatePolicy.apply(unflagged, action(Kind.FLAG, T0), T0);
    // Then
    assertThat(flagged.flagged()).isTrue();
    assertThat(unflagged.flagged()).isFalse();
    assertThat(replayed.flagged()).isFalse();
  }

  @Test
  void shouldTakeTheLatestAnnouncedLimitAndAccount() {
    // Given
    NumberState state =
        NumberStatePolicy.apply(
            NumberState.unknown(NUMBER, T0),
            new NumberAction(NUMBER, Kind.LIMIT, null, null, T0.plusSeconds(60), null, 2000, null),
            T0);
    // When an older announcement arrives, and the account is named
    state =
        NumberStatePolicy.apply(
            state, new NumberAction(NUMBER, Kind.LIMIT, null, null, T0, null, 250, null), T0);
    state =
        NumberStatePolicy.apply(
            state,
            new NumberAction(NUMBER, Kind.ACCOUNT, null, null, T0, null, null, "waba-1"),
            T0);
    // Then
    assertThat(state.messagingLimit()).isEqualTo(2000);
    assertThat(state.messagingLimitAt()).isEqualTo(T0.plusSeconds(60));
    assertThat(state.wabaId()).isEqualTo("waba-1");
  }

  @Test
  void shouldRestrictUntilTheLatestExpiration() {
    // When
    NumberState state =
        NumberStatePolicy.apply(
            NumberState.unknown(NUMBER, T0),
            new NumberAction(
                NUMBER, Kind.RESTRICT, T0.plusSeconds(3_600), "R", T0, null, null, null),
            T0);
    // Then
    assertThat(state.restrictedUntil()).isEqualTo(T0.plusSeconds(3_600));
  }
}
