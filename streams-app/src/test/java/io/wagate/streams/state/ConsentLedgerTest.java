package io.wagate.streams.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.wagate.schemas.events.Category;
import io.wagate.schemas.events.OptInState;
import io.wagate.streams.state.ConsentLedger.Will;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** DOMAIN.md §2: the latest expression of the contact's will wins, by the time it was expressed. */
class ConsentLedgerTest {

  private static final Instant T0 = Instant.parse("2026-11-20T09:00:00Z");
  private final ConsentLedger ledger = new ConsentLedger();

  @Test
  void shouldKeepAStaleCrmOptInInTheTrailWithoutUndoingALaterStop() {
    // Given the contact said STOP on WhatsApp
    ledger.express(Will.OPTED_OUT, Set.of(), "whatsapp-keyword", T0, "wamid.1", null, T0);
    // When a CRM sync replays a checkbox ticked three days before
    Set<Category> decided =
        ledger.express(
            Will.OPTED_IN,
            Set.of(),
            "booking-form",
            T0.minusSeconds(3 * 86_400),
            null,
            "sync-77",
            T0.plusSeconds(60));
    // Then it is kept, marked as not in force, and changes nothing
    assertThat(decided).isEmpty();
    assertThat(ledger.optedOutOfAll()).isTrue();
    assertThat(ledger.state(false)).isEqualTo(OptInState.OPTED_OUT);
    assertThat(ledger.trail()).hasSize(2);
    assertThat(ledger.trail().get(1).effective()).isFalse();
    assertThat(ledger.trail().get(1).reference()).isEqualTo("sync-77");
    assertThat(ledger.inForce().source()).isEqualTo("whatsapp-keyword");
  }

  @Test
  void shouldUndoAStopOnlyWithAnOptInExpressedAfterIt() {
    // Given
    ledger.express(Will.OPTED_OUT, Set.of(), "whatsapp-keyword", T0, "wamid.1", null, T0);
    // When the contact ticks the box an hour later
    Set<Category> decided =
        ledger.express(
            Will.OPTED_IN, Set.of(), "booking-form", T0.plusSeconds(3_600), null, null, T0);
    // Then
    assertThat(decided).containsExactlyInAnyOrderElementsOf(Category.KNOWN);
    assertThat(ledger.consentsTo(Category.UTILITY)).isTrue();
    assertThat(ledger.state(false)).isEqualTo(OptInState.OPTED_IN);
    assertThat(ledger.inForce().source()).isEqualTo("booking-form");
  }

  @Test
  void shouldDecideEachCategoryByItsOwnLatestExpression() {
    // Given an opt-in to everything, then a marketing-only stop
    ledger.express(Will.OPTED_IN, Set.of(), "booking-form", T0, null, null, T0);
    ledger.express(
        Will.OPTED_OUT,
        Set.of(Category.MARKETING),
        "whatsapp-user-preferences",
        T0.plusSeconds(60),
        null,
        null,
        T0);
    // When a utility opt-out arrives late with a time between the two
    Set<Category> decided =
        ledger.express(
            Will.OPTED_OUT, Set.of(Category.UTILITY), "crm", T0.plusSeconds(30), null, null, T0);
    // Then it decides utility only
    assertThat(decided).containsExactly(Category.UTILITY);
    assertThat(ledger.consentsTo(Category.AUTHENTICATION)).isTrue();
    assertThat(ledger.optedOutOf(Category.MARKETING)).isTrue();
    assertThat(ledger.optedOutOf(Category.UTILITY)).isTrue();
    assertThat(ledger.optedOutCategories()).containsExactly(Category.MARKETING, Category.UTILITY);
    assertThat(ledger.state(false)).isEqualTo(OptInState.OPTED_IN);
  }

  @Test
  void shouldTreatAnExpressionAsTheLatestWhenItsTimeEqualsTheOneInForce() {
    // Given
    ledger.express(Will.OPTED_IN, Set.of(), "crm", T0, null, null, T0);
    // When a correction with the same time arrives
    ledger.express(Will.OPTED_OUT, Set.of(), "crm", T0, null, null, T0.plusSeconds(1));
    // Then the later arrival wins
    assertThat(ledger.optedOutOfAll()).isTrue();
  }

  @Test
  void shouldShowDeclinedUntilTheContactOptsIn() {
    // Given
    ledger.express(Will.DECLINED, Set.of(), "whatsapp-keyword", T0, "wamid.2", null, T0);
    // Then
    assertThat(ledger.state(false)).isEqualTo(OptInState.DECLINED);
    assertThat(ledger.declined(Category.MARKETING)).isTrue();
    // When
    ledger.express(Will.OPTED_IN, Set.of(), "whatsapp-keyword", T0.plusSeconds(5), null, null, T0);
    // Then
    assertThat(ledger.state(false)).isEqualTo(OptInState.OPTED_IN);
    assertThat(ledger.declined(Category.MARKETING)).isFalse();
  }

  @Test
  void shouldShowRequestedOnlyWhileNothingWasExpressed() {
    // Given nothing expressed
    // Then
    assertThat(ledger.state(true)).isEqualTo(OptInState.REQUESTED);
    assertThat(ledger.state(false)).isEqualTo(OptInState.UNKNOWN);
    assertThat(ledger.decided()).isFalse();
  }

  @Test
  void shouldBoundTheTrail() {
    // Given
    for (int i = 0; i < ConsentLedger.TRAIL_LENGTH + 10; i++) {
      ledger.express(
          i % 2 == 0 ? Will.OPTED_IN : Will.OPTED_OUT,
          Set.of(),
          "crm",
          T0.plusSeconds(i),
          null,
          "r-" + i,
          T0);
    }
    // Then the oldest are dropped, the decision stays the latest
    assertThat(ledger.trail()).hasSize(ConsentLedger.TRAIL_LENGTH);
    assertThat(ledger.trail().get(0).reference()).isEqualTo("r-10");
    assertThat(ledger.optedOutOfAll()).isTrue();
  }
}
