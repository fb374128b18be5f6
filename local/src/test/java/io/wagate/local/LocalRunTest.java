package io.wagate.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The options only; {@code LocalRunIT} runs the jar. */
class LocalRunTest {

  private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
  private final LocalRun command =
      new LocalRun(new PrintStream(printed, true, StandardCharsets.UTF_8));
  private final CommandLine commandLine = LocalRun.commandLine(command);

  @Test
  void shouldDefaultToTheDemoOnTheUsualPortsUnderDotLocal() {
    // Given
    String[] args = {};

    // When
    commandLine.parseArgs(args);
    LocalStack.Settings settings = command.settings();

    // Then
    assertThat(command.demo).isTrue();
    assertThat(command.demoAndExit).isFalse();
    assertThat(settings.kafkaPort()).isEqualTo(9092);
    assertThat(settings.httpPort()).isEqualTo(8081);
    assertThat(settings.ingressPort()).isEqualTo(8080);
    assertThat(settings.senderPort()).isEqualTo(8082);
    assertThat(settings.dataDir()).isEqualTo(Path.of(".local").toAbsolutePath().normalize());
  }

  @Test
  void shouldTurnTheDemoOffWithNoDemo() {
    // Given
    String[] args = {"--no-demo", "--kafka-port", "0", "--data-dir", "/tmp/wagate-x"};

    // When
    commandLine.parseArgs(args);
    LocalStack.Settings settings = command.settings();

    // Then
    assertThat(command.demo).isFalse();
    assertThat(settings.kafkaPort()).isZero();
    assertThat(settings.dataDir()).isEqualTo(Path.of("/tmp/wagate-x"));
  }

  @Test
  void shouldRejectDemoAndExitWithNoDemoAsAUsageError() {
    // Given
    String[] args = {"--no-demo", "--demo-and-exit"};

    // When
    int exitCode = commandLine.execute(args);

    // Then
    assertThat(exitCode).isEqualTo(2);
  }

  @Test
  void shouldRejectAPortOutOfRangeAsAUsageError() {
    // Given
    String[] args = {"--http-port", "65536"};

    // When
    int exitCode = commandLine.execute(args);

    // Then
    assertThat(exitCode).isEqualTo(2);
  }

  @Test
  void shouldPrintHelpNamingEveryOption() {
    // Given
    String[] args = {"--help"};

    // When
    int exitCode = commandLine.execute(args);

    // Then
    assertThat(exitCode).isZero();
    assertThat(printed.toString(StandardCharsets.UTF_8))
        .contains("--[no-]demo", "--demo-and-exit", "--kafka-port", "--http-port")
        .contains("--ingress-port", "--data-dir");
  }
}
