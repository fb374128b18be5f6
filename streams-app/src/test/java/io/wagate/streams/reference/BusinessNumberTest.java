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
    NumberState learned = disabledAt(T0);
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
    NumberState learned = disabledAt(T0.plusSeconds(7_200));
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
    NumberState learned =
        new NumberState(
            NUMBER,
            null,
            T0.plusSeconds(100),
            "63018",
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            T0);
    BusinessNumberConfig operator =
        new BusinessNumberConfig(NUMBER, true, null, null, T0.plusSeconds(50), T0);
    // When
    BusinessNumber number = BusinessNumber.of(NUMBER, operator, learned);
    // Then
    assertThat(number.pausedAt(T0.plusSeconds(99))).isTrue();
    assertThat(number.pausedAt(T0.plusSeconds(100))).isFalse();
  }

  @Test
  void shouldBeDisabledWhileItsAccountIsBannedAndNotAfterItsReinstatement() {
    // Given the account banned after the operator's last change
    BusinessNumberConfig operator = new BusinessNumberConfig(NUMBER, true, null, null, null, T0);
    NumberState banned = disabledAt(T0.plusSeconds(60));
    NumberState reinstated =
        new NumberState(
            "waba:1",
            null,
            null,
            null,
            T0.plusSeconds(60),
            "BAN:DISABLE",
            T0.plusSeconds(120),
            null,
            null,
            null,
            null,
            null,
            null,
            T0);
    // Then
    assertThat(BusinessNumber.of(NUMBER, operator, null, banned).enabled()).isFalse();
    assertThat(BusinessNumber.of(NUMBER, operator, null, reinstated).enabled()).isTrue();
  }

  @Test
  void shouldTakeTheNewerLimitOfTheLineAndItsAccount() {
    // Given
    NumberState line =
        new NumberState(
            NUMBER, "1", null, null, null, null, null, null, null, null, null, 250, T0, T0);
    NumberState account =
        new NumberState(
            "waba:1",
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            2000,
            T0.plusSeconds(60),
            T0);
    // When
    BusinessNumber number = BusinessNumber.of(NUMBER, null, line, account);
    // Then
    assertThat(number.learnedLimit()).isEqualTo(2000);
  }

  private static NumberState disabledAt(Instant at) {
    return new NumberState(
        NUMBER, null, null, null, at, "63020", null, null, null, null, null, null, null, at);
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
