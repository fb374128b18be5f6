package io.wagate.streams.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.wagate.schemas.events.Portfolio;
import io.wagate.streams.state.PortfolioLedger;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PortfolioViewTest {

  private static final Instant REACHED = Instant.parse("2026-11-22T09:00:00Z");
  private static final Instant HELD = Instant.parse("2026-11-22T09:30:00Z");

  @Test
  void shouldSayNothingAboutAPortfolioNobodyCountedOrConfigured() {
    // Given nothing counted, no settings, and no business number of that id
    // When
    PortfolioView view = PortfolioView.of("salon-grup", null, null, null, null, false);
    // Then
    assertThat(view).isNull();
  }

  @Test
  void shouldAnswerZerosAndTheOperatorsLimitForAConfiguredPortfolioThatIsQuiet() {
    // Given
    Portfolio settings = new Portfolio("salon-group", 2_000, REACHED);
    // When
    PortfolioView view = PortfolioView.of("salon-group", null, null, null, settings, false);
    // Then
    assertThat(view).isEqualTo(new PortfolioView("salon-group", 2_000, 0, 0, 0, null, null));
  }

  @Test
  void shouldAnswerAnUnknownLimitForABusinessNumbersOwnPortfolioThatIsQuiet() {
    // When
    PortfolioView view = PortfolioView.of("+31201234567", null, null, null, null, true);
    // Then
    assertThat(view).isEqualTo(new PortfolioView("+31201234567", null, 0, 0, 0, null, null));
  }

  @Test
  void shouldPreferTheLimitTheCountDecidedWithOverTheOperatorsSettings() {
    // Given Meta raised the limit after the operator set one; the count decided with Meta's
    PortfolioLedger ledger = new PortfolioLedger(3, 2, 1, 7, 10_000);
    Portfolio settings = new Portfolio("salon-group", 250, REACHED);
    // When
    PortfolioView view = PortfolioView.of("salon-group", ledger, REACHED, HELD, settings, false);
    // Then
    assertThat(view)
        .isEqualTo(
            new PortfolioView(
                "salon-group", 10_000, 3, 3, 1, Instant.parse("2026-11-23T09:00:00Z"), HELD));
  }

  @Test
  void shouldAnswerNoneAsMinusOneForAnUnlimitedOperatorSetting() {
    // When
    PortfolioView view =
        PortfolioView.of(
            "salon-group", null, null, null, new Portfolio("salon-group", -5, null), false);
    // Then
    assertThat(view.limit()).isEqualTo(-1);
  }
}
