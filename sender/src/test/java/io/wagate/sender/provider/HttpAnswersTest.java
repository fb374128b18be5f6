package io.wagate.sender.provider;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HttpAnswersTest {

  private static final Instant NOW = Instant.parse("2026-11-22T09:30:00Z");

  @Test
  void shouldReadRetryAfterAsSecondsOrAsAnHttpDate() {
    // When
    Duration seconds = HttpAnswers.retryAfter(Optional.of("120"), NOW);
    Duration date = HttpAnswers.retryAfter(Optional.of("Sun, 22 Nov 2026 09:30:30 GMT"), NOW);

    // Then
    assertThat(seconds).isEqualTo(Duration.ofMinutes(2));
    assertThat(date).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void shouldIgnoreMissingMalformedAndNegativeRetryAfter() {
    // Then
    assertThat(HttpAnswers.retryAfter(Optional.empty(), NOW)).isNull();
    assertThat(HttpAnswers.retryAfter(Optional.of("soon"), NOW)).isNull();
    assertThat(HttpAnswers.retryAfter(Optional.of("-5"), NOW)).isNull();
  }
}
