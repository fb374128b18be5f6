package io.wagate.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Black-box: the real {@code wagate-local.jar}, started with {@code java -jar} as the README's
 * {@code ./run-local.sh} does, on free ports and a temporary data directory.
 */
@TestMethodOrder(OrderAnnotation.class)
class LocalRunIT {

  private static final Path JAR =
      Path.of(System.getProperty("wagate.local.jar", "target/wagate-local.jar"));
  private static final Duration DEADLINE = Duration.ofMinutes(3);

  /** Every topic of the contract, which the local run creates. */
  private static final int TOPICS = io.wagate.schemas.Topics.ALL.size();

  private static final List<String> STEPS_OK =
      List.of(
          "[ok] step 1: free-form text outside the 24-hour window was rejected with a note",
          "[ok] step 2: after the contact wrote in, the same kind of request was routed to"
              + " wa.send.freeform",
          "[ok] step 3: a template without consent was parked and the opt-in request went out",
          "[ok] step 4: YES released the parked template",
          "[ok] step 5: STOP opted the contact out, was confirmed, and a later template was"
              + " rejected",
          "[ok] step 6: Twilio's 63016 failure became a note naming the person",
          "[ok] step 7: the query API answered for the demo contact",
          "[ok] step 8: every service exports wagate_ metrics",
          "[ok] step 9: a status and a note came back from the provider simulator",
          "[ok] step 10: the campaign report counted each request once, in the furthest state it"
              + " reached",
          "Demo complete: 10 of 10 steps behaved as expected.");

  private static final List<String> STOPPED_IN_ORDER =
      List.of(
          "Stopping the sender",
          "  sender stopped",
          "Stopping the webhook ingress",
          "  ingress stopped",
          "Stopping the streams app",
          "  streams app stopped",
          "Stopping Kafka",
          "  Kafka stopped");

  /** Shared by the first two tests: the second is a restart on the first one's data. */
  @TempDir static Path dataDir;

  private RunningJar jar;

  @AfterEach
  void killLeftovers() {
    if (jar != null) {
      jar.kill();
    }
  }

  @Test
  @Order(1)
  void shouldPlayEveryDemoStepAndStopEverythingInOrder() throws Exception {
    // Given
    jar = RunningJar.start(dataDir, "--demo-and-exit");

    // When
    int exitCode = jar.awaitExit(DEADLINE);

    // Then
    String output = jar.output();
    assertThat(exitCode).as(output).isZero();
    assertThat(output).contains(STEPS_OK);
    assertThat(output)
        .contains("WAGATE_META_APP_SECRET", "WAGATE_TWILIO_AUTH_TOKEN", "WAGATE_META_VERIFY_TOKEN")
        .contains(TOPICS + " topics ready: " + TOPICS + " created, 0 already there")
        .contains("/v1/conversations/+31201234567/+316", "curl -i -X POST");
    assertThat(output).containsSubsequence(STOPPED_IN_ORDER);
    assertThat(jar.leftoverProcesses()).isEmpty();
  }

  @Test
  @Order(2)
  void shouldKeepKafkaDataAcrossARestartAndPlayTheDemoAgain() throws Exception {
    // Given: the data directory of the first run
    assertThat(dataDir.resolve("kafka").resolve("kraft-combined-logs")).isDirectory();
    jar = RunningJar.start(dataDir, "--demo-and-exit");

    // When
    int exitCode = jar.awaitExit(DEADLINE);

    // Then
    String output = jar.output();
    assertThat(exitCode).as(output).isZero();
    assertThat(output).contains(TOPICS + " topics ready: 0 created, " + TOPICS + " already there");
    assertThat(output).contains(STEPS_OK);
  }

