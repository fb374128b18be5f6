package io.wagate.kafka;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Uuid;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka broker in KRaft mode (one process as both broker and controller),
 * started from the Kafka jars on this JVM's classpath in a child JVM.
 *
 * <p>The broker listens on 127.0.0.1 only. Its data, its {@code server.properties} and its log
 * ({@code broker.log}) live in the data directory. {@link #stop()} takes the broker down and keeps
 * the data; {@link #restart()} brings it back on the same port with the same data. The child JVM
 * dies with this one: a shutdown hook stops it, and the child exits by itself when its standard
 * input closes, which also happens when this JVM is killed.
 *
 * <pre>{@code
 * try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
 *   String bootstrapServers = kafka.bootstrapServers();
 *   ...
 * }
 * }</pre>
 */
public final class EmbeddedKafka implements AutoCloseable {

  private static final Logger LOGGER = LoggerFactory.getLogger(EmbeddedKafka.class);

  private static final String HOST = "127.0.0.1";
  private static final int NODE_ID = 1;
  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration FORMAT_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration POLL_INTERVAL = Duration.ofMillis(100);
  private static final int LOG_TAIL_LINES = 40;

  /** How often the broker deletes what its topics no longer retain. */
  public static final Duration RETENTION_CHECK_INTERVAL = Duration.ofSeconds(1);

  // Another process may take a free port between our probe and the broker's bind.
  private static final int START_ATTEMPTS_ON_FREE_PORTS = 3;

  private final Path dataDir;
  private final boolean ownsDataDir;
  private final int port;
  private final int controllerPort;
  private final Thread shutdownHook;
  private @Nullable Process process;
  private boolean closed;
  private boolean ownShutdownHook = true;

  private EmbeddedKafka(Path dataDir, boolean ownsDataDir, int port, int controllerPort) {
    this.dataDir = dataDir;
    this.ownsDataDir = ownsDataDir;
    this.port = port;
    this.controllerPort = controllerPort;
    this.shutdownHook = new Thread(this::closeOnShutdown, "embedded-kafka-shutdown-" + port);
  }

  /**
   * Starts a broker on free ports with a new temporary data directory, which {@link #close()}
   * deletes.
   *
   * @return the running broker
   * @throws IllegalStateException when the broker does not come up; the message carries the tail of
   *     its log
   */
  public static EmbeddedKafka start() {
    Path dataDir = createTempDir();
    IllegalStateException failure = null;
    for (int attempt = 1; attempt <= START_ATTEMPTS_ON_FREE_PORTS; attempt++) {
      int port = freePort();
      int controllerPort = freePort();
      while (controllerPort == port) {
        controllerPort = freePort();
      }
      EmbeddedKafka kafka = new EmbeddedKafka(dataDir, true, port, controllerPort);
      try {
        kafka.launch();
        return kafka;
      } catch (PortTakenException e) {
        LOGGER.warn(
            "Port {} or {} was taken before the broker bound it; retrying on others",
            port,
            controllerPort);
        failure = e;
        kafka.stop();
      } catch (RuntimeException e) {
        kafka.close();
        throw e;
      }
    }
    deleteRecursively(dataDir);
    throw failure;
  }

  /**
   * Starts a broker on a fixed port with a data directory that outlives it, for the local run. A
   * directory that already holds a broker's data is reused as it is; {@link #close()} leaves it in
   * place.
   *
   * @param dataDir the directory for the broker's data, configuration and log; created if missing
   * @param port the port of the client listener on 127.0.0.1, or 0 for a free one
   * @return the running broker
   * @throws IllegalStateException when the broker does not come up; the message carries the tail of
   *     its log
   */
  public static EmbeddedKafka start(Path dataDir, int port) {
    try {
      Files.createDirectories(dataDir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the Kafka data directory " + dataDir, e);
    }
    int brokerPort = port == 0 ? freePort() : port;
    int controllerPort = freePort();
    while (controllerPort == brokerPort) {
      controllerPort = freePort();
    }
    EmbeddedKafka kafka =
        new EmbeddedKafka(dataDir.toAbsolutePath(), false, brokerPort, controllerPort);
    try {
      kafka.launch();
      return kafka;
    } catch (RuntimeException e) {
      kafka.close();
      throw e;
    }
  }

  /** The {@code bootstrap.servers} value for clients of this broker. */
  public String bootstrapServers() {
    return HOST + ":" + port;
  }

  /** The broker's data directory. */
  public Path dataDir() {
    return dataDir;
  }

  /** The broker's log file, appended to across restarts. */
  public Path logFile() {
    return dataDir.resolve("broker.log");
  }

  /**
   * Leaves stopping this broker at JVM exit to the caller, whose own shutdown hook must then {@link
   * #close()} it once the clients that need it are closed. The JVM runs all shutdown hooks at the
   * same time, so with the broker's own hook the broker would go down while those clients still
   * commit. Should this JVM end without closing it, the broker still stops: its standard input
   * closes.
   *
   * @return this broker
   */
  public synchronized EmbeddedKafka withoutShutdownHook() {
    ownShutdownHook = false;
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // The JVM is already shutting down: the hook runs anyway, as it would have a moment earlier.
    }
    return this;
  }

  /** Whether the broker process is running. */
  public synchronized boolean isRunning() {
    return process != null && process.isAlive();
  }

  /**
   * Takes the broker down, cleanly if it stops within 30 seconds, and keeps its data. Does nothing
   * when it is not running.
   */
  public synchronized void stop() {
    Process running = process;
    if (running == null) {
      return;
    }
    process = null;
    running.destroy();
    try {
      if (!running.waitFor(SHUTDOWN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        LOGGER.warn(
            "Kafka broker on port {} did not stop in {}; killing it", port, SHUTDOWN_TIMEOUT);
        running.destroyForcibly().waitFor();
      }
    } catch (InterruptedException e) {
      running.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    LOGGER.info("Kafka broker on port {} stopped", port);
  }

  /**
   * Stops the broker if it runs and starts it again on the same port with the same data.
   *
   * @throws IllegalStateException when the broker does not come back
   */
  public synchronized void restart() {
    if (closed) {
      throw new IllegalStateException("this broker is closed");
    }
    stop();
    launch();
  }

  /** Stops the broker and deletes its data directory when {@link #start()} created it. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    stop();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException | IllegalArgumentException e) {
      // The JVM is already shutting down, or the hook was never registered: nothing to undo.
    }
    if (ownsDataDir) {
      deleteRecursively(dataDir);
    }
  }

  private synchronized void closeOnShutdown() {
    if (!closed) {
      closed = true;
      stop();
      if (ownsDataDir) {
        deleteRecursively(dataDir);
      }
    }
  }

  private synchronized void launch() {
    Path config = writeServerProperties();
    if (!Files.exists(logDir().resolve("meta.properties"))) {
      format(config);
    }
    Path logFile = logFile();
    List<String> command = javaCommand();
    command.add(BrokerMain.class.getName());
    command.add(config.toString());
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(dataDir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
    try {
      // Standard input stays a pipe from this JVM: the child exits when it closes.
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the Kafka broker process", e);
    }
    registerShutdownHookOnce();
    LOGGER.info(
        "Kafka broker starting on {} (data {}, log {})", bootstrapServers(), dataDir, logFile);
    awaitReady(Instant.now().plus(STARTUP_TIMEOUT));
    LOGGER.info("Kafka broker ready on {}", bootstrapServers());
  }

  private void registerShutdownHookOnce() {
    if (!ownShutdownHook) {
      return;
    }
    try {
      Runtime.getRuntime().addShutdownHook(shutdownHook);
    } catch (IllegalArgumentException e) {
      // Already registered by an earlier start of this broker.
    }
  }

  private Path logDir() {
    return dataDir.resolve("kraft-combined-logs");
  }

  private Path writeServerProperties() {
    Properties properties = new Properties();
    properties.setProperty("process.roles", "broker,controller");
    properties.setProperty("node.id", String.valueOf(NODE_ID));
    // A static voter set keeps restarts simple: nothing about the quorum lives in the data.
    properties.setProperty("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
    properties.setProperty(
        "listeners",
        "PLAINTEXT://" + HOST + ":" + port + ",CONTROLLER://" + HOST + ":" + controllerPort);
    properties.setProperty("advertised.listeners", "PLAINTEXT://" + bootstrapServers());
    properties.setProperty(
        "listener.security.protocol.map", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT");
    properties.setProperty("controller.listener.names", "CONTROLLER");
    properties.setProperty("inter.broker.listener.name", "PLAINTEXT");
    properties.setProperty("log.dirs", logDir().toString());

    // One broker: every internal topic must be satisfiable by it alone.
    properties.setProperty("offsets.topic.replication.factor", "1");
    properties.setProperty("transaction.state.log.replication.factor", "1");
    properties.setProperty("transaction.state.log.min.isr", "1");
    properties.setProperty("share.coordinator.state.topic.replication.factor", "1");
    properties.setProperty("share.coordinator.state.topic.min.isr", "1");
    properties.setProperty("default.replication.factor", "1");
    properties.setProperty("min.insync.replicas", "1");
    // Fewer internal partitions make the first consumer group and transaction start faster.
    properties.setProperty("offsets.topic.num.partitions", "5");
    properties.setProperty("transaction.state.log.num.partitions", "5");
    properties.setProperty("share.coordinator.state.topic.num.partitions", "5");

    // Tests: groups form at once, and a topic nobody created is an error, not a surprise.
    properties.setProperty("group.initial.rebalance.delay.ms", "0");
    properties.setProperty("auto.create.topics.enable", "false");
    // Tests that prove a record survives retention need the retention check to run within seconds,
    // not every five minutes. With a handful of partitions the check costs next to nothing.
    properties.setProperty(
        "log.retention.check.interval.ms", String.valueOf(RETENTION_CHECK_INTERVAL.toMillis()));

    // A small machine: few threads, a small cleaner buffer, modest segments.
    properties.setProperty("num.network.threads", "2");
    properties.setProperty("num.io.threads", "4");
    properties.setProperty("num.recovery.threads.per.data.dir", "1");
    properties.setProperty("log.cleaner.dedupe.buffer.size", "2097152");
    // Tests that prove what compaction keeps need the cleaner to look within a second or two.
    properties.setProperty("log.cleaner.backoff.ms", "1000");
    properties.setProperty("log.segment.bytes", "16777216");

    Path config = dataDir.resolve("server.properties");
    try (Writer writer = Files.newBufferedWriter(config, StandardCharsets.UTF_8)) {
      properties.store(writer, "wagate embedded Kafka broker; rewritten on every start");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + config, e);
    }
    writeBrokerLoggingConfig();
    return config;
  }

  // Used when the classpath carries logback; other SLF4J providers keep their own defaults.
  private void writeBrokerLoggingConfig() {
    String logback =
        """
        <configuration>
          <appender name="STDOUT" class="ch.qos.logback.core.ConsoleAppender">
            <encoder><pattern>%d{HH:mm:ss.SSS} %-5level [%thread] %logger{36} - %msg%n</pattern></encoder>
          </appender>
          <logger name="org.apache.kafka.common.config" level="WARN"/>
          <logger name="kafka.server.KafkaConfig" level="WARN"/>
          <logger name="state.change.logger" level="WARN"/>
          <root level="INFO"><appender-ref ref="STDOUT"/></root>
        </configuration>
        """;
    try {
      Files.writeString(brokerLoggingConfig(), logback, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + brokerLoggingConfig(), e);
    }
  }

  private Path brokerLoggingConfig() {
    return dataDir.resolve("broker-logback.xml");
  }

  private void format(Path config) {
    Path formatLog = dataDir.resolve("format.log");
    List<String> command = javaCommand();
    command.addAll(
        List.of(
            "kafka.tools.StorageTool",
            "format",
            "--cluster-id",
            Uuid.randomUuid().toString(),
            "--config",
            config.toString()));
    try {
      Process formatting =
          new ProcessBuilder(command)
              .directory(dataDir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(formatLog.toFile())
              .start();
      if (!formatting.waitFor(FORMAT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        formatting.destroyForcibly();
        throw new IllegalStateException(
            "formatting the Kafka log directory took over " + FORMAT_TIMEOUT + tail(formatLog));
      }
      if (formatting.exitValue() != 0) {
        throw new IllegalStateException(
            "formatting the Kafka log directory failed with exit code "
                + formatting.exitValue()
                + tail(formatLog));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run Kafka's storage formatter", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while formatting the Kafka log directory", e);
    }
  }

  private List<String> javaCommand() {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xms64m");
    command.add("-Xmx512m");
    command.add("-XX:+ExitOnOutOfMemoryError");
    command.add("-XX:+UseSerialGC");
    command.add("-Djava.awt.headless=true");
    command.add("-Dlogback.configurationFile=" + brokerLoggingConfig());
    command.add("-cp");
    command.add(absoluteClassPath());
    return command;
  }

  /**
   * This JVM's class path with every entry made absolute: the child runs in the data directory,
   * where a relative entry such as {@code java -jar target/app.jar}'s would point nowhere.
   */
  private static String absoluteClassPath() {
    return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .map(entry -> entry.isEmpty() ? entry : new File(entry).getAbsolutePath())
        .collect(Collectors.joining(File.pathSeparator));
  }

  private void awaitReady(Instant deadline) {
    Process running = process;
    while (!acceptsConnections()) {
      pauseOrFail(running, deadline);
    }
    Properties adminConfig = new Properties();
    adminConfig.setProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    adminConfig.setProperty(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
    adminConfig.setProperty(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "5000");
    try (Admin admin = Admin.create(adminConfig)) {
      while (true) {
        try {
          if (!admin
              .describeCluster(new DescribeClusterOptions().timeoutMs(5000))
              .nodes()
              .get(5, TimeUnit.SECONDS)
              .isEmpty()) {
            return;
          }
        } catch (ExecutionException | TimeoutException e) {
          LOGGER.debug("Kafka broker on port {} not ready yet: {}", port, e.toString());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while waiting for the Kafka broker", e);
        }
        pauseOrFail(running, deadline);
      }
    }
  }

  private boolean acceptsConnections() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(HOST, port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  // Waits one poll interval; fails when the broker died or the deadline passed.
  private void pauseOrFail(@Nullable Process running, Instant deadline) {
    if (running == null) {
      throw new IllegalStateException("the Kafka broker on port " + port + " was stopped");
    }
    try {
      if (running.waitFor(POLL_INTERVAL.toMillis(), TimeUnit.MILLISECONDS)) {
        String tail = tail(logFile());
        String message =
            "Kafka broker on port "
                + port
                + " exited with code "
                + running.exitValue()
                + " while starting"
                + tail;
        if (tail.contains("Address already in use") || tail.contains("BindException")) {
          throw new PortTakenException(message);
        }
        throw new IllegalStateException(message);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the Kafka broker", e);
    }
    if (Instant.now().isAfter(deadline)) {
      throw new IllegalStateException(
          "Kafka broker on port "
              + port
              + " did not come up within "
              + STARTUP_TIMEOUT.toSeconds()
              + " s"
              + tail(logFile()));
    }
  }

  private static String tail(Path log) {
    if (!Files.exists(log)) {
      return "; no log was written at " + log;
    }
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      List<String> last = lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size());
      return "; last lines of " + log + ":\n" + String.join("\n", last);
    } catch (IOException e) {
      return "; its log " + log + " could not be read: " + e;
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(false);
      socket.bind(new InetSocketAddress(HOST, 0));
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot find a free port on " + HOST, e);
    }
  }

  private static Path createTempDir() {
    try {
      return Files.createTempDirectory("wagate-kafka-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a temporary Kafka data directory", e);
    }
  }

  private static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      LOGGER.warn("Could not delete the Kafka data directory {}: {}", dir, e.toString());
    }
  }

  /** The broker could not bind a port that was free a moment before. */
  private static final class PortTakenException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    PortTakenException(String message) {
      super(message);
    }
  }
}
