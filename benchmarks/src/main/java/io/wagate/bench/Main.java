package io.wagate.bench;

import io.wagate.kafka.EmbeddedKafka;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs wagate's benchmarks, prints the table and writes {@code BENCHMARKS.md} and {@code
 * docs/benchmarks.svg}.
 *
 * <pre>
 * java -jar benchmarks/target/wagate-benchmarks.jar [--quick | --tiny]
 *     [--only=cpu,throughput,latency,scale,ingress,sender,limits] [--out=DIR] [--no-write]
 * </pre>
 *
 * Without a mode flag it runs the full benchmarks (about twenty minutes on two cores); {@code
 * --quick} takes a few minutes, {@code --tiny} under a minute with meaningless figures (the smoke
 * test). Everything runs on 127.0.0.1 with an embedded broker on a free port.
 */
public final class Main {

  static {
    // Before the first logger: the harness's quiet configuration, not the apps' own.
    if (System.getProperty("logback.configurationFile") == null) {
      System.setProperty("logback.configurationFile", "logback-bench.xml");
    }
  }

  private static final Logger LOGGER = LoggerFactory.getLogger(Main.class);

  /** Every benchmark's name for {@code --only}. */
  public static final List<String> BENCHMARKS =
      List.of("cpu", "throughput", "latency", "scale", "ingress", "sender", "limits");

  private Main() {}

  /** Runs and exits 0, or 1 when a benchmark failed. */
  public static void main(String[] args) {
    try {
      run(args);
      System.exit(0);
    } catch (Exception e) {
      LOGGER.error("Benchmark run failed", e);
      System.exit(1);
    }
  }

  /**
   * Runs the benchmarks the arguments select, prints the table and, unless {@code --no-write},
   * writes the results.
   *
   * @return the report with every row
   * @throws Exception when a benchmark fails
   */
  public static Report run(String... args) throws Exception {
    List<String> argList = Arrays.asList(args);
    Settings settings =
        argList.contains("--tiny")
            ? Settings.tiny()
            : argList.contains("--quick") ? Settings.quick() : Settings.full();
    Set<String> only = new LinkedHashSet<>(BENCHMARKS);
    Path out = Path.of(".");
    for (String arg : args) {
      if (arg.startsWith("--only=")) {
        only = new LinkedHashSet<>(Arrays.asList(arg.substring(7).split(",")));
      } else if (arg.startsWith("--out=")) {
        out = Path.of(arg.substring(6));
      }
    }
    String flag =
        argList.contains("--tiny") ? " --tiny" : argList.contains("--quick") ? " --quick" : "";
    Report report =
        new Report(
            "./mvnw -B -q package -DskipTests && java -jar benchmarks/target/wagate-benchmarks.jar"
                + flag
                + "\n# or: bench/run.sh"
                + flag,
            settings.mode());
    List<String> failures = new java.util.ArrayList<>();
    long started = System.nanoTime();
    if (only.contains("cpu")) {
      LOGGER.info("1. CPU per record (JMH)");
      attempt(report, failures, "cpu", () -> CpuBenchmarks.run(settings, report));
    }
    Path stateRoot = Files.createTempDirectory("wagate-bench-state");
    if (only.stream().anyMatch(b -> !b.equals("cpu"))) {
      absoluteClassPath();
      LOGGER.info("Starting the embedded broker");
      try (EmbeddedKafka broker = EmbeddedKafka.start();
          Kafka kafka = new Kafka(broker.bootstrapServers())) {
        BrokerBenchmarks brokerBenchmarks =
            new BrokerBenchmarks(kafka, stateRoot, settings, report);
        if (only.contains("throughput")) {
          LOGGER.info("2. Throughput");
          attempt(report, failures, "throughput", () -> brokerBenchmarks.throughput());
        }
        if (only.contains("latency")) {
          LOGGER.info("3. Latency");
          attempt(report, failures, "latency", () -> brokerBenchmarks.latency());
        }
        if (only.contains("scale")) {
          LOGGER.info("4. Scale and restore");
          attempt(report, failures, "scale", () -> brokerBenchmarks.scale());
        }
        if (only.contains("ingress")) {
          LOGGER.info("5. Ingress");
          attempt(
              report, failures, "ingress", () -> IngressBenchmarks.run(kafka, settings, report));
        }
        if (only.contains("sender")) {
          LOGGER.info("6. Sender");
          attempt(report, failures, "sender", () -> SenderBenchmarks.run(kafka, settings, report));
        }
        if (only.contains("limits")) {
          LOGGER.info("7. Messaging limits");
          attempt(
              report,
              failures,
              "limits",
              () -> new LimitsBenchmarks(kafka, stateRoot, settings, report).run());
        }
      } finally {
        deleteQuietly(stateRoot);
      }
    }
    LOGGER.info(
        "Benchmarks took {} s", TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));
    System.out.println();
    System.out.print(report.table());
    if (!argList.contains("--no-write")) {
      report.write(out, machine());
      System.out.println(
          "\nWrote " + out.resolve("BENCHMARKS.md") + " and " + out.resolve("docs/benchmarks.svg"));
    }
    if (!failures.isEmpty()) {
      throw new IllegalStateException("benchmarks failed: " + failures);
    }
    return report;
  }

  /** A benchmark that may fail. */
  private interface Benchmark {
    void run() throws Exception;
  }

  /** Runs one benchmark; a failure is reported and noted, and the others still run. */
  private static void attempt(Report report, List<String> failures, String name, Benchmark b) {
    try {
      b.run();
    } catch (Exception | AssertionError e) {
      LOGGER.error("Benchmark {} failed", name, e);
      failures.add(name);
      report.note("**" + name + " failed in this run:** " + e);
    }
  }

  /**
   * The embedded broker's JVM runs on this JVM's class path from its own data directory: a relative
   * path such as {@code java -jar benchmarks/target/...} gives would not resolve there.
   */
  private static void absoluteClassPath() {
    String[] entries = System.getProperty("java.class.path").split(java.io.File.pathSeparator);
    StringBuilder absolute = new StringBuilder();
    for (String entry : entries) {
      if (absolute.length() > 0) {
        absolute.append(java.io.File.pathSeparator);
      }
      absolute.append(Path.of(entry).toAbsolutePath());
    }
    System.setProperty("java.class.path", absolute.toString());
  }

  /** nproc, free -g and java -version, as the shell prints them. */
  static String machine() {
    StringBuilder text = new StringBuilder();
    for (List<String> command :
        List.of(List.of("nproc"), List.of("free", "-g"), List.of("uname", "-srm"))) {
      text.append("$ ").append(String.join(" ", command)).append("\n").append(exec(command));
    }
    text.append("$ java -version (the JVM that ran the benchmarks)\n")
        .append(System.getProperty("java.vm.name"))
        .append(" ")
        .append(System.getProperty("java.runtime.version"))
        .append(" (")
        .append(System.getProperty("java.vendor"))
        .append(")\n")
        .append("availableProcessors=")
        .append(Runtime.getRuntime().availableProcessors())
        .append(", max heap ")
        .append(Runtime.getRuntime().maxMemory() / (1024 * 1024))
        .append(" MiB\n");
    return text.toString();
  }

  private static String exec(List<String> command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      process.waitFor(10, TimeUnit.SECONDS);
      return output;
    } catch (IOException e) {
      return "(" + command.get(0) + " unavailable: " + e.getMessage() + ")\n";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "(interrupted)\n";
    }
  }

  private static void deleteQuietly(Path dir) {
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      LOGGER.warn("Could not delete {}: {}", dir, e.toString());
    }
  }
}
