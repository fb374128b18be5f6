package io.wagate.streams;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shaded {@code wagate-streams.jar} running in a child JVM, configured only by its environment,
 * as an operator runs it: for black-box tests, and for tests that kill it (SIGKILL) mid-load.
 */
final class StreamsJar implements AutoCloseable {

  static final Path JAR =
      Path.of(System.getProperty("wagate.streams.jar", "target/wagate-streams.jar"));

  private static final Logger LOGGER = LoggerFactory.getLogger(StreamsJar.class);

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final Process process;
  private final Path log;
  private final int httpPort;
  private final Thread destroyOnExit;

  private StreamsJar(Process process, Path log, int httpPort) {
    this.process = process;
    this.log = log;
    this.httpPort = httpPort;
    // If this JVM dies before @AfterAll, the app must not outlive it.
    this.destroyOnExit = new Thread(process::destroyForcibly, "wagate-streams-jar-destroy");
    Runtime.getRuntime().addShutdownHook(destroyOnExit);
  }

  /** A {@code java -jar} command with only {@code variables} as KAFKA_* and WAGATE_* settings. */
  static ProcessBuilder builder(Map<String, String> variables, Path log, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx512m");
    command.add("-jar");
    command.add(JAR.toAbsolutePath().toString());
    command.addAll(List.of(args));
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    builder
        .environment()
        .keySet()
        .removeIf(name -> name.startsWith("KAFKA_") || name.startsWith("WAGATE_"));
    builder.environment().putAll(variables);
    return builder;
  }

  /**
   * Starts the jar with {@code args} (none: the app itself), its output appended to {@code log}.
   */
  static StreamsJar start(Map<String, String> variables, Path log, String... args)
      throws IOException {
    assertThat(JAR).as("the shaded jar; run after package").exists();
    Process process = builder(variables, log, args).start();
    return new StreamsJar(
        process, log, Integer.parseInt(variables.getOrDefault("WAGATE_HTTP_PORT", "8081")));
  }

  /** Waits for the process to end by itself and returns its exit code. */
  int awaitExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly().waitFor();
      throw new AssertionError("wagate-streams.jar did not exit: " + tail(40));
    }
    return process.exitValue();
  }

  int httpPort() {
    return httpPort;
  }

  /** Polls {@code GET /health/ready} until it answers 200, failing early if the app exits. */
  void awaitReady(Duration timeout) throws Exception {
    URI ready = URI.create("http://127.0.0.1:" + httpPort + "/health/ready");
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      try {
        HttpResponse<String> response =
            HTTP.send(
                HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(2)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200) {
          return;
        }
      } catch (IOException notListeningYet) {
        // The HTTP server starts with the app; until then the connection is refused.
      }
      // Paces the loop and notices an app that gave up.
      if (process.waitFor(250, TimeUnit.MILLISECONDS)) {
        throw new AssertionError("wagate-streams.jar exited with " + process.exitValue());
      }
    }
    throw new AssertionError("wagate-streams.jar not ready within " + timeout);
  }

  String tail(int lines) {
    try {
      List<String> all = Files.readAllLines(log, UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException | UncheckedIOException e) {
      return "(no output: " + e + ")";
    }
  }

  /** Stops the app as an orchestrator would (SIGTERM), forcibly if it does not stop in time. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        LOGGER.warn("wagate-streams.jar did not stop within 30 s; killing it");
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(destroyOnExit);
      } catch (IllegalStateException alreadyExiting) {
        // The hook runs anyway; nothing to undo.
      }
    }
  }

  /** The child process, e.g. to kill it. */
  Process process() {
    return process;
  }

  /** Kills the JVM at once (SIGKILL), as a crash or an OOM kill would: no shutdown of any kind. */
  void kill() throws InterruptedException {
    process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
  }

  /** A free port on the loopback address. */
  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
