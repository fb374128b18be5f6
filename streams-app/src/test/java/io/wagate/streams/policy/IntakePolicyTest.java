package io.wagate.streams.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.wagate.schemas.events.Kind;
import io.wagate.schemas.events.RejectionReason;
import io.wagate.schemas.events.SendRequest;
import io.wagate.schemas.events.TextContent;
import org.junit.jupiter.api.Test;

class IntakePolicyTest {

  private static SendRequest text(String businessNumber, String to) {
    return new SendRequest(
        "r-1",
        businessNumber,
        to,
        "NL",
        Kind.TEXT,
        null,
        new TextContent("Hi", null),
        null,
        null,
        null,
        null,
        null);
  }

  @Test
  void shouldAcceptACompleteRequestKeyedByItsCanonicalConversation() {
    // When
    IntakePolicy.Verdict verdict =
        IntakePolicy.decide(text("+31201234567", "06 12345678"), null, null, 1_000);
    // Then
    assertThat(verdict)
        .isEqualTo(new IntakePolicy.Accept("+31201234567|+31612345678", "+31612345678"));
  }

  @Test
  void shouldRejectARequestWithoutBusinessNumberAsInvalidInsteadOfLosingIt() {
    // When
    IntakePolicy.Verdict verdict =
        IntakePolicy.decide(text(null, "06 12345678"), null, null, 1_000);
    // Then
    IntakePolicy.Refuse refuse = (IntakePolicy.Refuse) verdict;
    assertThat(refuse.reason()).isEqualTo(RejectionReason.INVALID_REQUEST);
    assertThat(refuse.detail()).contains("businessNumber");
    assertThat(refuse.key()).isEqualTo("|+31612345678");
    assertThat(refuse.contact()).isEqualTo("+31612345678");
  }

  @Test
  void shouldRejectAnInvalidNumberWithTheNumberAsGiven() {
    // When
    IntakePolicy.Verdict verdict =
        IntakePolicy.decide(text("+31201234567", "12"), null, null, 1_000);
    // Then
    IntakePolicy.Refuse refuse = (IntakePolicy.Refuse) verdict;
    assertThat(refuse.reason()).isEqualTo(RejectionReason.INVALID_PHONE);
    assertThat(refuse.key()).isEqualTo("+31201234567|12");
  }

  @Test
  void shouldRejectARequestTooLargeToForwardAsTooLong() {
    // When
    IntakePolicy.Verdict verdict =
        IntakePolicy.decide(text("+31201234567", "06 12345678"), null, 1_047_000, 1_000);
    // Then
    IntakePolicy.Refuse refuse = (IntakePolicy.Refuse) verdict;
    assertThat(refuse.reason()).isEqualTo(RejectionReason.TOO_LONG);
    assertThat(refuse.detail()).contains("1047000 bytes");
    assertThat(refuse.key()).isEqualTo("+31201234567|+31612345678");
  }
}
