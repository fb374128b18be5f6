package io.wagate.streams.reference;

import static org.assertj.core.api.Assertions.assertThat;

import io.wagate.schemas.events.BusinessNumberConfig;
import io.wagate.schemas.events.NumberState;
import io.wagate.streams.reference.NumberHealth.LineState;
import io.wagate.streams.reference.NumberHealth.Quality;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NumberHealthTest {

  private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
  private static final Instant EARLIER = NOW.minusSeconds(3_600);
  private static final String WABA = "102290129340398";

  private final Map<String, NumberState> learned = new HashMap<>();
  private final Map<String, BusinessNumberConfig> operator = new HashMap<>();

  private static NumberState line(String number) {
    return NumberState.unknown(number, EARLIER);
  }

  private static NumberState with(
      NumberState state,
      String wabaId,
      Instant pausedUntil,
      Instant disabledAt,
      Instant flaggedAt,
      String quality,
      Instant restrictedUntil) {
    return new NumberState(
        state.businessNumber(),
        wabaId,
        pausedUntil,
        pausedUntil == null ? null : "63018",
        disabledAt,
        disabledAt == null ? null : "63020",
        null,
        flaggedAt,
        null,
        quality,
        restrictedUntil,
        null,
        null,
        EARLIER);
  }

  @Test
  void shouldCountEachStateALineIsInNow() {
    // Given a flagged red line, a paused one, a restricted one, one whose pause and restriction
    // ended, and a green one
    learned.put("+31200000001", with(line("+31200000001"), null, null, null, EARLIER, "RED", null));
    learned.put(
        "+31200000002",
        with(line("+31200000002"), null, NOW.plusSeconds(60), null, null, "yellow", null));
    learned.put(
        "+31200000003",
        with(line("+31200000003"), null, null, null, null, null, NOW.plusSeconds(60)));
    learned.put(
        "+31200000004",
        with(line("+31200000004"), null, EARLIER, null, null, "GREEN", NOW.minusSeconds(1)));
    learned.put("+31200000005", with(line("+31200000005"), null, null, null, null, "GREEN", null));
    // When
    NumberHealth health = NumberHealth.count(learned, operator, NOW);
    // Then
    assertThat(health.lines())
        .containsEntry(LineState.FLAGGED, 1)
        .containsEntry(LineState.PAUSED, 1)
        .containsEntry(LineState.RESTRICTED, 1)
        .containsEntry(LineState.DISABLED, 0);
    assertThat(health.quality())
        .containsEntry(Quality.RED, 1)
        .containsEntry(Quality.YELLOW, 1)
        .containsEntry(Quality.GREEN, 2)
        .containsEntry(Quality.UNKNOWN, 1);
  }

  @Test
  void shouldCountALineOfABannedAccountAsDisabledAndTheAccountAsBanned() {
    // Given an account Meta banned, a line the operator put in it, and one that learned it itself
    learned.put(
        NumberState.wabaKey(WABA),
        with(line(NumberState.wabaKey(WABA)), WABA, null, EARLIER, null, null, null));
    operator.put(
        "+31200000001",
        new BusinessNumberConfig(
            "+31200000001", true, null, null, null, EARLIER.minusSeconds(60), null, WABA));
    learned.put("+31200000002", with(line("+31200000002"), WABA, null, null, null, null, null));
    // When
    NumberHealth health = NumberHealth.count(learned, operator, NOW);
    // Then
    assertThat(health.lines()).containsEntry(LineState.DISABLED, 2);
    assertThat(health.accounts()).containsEntry(LineState.DISABLED, 1);
    assertThat(health.quality()).containsEntry(Quality.UNKNOWN, 2);
  }

  @Test
  void shouldNotCountALineAnOperatorReEnabledOrDisabledHimself() {
    // Given a line the provider disabled and the operator re-enabled later, and a line only the
    // operator disabled
    learned.put("+31200000001", with(line("+31200000001"), null, null, EARLIER, null, null, null));
    operator.put(
        "+31200000001",
        new BusinessNumberConfig("+31200000001", true, null, null, null, NOW.minusSeconds(60)));
    operator.put(
        "+31200000002", new BusinessNumberConfig("+31200000002", false, null, null, null, EARLIER));
    // When
    NumberHealth health = NumberHealth.count(learned, operator, NOW);
    // Then
    assertThat(health.lines()).containsEntry(LineState.DISABLED, 0);
  }

  @Test
  void shouldCountAnAccountsRestrictionUntilItEnds() {
    // Given
    learned.put(
        NumberState.wabaKey(WABA),
        with(line(NumberState.wabaKey(WABA)), WABA, null, null, null, null, NOW.plusSeconds(60)));
    // When
    NumberHealth during = NumberHealth.count(learned, operator, NOW);
    NumberHealth after = NumberHealth.count(learned, operator, NOW.plusSeconds(61));
    // Then
    assertThat(during.accounts()).containsEntry(LineState.RESTRICTED, 1);
    assertThat(after.accounts()).containsEntry(LineState.RESTRICTED, 0);
  }
}
