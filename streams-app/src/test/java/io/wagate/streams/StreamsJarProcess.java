package io.wagate.streams;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
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

/**
 * {@code java -jar wagate-streams.jar} as a child JVM with only the given {@code KAFKA_*} and
 * {@code WAGATE_*} variables, its output in a file; stopped with SIGTERM, or killed with SIGKILL.
 */
final class StreamsJarProcess implements AutoCloseable {

  private static final Path JAR =
      Path.of(System.getProperty("wagate.streams.jar", "target/wagate-streams.jar"));
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final Process process;
  private final Path log;
  private final int httpPort;
  private final Thread destroyOnExit;

  private StreamsJarProcess(Process process, Path log, int httpPort) {
    this.process = process;
    this.log = log;
    this.httpPort = httpPort;
    // If this JVM dies first, the app must not outlive it.
    this.destroyOnExit = new Thread(process::destroyForcibly, "wagate-streams-jar-destroy");
    Runtime.getRuntime().addShutdownHook(destroyOnExit);
  }

  /**
   * Starts the jar with {@code args}.
   *
   * @param variables its whole {@code KAFKA_*} and {@code WAGATE_*} environment; {@code
   *     WAGATE_HTTP_PORT} must be a fixed port for {@link #awaitReady}
   * @param log where its output goes
   * @param args its arguments
   * @return the running process
   * @throws IOException when it cannot start
   */
  static StreamsJarProcess start(Map<String, String> variables, Path log, String... args)
      throws IOException {
    assertThat(JAR).as("the shaded jar; run after package").exists();
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
    String port = variables.getOrDefault("WAGATE_HTTP_PORT", "8081");
    return new StreamsJarProcess(builder.start(), log, Integer.parseInt(port));
  }

  /** Waits for the process to end by itself and returns its exit code. */
  int awaitExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly().waitFor();
      throw new AssertionError("wagate-streams.jar did not exit: " + tail(40));
    }
    return process.exitValue();
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
        throw new AssertionError(
            "wagate-streams.jar exited with " + process.exitValue() + ":\n" + tail(40));
      }
    }
    throw new AssertionError("wagate-streams.jar not ready within " + timeout + ":\n" + tail(40));
  }

  /** SIGKILL: no shutdown hook runs, no transaction is committed or aborted. */
  void kill() throws InterruptedException {
    process.destroyForcibly().waitFor();
    removeHook();
  }

  String tail(int lines) {
    try {
      List<String> all = Files.readAllLines(log, UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException | UncheckedIOException e) {
      return "(no output: " + e + ")";
    }
  }

  /** SIGTERM, as an orchestrator stops it; SIGKILL if it does not stop in time. */
  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    removeHook();
  }

  private void removeHook() {
    try {
      Runtime.getRuntime().removeShutdownHook(destroyOnExit);
    } catch (IllegalStateException alreadyExiting) {
      // The hook runs anyway; nothing to undo.
    }
  }
}
