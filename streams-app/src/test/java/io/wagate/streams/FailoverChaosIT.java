package io.wagate.streams;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.wagate.kafka.KafkaFixture;
import io.wagate.streams.topics.ContractTopics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Failover under load: two {@code wagate-streams.jar} instances (child JVMs) on four partitions, a
 * steady stream of send requests with duplicates, one instance killed with SIGKILL and restarted
 * with its state directory, as a StatefulSet pod is. It measures the longest output gap of every
 * {@code wa.status} partition as a {@code read_committed} consumer sees it, for the survivor's
 * partitions and the killed instance's apart, and the restarted instance's time to {@code
 * /health/ready}; it checks that every request id got exactly one routing outcome.
 *
 * <p>The CI run kills once at 200 requests per second. {@code -Dwagate.chaos.long=true} kills three
 * times, each instance in turn, at 450 per second. Other knobs, for comparing configurations:
 * {@code -Dwagate.chaos.env=KAFKA_FOO=1,WAGATE_BAR=} (set for both instances; an empty value
 * removes a variable the test sets), {@code -Dwagate.chaos.restartDelay=PT60S} (how long the killed
 * instance stays away), {@code -Dwagate.chaos.rate}, {@code -Dwagate.chaos.kills}, {@code
 * -Dwagate.chaos.label}. Each run appends its figures to {@code target/failover-chaos.md}.
 */
class FailoverChaosIT {

  private static final Logger LOGGER = LoggerFactory.getLogger(FailoverChaosIT.class);

  private static final boolean LONG = Boolean.getBoolean("wagate.chaos.long");
  private static final int PARTITIONS = 4;
  private static final int RATE = Integer.getInteger("wagate.chaos.rate", LONG ? 450 : 200);
  private static final int KILLS = Integer.getInteger("wagate.chaos.kills", LONG ? 3 : 1);
  private static final int CONVERSATIONS = 5_000;
  private static final double DUPLICATES = 0.05;
  private static final Duration RESTART_DELAY =
      Duration.parse(System.getProperty("wagate.chaos.restartDelay", "PT0S"));
  private static final String LABEL = System.getProperty("wagate.chaos.label", "wagate defaults");

  /** Load before the first kill: both instances warm, the group settled. */
  private static final Duration WARM_UP = Duration.ofSeconds(LONG ? 20 : 6);

  /** How long each kill is watched at least. */
  private static final Duration AFTER_KILL = Duration.ofSeconds(LONG ? 45 : 22);

  /** Load after the restarted instance is ready at least, so a second rebalance shows. */
  private static final Duration AFTER_READY = Duration.ofSeconds(LONG ? 15 : 6);

  /** Every partition had output this recently: it flows (tens of outcomes a second each). */
  private static final Duration FLOWING = Duration.ofSeconds(2);

  /** The longest a kill is watched: a partition still stopped then counts as stopped till here. */
  private static final Duration MAX_WATCH = Duration.ofSeconds(150);

