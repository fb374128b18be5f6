package io.wagate.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.wagate.schemas.config.Environment;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code wagate-streams.jar dlq}: the shared dead-letter commands, under this jar's name. */
class DlqCommandLineTest {

  @Test
  void shouldOfferDlqListAndReplayUnderTheStreamsJar() {
    // Given
    StringWriter out = new StringWriter();

    // When
    int exit =
        Main.execute(
            Environment.of(Map.of()),
            new PrintWriter(out, true),
            new PrintWriter(new StringWriter(), true),
            "dlq",
            "--help");

    // Then
    assertThat(exit).isZero();
    assertThat(out.toString())
        .contains("Usage: wagate-streams dlq")
        .contains("list    Lists the dead letters")
        .contains("replay  Publishes the selected dead letters again");
  }

  @Test
  void shouldRefuseInvalidDlqOptionsWithExitCodeTwo() {
    // Given
    StringWriter err = new StringWriter();

    // When
    int exit =
        Main.execute(
            Environment.of(Map.of()),
            new PrintWriter(new StringWriter(), true),
            new PrintWriter(err, true),
            "dlq",
            "replay",
            "--offsets",
            "two:seventeen");

    // Then
    assertThat(exit).isEqualTo(2);
    assertThat(err.toString()).contains("PARTITION:OFFSET");
  }
}
