package io.wagate.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.wagate.schemas.config.Environment;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MainTest {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @Test
  void shouldPrintUsageListingCreateTopicsForHelp() {
    // Given
    Environment environment = Environment.of(Map.of());

    // When
    int exitCode = run(environment, "--help");

    // Then
    assertThat(exitCode).isZero();
    assertThat(out.toString()).contains("Usage: wagate-streams").contains("create-topics");
  }

  @Test
  void shouldNameTheVariableWhenBootstrapServersIsMissing() {
    // Given
    Environment environment = Environment.of(Map.of());

    // When
    int exitCode = run(environment, "create-topics");

    // Then
    assertThat(exitCode).isEqualTo(1);
    assertThat(err.toString()).contains("KAFKA_BOOTSTRAP_SERVERS must be set");
  }

  @Test
  void shouldRejectZeroPartitionsAsAnInvalidOption() {
    // Given
    Environment environment = Environment.of(Map.of("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:1"));

    // When
    int exitCode = run(environment, "create-topics", "--partitions", "0");

    // Then
    assertThat(exitCode).isEqualTo(2);
    assertThat(err.toString()).contains("--partitions must be at least 1");
  }

  @Test
  void shouldFailNamingTheBrokersWhenKafkaCannotBeReached() throws IOException {
    // Given
    String nobodyListens = "127.0.0.1:" + closedPort();
    Environment environment = Environment.of(Map.of("KAFKA_BOOTSTRAP_SERVERS", nobodyListens));

    // When
    int exitCode = run(environment, "create-topics", "--timeout", "PT2S");

    // Then
    assertThat(exitCode).isEqualTo(1);
    assertThat(err.toString())
        .contains("error: cannot reach Kafka at " + nobodyListens)
        .contains("no answer within 2 s");
    assertThat(out.toString()).doesNotContain("created");
  }

  private int run(Environment environment, String... args) {
    return Main.execute(environment, new PrintWriter(out, true), new PrintWriter(err, true), args);
  }

  // A port that was just free and that nothing listens on.
  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return socket.getLocalPort();
    }
  }
}