  private static final Duration STARTUP = Duration.ofSeconds(90);
  private static final Duration DECIDED = Duration.ofSeconds(90);
  private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);

  /** The goal of issue 11 for the survivor's partitions: they barely notice the kill. */
  private static final Duration SURVIVOR_GOAL = Duration.ofSeconds(3);

  /** The goal of issue 11 for any partition, the killed instance's included. */
  private static final Duration ANY_GOAL = Duration.ofSeconds(10);

  /*
   * What CI asserts, loosened from the goals because this 2-core machine is shared: four JVMs and
   * a broker of this test compete with other builds (load averages of 10 to 23 were seen), and a
   * JVM that starts under that load takes 20 to 50 s to RUNNING where it takes seconds on a node of
   * its own. The figures are logged and appended to target/failover-chaos.md; the ones measured are
   * in BENCHMARKS.md, "Failover".
   *
   * - The survivor's partitions: 10 s (goal 3 s).
   * - Any partition: 45 s (goal 10 s), so that none waits out Kafka's default session of 45 s and
   *   a rebalance after it, as they all did before (64 to 67 s measured with Kafka's defaults).
   * - The restarted instance reaches RUNNING within 60 s.
   */
  private static final Duration SURVIVOR_LIMIT = Duration.ofSeconds(10);

  private static final Duration ANY_LIMIT = Duration.ofSeconds(45);
  private static final Duration READY_LIMIT = Duration.ofSeconds(60);

  private static final Path RESULTS = Path.of("target", "failover-chaos.md");
  private static final Path LOGS = Path.of("target", "failover-chaos-logs");

  @TempDir Path workDir;

  private String bootstrapServers;
  private Admin admin;
  private final List<Instance> instances = new ArrayList<>();

  @BeforeEach
  void createTopics() throws Exception {
    bootstrapServers = KafkaFixture.bootstrapServers();
    admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    // Four partitions, whatever an earlier test of this JVM created.
    ContractTopics.deleteAll(admin, ADMIN_TIMEOUT);
    Path log = workDir.resolve("create-topics.log");
    ProcessBuilder builder =
        StreamsJar.builder(Map.of("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers), log);
    builder.command().addAll(List.of("create-topics", "--partitions", String.valueOf(PARTITIONS)));
    Process process = builder.start();
    assertThat(process.waitFor(STARTUP.toSeconds(), TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(Files.readString(log, UTF_8)).isZero();
  }

  @AfterEach
  void stop() {
    instances.forEach(Instance::close);
    if (admin != null) {
      admin.close();
    }
  }

  @Test
  void shouldFailOverWithinSecondsAndGiveEveryRequestIdOneRoutingOutcome() throws Exception {
    // Given two instances under steady load
    String applicationId = "wagate-chaos-" + UUID.randomUUID();
    String businessNumber = "+3120" + (1_000_000 + ThreadLocalRandom.current().nextInt(8_999_999));
    instances.add(new Instance("chaos-a", applicationId));
    instances.add(new Instance("chaos-b", applicationId));
    for (Instance instance : instances) {
      instance.start();
    }
    for (Instance instance : instances) {
      instance.awaitReady();
    }
    List<Kill> kills = new ArrayList<>();
    Set<String> requestIds;
    Map<String, Integer> outcomes;
    try (StatusRecorder status = new StatusRecorder(bootstrapServers, businessNumber);
        SteadyLoad load =
            new SteadyLoad(bootstrapServers, businessNumber, RATE, CONVERSATIONS, DUPLICATES)) {
      load.start();
      awaitNanos(System.nanoTime() + WARM_UP.toNanos(), status);

      // When one instance after the other is killed and restarted
      for (int k = 0; k < KILLS; k++) {
        Instance victim = instances.get(k % instances.size());
        Instance survivor = instances.get((k + 1) % instances.size());
        kills.add(killAndRestart(victim, survivor, applicationId, status));
      }
      load.stop();
      requestIds = load.requestIds();
      awaitDecided(status, requestIds);
      status.awaitPositions(lastStableOffsets(), DECIDED);
      outcomes = status.outcomes();
      LOGGER.info(
          "Load: {} records ({} duplicates) for {} request ids at {}/s; {} routing outcomes read",
          load.written(),
          load.duplicates(),
          requestIds.size(),
          RATE,
          outcomes.values().stream().mapToInt(Integer::intValue).sum());
    }
    report(kills);

    // Then
    assertThat(outcomes.keySet()).as("request ids with a routing outcome").isEqualTo(requestIds);
    Map<String, Integer> repeated =
        outcomes.entrySet().stream()
            .filter(entry -> entry.getValue() != 1)
            .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    assertThat(repeated).as("request ids with more than one routing outcome").isEmpty();
    if (RESTART_DELAY.isZero()) {
      for (Kill kill : kills) {
        assertThat(kill.survivorGap())
            .as(
                "longest gap on the survivor's partitions %s (goal %s)",
                kill.survivorPartitions(), SURVIVOR_GOAL)
            .isLessThanOrEqualTo(SURVIVOR_LIMIT);
        assertThat(kill.victimGap())
            .as(
                "longest gap on the killed instance's partitions %s (goal %s; %s from the kill to"
                    + " its restart's RUNNING)",
                kill.victimPartitions(), ANY_GOAL, kill.killToReady())
            .isLessThanOrEqualTo(ANY_LIMIT);
        assertThat(kill.timeToReady())
            .as("the restarted instance's time to RUNNING (goal %s)", ANY_GOAL)
            .isLessThanOrEqualTo(READY_LIMIT);
      }
    }
  }

  private Kill killAndRestart(
      Instance victim, Instance survivor, String applicationId, StatusRecorder status)
      throws Exception {
    Set<Integer> victimPartitions =
        TaskOwners.partitionsOf(admin, applicationId, victim.name, ADMIN_TIMEOUT);
    Set<Integer> survivorPartitions =
        TaskOwners.partitionsOf(admin, applicationId, survivor.name, ADMIN_TIMEOUT);
    assertThat(victimPartitions).as("%s owns partitions before the kill", victim.name).isNotEmpty();
    long killedAt = System.nanoTime();
    victim.kill();
    LOGGER.info(
        "Killed {} (partitions {}); {} keeps {}",
        victim.name,
        victimPartitions,
        survivor.name,
        survivorPartitions);
    awaitNanos(killedAt + RESTART_DELAY.toNanos(), status);
    long restartedAt = System.nanoTime();
    victim.start();
    victim.awaitReady();
    long readyAt = System.nanoTime();
    // Readiness comes before the output: a restarted instance may be RUNNING with no tasks yet,
    // or rebalance once more. The watch ends once every partition flows again, or at the cap.
    awaitNanos(Math.max(killedAt + AFTER_KILL.toNanos(), readyAt + AFTER_READY.toNanos()), status);
    long cap = killedAt + MAX_WATCH.toNanos();
    while (!allFlowing(status) && System.nanoTime() < cap) {
      awaitNanos(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200), status);
    }
    long end = System.nanoTime();

    Map<Integer, Duration> gaps = new LinkedHashMap<>();
    Map<Integer, String> when = new LinkedHashMap<>();
    for (int partition = 0; partition < status.partitions(); partition++) {
      OutputGaps.Gap gap = OutputGaps.longest(status.arrivals(partition), killedAt, end);
      gaps.put(partition, gap.length());
      when.put(partition, seconds(gap.length()) + " s from " + seconds(gap.startAfter(killedAt)));
    }
    Kill kill =
        new Kill(
            victim.name,
            victimPartitions,
            survivorPartitions,
            gaps,
            Duration.ofNanos(readyAt - restartedAt),
            Duration.ofNanos(readyAt - killedAt));
    LOGGER.info(
        "Kill of {}: longest gap per partition {} (s after the kill), survivor's longest {},"
            + " killed one's longest {}; restarted instance RUNNING {} after its start, {} after"
            + " the kill",
        kill.victim(),
        when,
        kill.survivorGap(),
        kill.victimGap(),
        kill.timeToReady(),
        kill.killToReady());
    return kill;
  }

  /** Whether every partition had output within the last {@link #FLOWING} seconds. */
  private static boolean allFlowing(StatusRecorder status) {
    long since = System.nanoTime() - FLOWING.toNanos();
    for (int partition = 0; partition < status.partitions(); partition++) {
      List<Long> arrivals = status.arrivals(partition);
      if (arrivals.isEmpty() || arrivals.get(arrivals.size() - 1) < since) {
        return false;
      }
    }
    return true;
  }

  /** Keeps the recorder checked while the load runs on; the deadline is a point in nanoTime. */
  private static void awaitNanos(long deadline, StatusRecorder status) throws InterruptedException {
    Object pace = new Object();
    while (System.nanoTime() < deadline) {
      status.check();
      synchronized (pace) {
        TimeUnit.NANOSECONDS.timedWait(
            pace, Math.min(deadline - System.nanoTime(), TimeUnit.MILLISECONDS.toNanos(200)));
      }
    }
  }

  private static void awaitDecided(StatusRecorder status, Set<String> requestIds)
      throws InterruptedException {
    long deadline = System.nanoTime() + DECIDED.toNanos();
    while (!status.outcomes().keySet().containsAll(requestIds)) {
      assertThat(System.nanoTime())
          .as(
              "every request decided within %s (%d of %d)",
              DECIDED, status.outcomes().size(), requestIds.size())
          .isLessThan(deadline);
      awaitNanos(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200), status);
    }
  }

  /** What a read_committed consumer can read of wa.status now. */
  private Map<TopicPartition, Long> lastStableOffsets() throws Exception {
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    IntStream.range(0, PARTITIONS)
        .forEach(p -> latest.put(new TopicPartition("wa.status", p), OffsetSpec.latest()));
    Map<TopicPartition, Long> end = new HashMap<>();
    admin
        .listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
        .all()
        .get(ADMIN_TIMEOUT.toSeconds(), TimeUnit.SECONDS)
        .forEach((partition, info) -> end.put(partition, info.offset()));
    return end;
  }

  private static void report(List<Kill> kills) throws Exception {
    StringBuilder lines = new StringBuilder();
    for (Kill kill : kills) {
      lines.append(
          String.format(
              "| %s | %s | %d/s | %s | %.1f s | %.1f s | %.1f s | %.1f s |%n",
              Instant.now(),
              LABEL,
              RATE,
              RESTART_DELAY.isZero() ? "at once" : "after " + RESTART_DELAY.toSeconds() + " s",
              seconds(kill.survivorGap()),
              seconds(kill.victimGap()),
              seconds(kill.timeToReady()),
              seconds(kill.killToReady())));
    }
    Files.createDirectories(RESULTS.getParent());
    Files.writeString(
        RESULTS, lines.toString(), UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  private static double seconds(Duration duration) {
    return duration.toMillis() / 1000.0;
  }

  /**
   * One kill and what it cost.
   *
   * @param victim the killed instance
   * @param victimPartitions its partitions before the kill
   * @param survivorPartitions the other instance's partitions before the kill
   * @param gaps the longest output gap of each partition from the kill to the end of the watch
   * @param timeToReady from the restarted process's start to its first 200 on /health/ready
   * @param killToReady from the kill to that 200
   */
  private record Kill(
      String victim,
      Set<Integer> victimPartitions,
      Set<Integer> survivorPartitions,
      Map<Integer, Duration> gaps,
      Duration timeToReady,
      Duration killToReady) {

    Duration survivorGap() {
      return longestOf(survivorPartitions);
    }

    Duration victimGap() {
      return longestOf(victimPartitions);
    }

    private Duration longestOf(Set<Integer> partitions) {
      return partitions.stream()
          .map(gaps::get)
          .max(Duration::compareTo)
          .orElseThrow(() -> new IllegalStateException("no partitions"));
    }
  }

  /** One instance: its environment and state directory outlive its processes. */
  private final class Instance implements AutoCloseable {

    private final String name;
    private final Map<String, String> environment = new HashMap<>();
    private final Path log;
    private StreamsJar process;

    Instance(String name, String applicationId) throws Exception {
      this.name = name;
      Files.createDirectories(LOGS);
      // Kept after the run (target/), for reading what a slow failover waited for.
      this.log = LOGS.resolve(applicationId + "-" + name + ".log");
      environment.put("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers);
      environment.put("KAFKA_APPLICATION_ID", applicationId);
      // Tells the instances apart in the group (TaskOwners).
      environment.put("KAFKA_CLIENT_ID", name);
      environment.put("KAFKA_STATE_DIR", Files.createDirectory(workDir.resolve(name)).toString());
      // What k8s/ gives each pod: its stable name, and a standby replica of every store.
      environment.put("WAGATE_INSTANCE_ID", name);
      environment.put("KAFKA_NUM_STANDBY_REPLICAS", "1");
      environment.put("WAGATE_HTTP_HOST", "127.0.0.1");
      environment.put("WAGATE_HTTP_PORT", String.valueOf(StreamsJar.freePort()));
      // The decisions' failover is what is measured (the figures in BENCHMARKS.md came before
      // the reports): the reports' own sub-topologies double the tasks a killed instance restores
      // from scratch (exactly-once leaves no checkpoint), which on a loaded 2-core machine took the
      // restart past its 90 s. -Dwagate.chaos.env=WAGATE_REPORTS=true measures with them.
      environment.put("WAGATE_REPORTS", "false");
      for (String setting : System.getProperty("wagate.chaos.env", "").split(",")) {
        int equals = setting.indexOf('=');
        if (equals > 0 && equals == setting.length() - 1) {
          environment.remove(setting.substring(0, equals).strip());
        } else if (equals > 0) {
          environment.put(setting.substring(0, equals).strip(), setting.substring(equals + 1));
        }
      }
    }

    void start() throws Exception {
      process = StreamsJar.start(environment, log);
    }

    void awaitReady() throws Exception {
      try {
        process.awaitReady(STARTUP);
      } catch (AssertionError e) {
        throw new AssertionError(e.getMessage() + "; " + name + " log:\n" + process.tail(40), e);
      }
    }

    void kill() throws InterruptedException {
      process.kill();
    }

    @Override
    public void close() {
      if (process != null) {
        process.close();
      }
    }
  }
}
