package io.wagate.streams.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.wagate.schemas.events.NumberState;
import io.wagate.streams.reference.NumberAction;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class NumberStatePolicyTest {

  private static final String NUMBER = "+31201234567";
  private static final Instant T0 = Instant.parse("2026-11-22T09:00:00Z");

  @Test
  void shouldNeverMoveAPauseBackwards() {
    // Given a pause until tomorrow
    NumberState paused =
        NumberStatePolicy.apply(
            NumberState.unknown(NUMBER, T0),
            new NumberAction(NUMBER, NumberAction.Kind.PAUSE, T0.plusSeconds(86_400), "63018", T0),
            T0);
    // When an older failure arrives late with a shorter pause
    NumberState after =
        NumberStatePolicy.apply(
            paused,
            new NumberAction(
                NUMBER, NumberAction.Kind.PAUSE, T0.plusSeconds(3_600), "471", T0.minusSeconds(60)),
            T0.plusSeconds(10));
    // Then nothing changes
    assertThat(after).isSameAs(paused);
    assertThat(after.pausedUntil()).isEqualTo(T0.plusSeconds(86_400));
  }

  @Test
  void shouldRecordTheLatestDisableAndKeepThePause() {
    // Given
    NumberState paused = new NumberState(NUMBER, T0.plusSeconds(600), "63018", null, null, T0);
    // When
    NumberState disabled =
        NumberStatePolicy.apply(
            paused,
            new NumberAction(NUMBER, NumberAction.Kind.DISABLE, null, "63020", T0.plusSeconds(5)),
            T0.plusSeconds(6));
    // Then
    assertThat(disabled.disabledAt()).isEqualTo(T0.plusSeconds(5));
    assertThat(disabled.disableCode()).isEqualTo("63020");
    assertThat(disabled.pausedUntil()).isEqualTo(T0.plusSeconds(600));
    assertThat(disabled.updatedAt()).isEqualTo(T0.plusSeconds(6));
  }
}