  @Test
  @Order(3)
  void shouldStopIngressStreamsAndKafkaInOrderOnCtrlC(@TempDir Path otherDataDir) throws Exception {
    // Given: running without the demo
    jar = RunningJar.start(otherDataDir, "--no-demo");
    assertThat(jar.awaitLine("Press Ctrl-C to stop it.", DEADLINE)).as(jar.output()).isTrue();
    ProcessHandle broker = jar.broker();

    // When: Ctrl-C in a terminal signals the whole process group, the broker included
    jar.interruptWith(broker);
    int exitCode = jar.awaitExit(Duration.ofSeconds(90));

    // Then
    String output = jar.output();
    assertThat(exitCode).as(output).isEqualTo(130);
    assertThat(output)
        .containsSubsequence(
            List.of(
                "Stopping wagate ...",
                STOPPED_IN_ORDER.get(0),
                STOPPED_IN_ORDER.get(1),
                STOPPED_IN_ORDER.get(2),
                STOPPED_IN_ORDER.get(3),
                STOPPED_IN_ORDER.get(4),
                STOPPED_IN_ORDER.get(5),
                STOPPED_IN_ORDER.get(6),
                STOPPED_IN_ORDER.get(7),
                "Everything stopped."));
    assertThat(Files.readString(otherDataDir.resolve("kafka").resolve("broker.log")))
        .contains("SIGINT ignored");
    assertThat(Files.readString(otherDataDir.resolve("wagate.log")))
        .contains("wagate stopped in state NOT_RUNNING")
        .doesNotContain("did not close within");
    assertThat(broker.isAlive()).isFalse();
    assertThat(jar.leftoverProcesses()).isEmpty();
  }

  /** The jar as a child process, its output collected line by line as it comes. */
  private static final class RunningJar {

    private final Process process;
    private final Path dataDir;
    private final List<String> lines = new ArrayList<>();

    private RunningJar(Process process, Path dataDir) {
      this.process = process;
      this.dataDir = dataDir;
      Thread reader = new Thread(this::readOutput, "local-run-output");
      reader.setDaemon(true);
      reader.start();
    }

    static RunningJar start(Path dataDir, String... options) throws IOException {
      assertThat(JAR).as("run after package: %s", JAR).exists();
      List<String> command =
          new ArrayList<>(
              List.of(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-jar",
                  // Relative, as ./run-local.sh runs it: the broker's JVM must still find it.
                  JAR.getFileName().toString(),
                  "--kafka-port",
                  "0",
                  "--http-port",
                  "0",
                  "--ingress-port",
                  "0",
                  "--sender-port",
                  "0",
                  "--data-dir",
                  dataDir.toString()));
      command.addAll(List.of(options));
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .directory(JAR.toAbsolutePath().getParent().toFile())
              .redirectErrorStream(true);
      Map<String, String> env = builder.environment();
      env.keySet().removeIf(name -> name.startsWith("WAGATE_") || name.startsWith("KAFKA_"));
      return new RunningJar(builder.start(), dataDir);
    }

    private void readOutput() {
      try (BufferedReader reader =
          new BufferedReader(
              new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = reader.readLine()) != null) {
          synchronized (lines) {
            lines.add(line);
            lines.notifyAll();
          }
        }
      } catch (IOException e) {
        // The process was killed: what was read is all there is.
      }
    }

    boolean awaitLine(String text, Duration timeout) throws InterruptedException {
      long deadline = System.nanoTime() + timeout.toNanos();
      synchronized (lines) {
        while (lines.stream().noneMatch(line -> line.contains(text))) {
          long remaining = deadline - System.nanoTime();
          if (remaining <= 0 || !process.isAlive()) {
            return false;
          }
          TimeUnit.NANOSECONDS.timedWait(lines, remaining);
        }
        return true;
      }
    }

    int awaitExit(Duration timeout) throws InterruptedException {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        kill();
        throw new AssertionError("no exit within " + timeout + ":\n" + output());
      }
      return process.exitValue();
    }

    String output() {
      synchronized (lines) {
        return String.join("\n", lines);
      }
    }

    /** The child JVM that runs the broker. */
    ProcessHandle broker() {
      return process
          .descendants()
          .filter(child -> commandLine(child).contains("io.wagate.kafka.BrokerMain"))
          .findFirst()
          .orElseThrow(() -> new AssertionError("no broker process under the local run"));
    }

    /** Sends SIGINT to the local run and to {@code broker}, as a terminal's Ctrl-C does. */
    void interruptWith(ProcessHandle broker) throws Exception {
      Process kill =
          new ProcessBuilder(
                  "kill", "-INT", Long.toString(process.pid()), Long.toString(broker.pid()))
              .redirectErrorStream(true)
              .start();
      assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
      assertThat(kill.exitValue()).isZero();
    }

    /** Processes still running that belong to this run (the broker names the data directory). */
    List<ProcessHandle> leftoverProcesses() {
      return ProcessHandle.allProcesses()
          .filter(ProcessHandle::isAlive)
          .filter(handle -> commandLine(handle).contains(dataDir.toString()))
          .toList();
    }

    void kill() {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
    }

    private static String commandLine(ProcessHandle handle) {
      return handle.info().commandLine().orElse("");
    }
  }
}
