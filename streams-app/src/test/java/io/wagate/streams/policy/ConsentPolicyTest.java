package io.wagate.streams.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.wagate.schemas.events.Category;
import io.wagate.schemas.events.ConsentEvent;
import io.wagate.schemas.events.ConsentStatus;
import io.wagate.schemas.events.InboundMessage;
import io.wagate.schemas.events.Provider;
import io.wagate.schemas.events.RejectionReason;
import io.wagate.streams.config.Keywords;
import io.wagate.streams.notes.Replies;
import io.wagate.streams.state.ConsentLedger.Will;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConsentPolicyTest {

  private static final Instant AT = Instant.parse("2026-11-22T09:00:00Z");

  private static InboundMessage message(String type, String text) {
    return new InboundMessage(
        Provider.META, "wamid.1", "+31201234567", "+31612345678", null, type, text, null, AT);
  }

  @Test
  void shouldReadStopAsAnOptOutOfEverythingExpressedAtTheProviderTime() {
    // When
    ConsentPolicy.Expression expression =
        ConsentPolicy.ofMessage(Keywords.DEFAULTS, message("text", "Stop!"), false);
    // Then
    assertThat(expression.will()).isEqualTo(Will.OPTED_OUT);
    assertThat(expression.categories()).isEmpty();
    assertThat(expression.at()).isEqualTo(AT);
    assertThat(expression.messageId()).isEqualTo("wamid.1");
    assertThat(expression.fromContact()).isTrue();
    assertThat(expression.confirmation()).isEqualTo(Replies.OPT_OUT_CONFIRMATION);
  }

  @Test
  void shouldReadNoAsADeclineOnlyWhileAnOptInRequestIsPending() {
    // When
    ConsentPolicy.Expression pending =
        ConsentPolicy.ofMessage(Keywords.DEFAULTS, message("text", "no"), true);
    ConsentPolicy.Expression notPending =
        ConsentPolicy.ofMessage(Keywords.DEFAULTS, message("text", "no"), false);
    // Then
    assertThat(pending.will()).isEqualTo(Will.DECLINED);
    assertThat(notPending).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"resume", "signup", "SIGNUP"})
  void shouldReadMetaMarketingResumeAndSignupAsAMarketingOptIn(String value) {
    // When
    ConsentPolicy.Expression expression =
        ConsentPolicy.ofMessage(Keywords.DEFAULTS, message("user_preferences", value), false);
    // Then
    assertThat(expression.will()).isEqualTo(Will.OPTED_IN);
    assertThat(expression.categories()).containsExactly(Category.MARKETING);
    assertThat(expression.source()).isEqualTo(ConsentPolicy.SOURCE_PREFERENCES);
    assertThat(expression.confirmation()).isNull();
  }

  @Test
  void shouldIgnoreASentenceThatMerelyContainsStop() {
    // When
    ConsentPolicy.Expression expression =
        ConsentPolicy.ofMessage(Keywords.DEFAULTS, message("text", "please stop by at 10"), false);
    // Then
    assertThat(expression).isNull();
  }

  @Test
  void shouldTakeACrmRecordAtItsCaptureTimeWithItsReference() {
    // Given
    ConsentEvent consent =
        new ConsentEvent(
            "+31201234567",
            "06 12345678",
            "NL",
            ConsentStatus.OPTED_IN,
            List.of(Category.UTILITY),
            "booking-form",
            AT.minusSeconds(86_400),
            "form-4711");
    // When
    ConsentPolicy.Expression expression = ConsentPolicy.ofCrm(consent, AT);
    // Then
    assertThat(expression.at()).isEqualTo(AT.minusSeconds(86_400));
    assertThat(expression.categories()).isEqualTo(Set.of(Category.UTILITY));
    assertThat(expression.reference()).isEqualTo("form-4711");
    assertThat(expression.fromContact()).isFalse();
  }

  @Test
  void shouldTakeACrmRecordWithoutCaptureTimeAsExpressedNow() {
    // Given
    ConsentEvent consent =
        new ConsentEvent(
            "+31201234567", "+31612345678", null, ConsentStatus.OPTED_OUT, null, null, null);
    // When
    ConsentPolicy.Expression expression = ConsentPolicy.ofCrm(consent, AT);
    // Then
    assertThat(expression.at()).isEqualTo(AT);
    assertThat(expression.source()).isEqualTo(ConsentPolicy.SOURCE_CRM);
  }

  @Test
  void shouldRejectParkedRequestsOnOptOutAndDeclineAndReleaseThemOnOptIn() {
    assertThat(ConsentPolicy.parkedRejection(Will.OPTED_OUT)).isEqualTo(RejectionReason.OPTED_OUT);
    assertThat(ConsentPolicy.parkedRejection(Will.DECLINED))
        .isEqualTo(RejectionReason.OPT_IN_DECLINED);
    assertThat(ConsentPolicy.parkedRejection(Will.OPTED_IN)).isNull();
  }
}
