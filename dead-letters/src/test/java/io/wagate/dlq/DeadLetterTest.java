package io.wagate.dlq;

import static org.assertj.core.api.Assertions.assertThat;

import io.wagate.schemas.DeadLetterHeaders;
import org.junit.jupiter.api.Test;

class DeadLetterTest {

  @Test
  void shouldDropOnlyTheNamedHeaderAndKeepWhatReplayNeeds() {
    // Given
    DeadLetter letter =
        Letters.streams(new Position(0, 1), "wa.consent", "k", "{}", "trace-id", "t-1");

    // When
    DeadLetter lighter = letter.withoutHeader(DeadLetterHeaders.STACKTRACE);

    // Then
    assertThat(lighter.header(DeadLetterHeaders.STACKTRACE)).isNull();
    assertThat(lighter.headers()).hasSize(letter.headers().size() - 1);
    assertThat(Origin.of(lighter)).isEqualTo(Origin.of(letter));
    assertThat(lighter.header("trace-id")).isEqualTo("t-1");
    assertThat(letter.withoutHeader("absent")).isSameAs(letter);
  }
}
