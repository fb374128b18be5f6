package io.wagate.dlq;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReplayTargetsTest {

  @ParameterizedTest
  @CsvSource({
    "wa.send.requests, wa.send.requests",
    "wa.consent, wa.consent",
    "wa.inbound, wa.inbound",
    "wa.status.callbacks, wa.status.callbacks",
    "wa.templates, wa.templates",
    "wagate-requests-by-request-id-repartition, wa.send.requests",
    "wagate-requests-by-conversation-repartition, wa.send.requests",
    "my-app-1-consent-by-conversation-repartition, wa.consent",
    "wagate-inbound-by-conversation-repartition, wa.inbound",
    "wagate-callbacks-by-conversation-repartition, wa.status.callbacks"
  })
  void shouldSendADeadLetterBackToTheInputItsSourceReads(String source, String target) {
    // When
    String replayedTo = ReplayTargets.target(source);

    // Then
    assertThat(replayedTo).isEqualTo(target);
  }

  @ParameterizedTest
  @CsvSource({
    "wa.status",
    "wa.dlq",
    "wagate-conversation-store-changelog",
    "wagate-unknown-by-conversation-repartition",
    "requests-by-conversation-repartition"
  })
  void shouldHaveNoTargetForATopicWagateDoesNotReadAsAnInput(String source) {
    // When
    String replayedTo = ReplayTargets.target(source);

    // Then
    assertThat(replayedTo).isNull();
  }
}
