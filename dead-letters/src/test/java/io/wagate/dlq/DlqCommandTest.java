package io.wagate.dlq;

import static org.assertj.core.api.Assertions.assertThat;

import io.wagate.schemas.config.Environment;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DlqCommandTest {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @ParameterizedTest
  @ValueSource(
      strings = {
        "replay --offsets 17",
        "list --from yesterday",
        "replay --from 2026-11-22T10:00:00Z --to 2026-11-22T09:00:00Z",
        "list --timeout PT0S",
        "replay --no-such-option",
        ""
      })
  void shouldExitWithTwoAndSayWhyOnInvalidOptions(String args) {
    // When
    int exit = run(Map.of("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9"), args);

    // Then
    assertThat(exit).isEqualTo(DlqCommand.EXIT_USAGE);
    assertThat(err.toString()).isNotBlank();
  }

  @Test
  void shouldExitWithOneNamingTheVariableWhenKafkaIsNotConfigured() {
    // When
    int exit = run(Map.of(), "list");

    // Then
    assertThat(exit).isEqualTo(DlqCommand.EXIT_FAILED);
    assertThat(err.toString()).contains("KAFKA_BOOTSTRAP_SERVERS must be set");
  }

  @Test
  void shouldDocumentTheExitCodesOfReplay() {
    // When
    int exit = run(Map.of(), "replay --help");

    // Then
    assertThat(exit).isZero();
    assertThat(out.toString())
        .contains("--dry-run")
        .contains("--show-payloads")
        .contains("Exit codes:")
        .contains("3   some selected dead letters cannot be replayed");
  }

  private int run(Map<String, String> environment, String args) {
    String[] arguments = args.isEmpty() ? new String[0] : args.split(" ");
    return DlqCommand.commandLine("test.jar", Environment.of(environment), () -> WebhookReplay.NONE)
        .setOut(new PrintWriter(out, true))
        .setErr(new PrintWriter(err, true))
        .execute(arguments);
  }
}
