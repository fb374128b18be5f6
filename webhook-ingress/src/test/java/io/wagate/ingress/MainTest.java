package io.wagate.ingress;

import static org.assertj.core.api.Assertions.assertThat;

import io.wagate.schemas.config.Environment;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code wagate-ingress.jar}'s command line: the service without arguments, and {@code dlq}. */
class MainTest {

  @Test
  void shouldOfferDlqReplayUnderTheIngressJar() {
    // Given
    StringWriter out = new StringWriter();

    // When
    int exit =
        Main.execute(
            Environment.of(Map.of()),
            new PrintWriter(out, true),
            new PrintWriter(new StringWriter(), true),
            "dlq",
            "replay",
            "--help");

    // Then
    assertThat(exit).isZero();
    assertThat(out.toString())
        .contains("Usage: wagate-ingress dlq replay")
        .contains("webhook bodies")
        .contains("Exit codes:");
  }

  @Test
  void shouldExitWithTwoOnInvalidConfigurationWithoutStarting() {
    // Given
    StringWriter err = new StringWriter();

    // When
    int exit =
        Main.execute(
            Environment.of(Map.of("KAFKA_BOOTSTRAP_SERVERS", "k:9092", "WAGATE_INGRESS_PORT", "x")),
            new PrintWriter(new StringWriter(), true),
            new PrintWriter(err, true));

    // Then
    assertThat(exit).isEqualTo(2);
  }

  @Test
  void shouldExitWithOneWhenAReplayHasNoKafkaConfigured() {
    // Given
    StringWriter err = new StringWriter();

    // When
    int exit =
        Main.execute(
            Environment.of(Map.of()),
            new PrintWriter(new StringWriter(), true),
            new PrintWriter(err, true),
            "dlq",
            "replay");

    // Then
    assertThat(exit).isEqualTo(1);
    assertThat(err.toString()).contains("KAFKA_BOOTSTRAP_SERVERS must be set");
  }
}
