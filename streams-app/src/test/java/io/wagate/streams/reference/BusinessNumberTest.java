package io.wagate.streams.reference;

import static org.assertj.core.api.Assertions.assertThat;

import io.wagate.schemas.events.BusinessNumberConfig;
import io.wagate.schemas.events.NumberState;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The operator's settings and what wagate learned never overwrite each other; the later wins. */
class BusinessNumberTest {

  private static final String NUMBER = "+31201234567";
  private static final Instant T0 = Instant.parse("2026-11-22T09:00:00Z");

  @Test
  void shouldStayEnabledWhenTheOperatorReEnabledAfterWagateDisabledIt() {
    // Given wagate disabled the line at T0 and the operator re-enabled it an hour later
    NumberState learned = new NumberState(NUMBER, null, null, T0, "63020", T0);
    BusinessNumberConfig operator =
        new BusinessNumberConfig(NUMBER, true, null, null, null, T0.plusSeconds(3_600));
    // When
    BusinessNumber number = BusinessNumber.of(NUMBER, operator, learned);
    // Then
    assertThat(number.enabled()).isTrue();
  }

  @Test
  void shouldBeDisabledByAFailureAfterTheOperatorsReEnable() {
    // Given
    NumberState learned = new NumberState(NUMBER, null, null, T0.plusSeconds(7_200), "63020", T0);
    BusinessNumberConfig operator =
        new BusinessNumberConfig(NUMBER, true, null, null, null, T0.plusSeconds(3_600));
    // When
    BusinessNumber number = BusinessNumber.of(NUMBER, operator, learned);
    // Then
    assertThat(number.enabled()).isFalse();
  }

  @Test
  void shouldBeDisabledWhenTheOperatorSaysSoWhateverWagateLearned() {
    // Given
    BusinessNumberConfig operator = new BusinessNumberConfig(NUMBER, false, null, null, null, T0);
    // When
    BusinessNumber number = BusinessNumber.of(NUMBER, operator, null);
    // Then
    assertThat(number.enabled()).isFalse();
  }

  @Test
  void shouldPauseUntilTheLaterOfTheTwoPauses() {
    // Given
    NumberState learned = new NumberState(NUMBER, T0.plusSeconds(100), "63018", null, null, T0);
    BusinessNumberConfig operator =
        new BusinessNumberConfig(NUMBER, true, null, null, T0.plusSeconds(50), T0);
    // When
    BusinessNumber number = BusinessNumber.of(NUMBER, operator, learned);
    // Then
    assertThat(number.pausedAt(T0.plusSeconds(99))).isTrue();
    assertThat(number.pausedAt(T0.plusSeconds(100))).isFalse();
  }

  @Test
  void shouldBeAnEnabledLineWithoutOptInTemplateWhenNothingIsKnown() {
    // When
    BusinessNumber number = BusinessNumber.of(NUMBER, null, null);
    // Then
    assertThat(number.enabled()).isTrue();
    assertThat(number.optInTemplate()).isNull();
    assertThat(number.pausedAt(T0)).isFalse();
  }
}
