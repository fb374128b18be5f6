package io.wagate.bench;

import io.wagate.schemas.Topics;
import io.wagate.schemas.config.Environment;
import io.wagate.streams.app.TopicCheck;
import io.wagate.streams.config.WagateConfig;
import io.wagate.streams.processor.ConversationMetrics;
import io.wagate.streams.topology.Partitioning;
import io.wagate.streams.topology.WagateTopology;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Benchmark 7: what counting messaging limits costs (issue 13). The same load runs with limits on
 * and off, interleaved: templates to contacts reached for the first time, each outside an open
 * window and with the contact's consent, so with limits on every one makes the round trip to its
 * portfolio's task ({@code admissions-by-portfolio}, the portfolio's stores, the commands topic
 * back to the conversation) before it is routed. The limit is high enough never to hold.
 */
final class LimitsBenchmarks {

  private static final Logger LOGGER = LoggerFactory.getLogger(LimitsBenchmarks.class);

  /** A limit no run reaches: every template goes, none is held. */
  private static final int NEVER_HOLDS = 10_000_000;

  /** Records per template: the CRM's consent for the new contact, then the template. */
  private static final int RECORDS_PER_TEMPLATE = 2;

  private static final byte[] ROUTED_TEMPLATE =
      "\"state\":\"ROUTED_TEMPLATE\"".getBytes(StandardCharsets.UTF_8);

  private final Kafka kafka;
  private final Path stateRoot;
  private final Settings settings;
  private final Report report;
  private int sequence;

  /** Contacts are new in every run, so no run's portfolio knows a contact of another. */
  private int nextContact;

  LimitsBenchmarks(Kafka kafka, Path stateRoot, Settings settings, Report report) {
    this.kafka = kafka;
    this.stateRoot = stateRoot;
    this.settings = settings;
    this.report = report;
  }

  /** Runs the rounds and adds the rows and the note. */
  void run() throws Exception {
    int templates = settings.throughputVisits() * Records.REQUESTS_PER_VISIT;
    // One unmeasured run of each first, as in benchmark 2, so the JIT is not what is timed; not in
    // the one-round smoke mode, whose figures mean nothing anyway.
    for (boolean limits : settings.rounds() > 1 ? List.of(true, false) : List.<Boolean>of()) {
      LOGGER.info(
          "limits {} warm-up: {} records/s (not counted)",
          onOff(limits),
          Row.fmt(measure(limits, templates).rate()));
    }
    Map<Boolean, List<Double>> rates = new HashMap<>();
    Map<Boolean, List<Double>> writes = new HashMap<>();
    Map<Boolean, List<Double>> cpu = new HashMap<>();
    for (int round = 0; round < settings.rounds(); round++) {
      for (boolean limits : List.of(true, false)) {
        Measured run = measure(limits, templates);
        int inputs = templates * RECORDS_PER_TEMPLATE;
        LOGGER.info(
            "limits {} round {}: {} records/s, {} records written and {} µs CPU per input record",
            onOff(limits),
            round + 1,
            Row.fmt(run.rate()),
            Row.fmt((double) run.cost().writes() / inputs),
            Row.fmt(run.cost().appCpuNanos() / 1e3 / inputs));
        rates.computeIfAbsent(limits, k -> new ArrayList<>()).add(run.rate());
        writes
            .computeIfAbsent(limits, k -> new ArrayList<>())
            .add((double) run.cost().writes() / inputs);
        cpu.computeIfAbsent(limits, k -> new ArrayList<>())
            .add(run.cost().appCpuNanos() / 1e3 / inputs);
      }
    }
    report.add(
        row(
            "throughput, messaging limits on vs off, templates to new contacts, exactly_once_v2",
            "rec/s",
            rates));
    report.add(
        row(
            "records written per input record, messaging limits on vs off, exactly_once_v2",
            "",
            writes));
    report.add(
        row(
            "CPU per input record in the Streams JVM, messaging limits on vs off, exactly_once_v2",
            "µs",
            cpu));
    report.note(
        String.format(
            Locale.ROOT,
            "7. Messaging limits: %,d templates (UTILITY) from one business number, each to a"
                + " contact no run reached before, each after that contact's CRM consent (%d"
                + " records per template, keyed so that neither needs a repartition topic), are"
                + " pre-loaded; the clock runs from RUNNING until a read_committed consumer has"
                + " seen every ROUTED_TEMPLATE on wa.status (a run with any other outcome fails)."
                + " Limits on: WAGATE_DEFAULT_MESSAGING_LIMIT=%,d, so every template asks its"
                + " portfolio (the number's own: one task counts them all) and none is held; off:"
                + " WAGATE_MESSAGING_LIMITS=false. exactly_once_v2, commit.interval.ms = %d, one"
                + " stream thread, %d partitions. After one unmeasured run of each (none in the"
                + " smoke mode), rounds: %d, each runs on, then off.",
            templates,
            RECORDS_PER_TEMPLATE,
            NEVER_HOLDS,
            BrokerBenchmarks.EOS_COMMIT_INTERVAL_MS,
            Kafka.PARTITIONS,
            settings.rounds()));
  }

  private static String onOff(boolean limits) {
    return limits ? "on" : "off";
  }

  private static Row row(String name, String unit, Map<Boolean, List<Double>> byLimits) {
    List<Double> on = byLimits.get(true);
    List<Double> off = byLimits.get(false);
    return new Row(
        "7",
        name,
        unit,
        on,
        (unit.isEmpty() ? "" : unit + " ") + "limits off",
        off,
        Stats.ratios(on, off),
        null,
        null);
  }

  /** One run's input records per second and what it cost besides time. */
  private record Measured(double rate, Cost cost) {}

  private Measured measure(boolean limits, int templates) throws Exception {
    String run =
        "lim" + (++sequence) + "-" + Long.toString(System.currentTimeMillis() % 100_000, 36);
    String appId = "bench-limits-" + onOff(limits) + "-" + run;
    List<Records.Raw> records = load(run, templates, Instant.now());
    Map<TopicPartition, Long> inputStart = kafka.endOffsets(Kafka.inputTopics());
    Map<TopicPartition, Long> sinkStart = kafka.endOffsets(List.of(Topics.STATUS.name()));
    kafka.load(records);
    kafka.seedGroup(appId, inputStart);
    Set<String> otherOutcomes = ConcurrentHashMap.newKeySet();
    Sink.Matcher routed =
        record -> {
          String id = Sink.OUTCOME.id(record);
          if (id != null && Sink.indexOf(record.value(), ROUTED_TEMPLATE, 0) < 0) {
            otherOutcomes.add(id);
          }
          return id;
        };
    StreamsSubject subject = subject(appId, limits);
    Cost before = Cost.now(kafka);
    double rate;
    try (Sink sink = new Sink(kafka.bootstrapServers, sinkStart)) {
      subject.start();
      long start = System.nanoTime();
      long end =
          sink.await(
              templates,
              routed,
              (id, t) -> {},
              subject,
              Duration.ofSeconds(Math.max(180, records.size() / 100)));
      rate = records.size() / ((end - start) / 1e9);
    } finally {
      subject.close();
    }
    if (!otherOutcomes.isEmpty()) {
      throw new IllegalStateException(
          otherOutcomes.size()
              + " templates were not routed (limits "
              + onOff(limits)
              + "), e.g. "
              + otherOutcomes.iterator().next());
    }
    return new Measured(rate, Cost.now(kafka).minus(before));
  }

  /**
   * For each template a new contact's consent, then the template. The consent is keyed by its
   * conversation and the request by an id on the same partition, so both are read where their
   * conversation is and the consent, stamped earlier, is applied first.
   */
  private List<Records.Raw> load(String run, int templates, Instant end) {
    List<Records.Raw> records = new ArrayList<>(templates * RECORDS_PER_TEMPLATE);
    long t = end.toEpochMilli() - (long) templates * RECORDS_PER_TEMPLATE;
    for (int i = 0; i < templates; i++) {
      int contact = nextContact++;
      String key = Records.key(contact);
      int partition = Partitioning.partitionOf(key, Kafka.PARTITIONS);
      String id;
      int attempt = 0;
      do {
        id = run + "-" + i + "-" + attempt++;
      } while (Partitioning.partitionOf(id, Kafka.PARTITIONS) != partition);
      records.add(
          Records.raw(Topics.CONSENT, key, Records.consent(contact, Instant.ofEpochMilli(t)), t));
      t++;
      records.add(
          Records.raw(
              Topics.SEND_REQUESTS, id, Records.template(id, contact, Instant.ofEpochMilli(t)), t));
      t++;
    }
    return records;
  }

  private StreamsSubject subject(String appId, boolean limits) {
    Map<String, String> env = new HashMap<>();
    env.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers);
    env.put("KAFKA_APPLICATION_ID", appId);
    env.put("KAFKA_STATE_DIR", stateRoot.toString());
    env.put("KAFKA_PROCESSING_GUARANTEE", BrokerBenchmarks.EOS);
    env.put("KAFKA_COMMIT_INTERVAL_MS", Integer.toString(BrokerBenchmarks.EOS_COMMIT_INTERVAL_MS));
    env.put("WAGATE_MESSAGING_LIMITS", Boolean.toString(limits));
    env.put("WAGATE_DEFAULT_MESSAGING_LIMIT", Integer.toString(NEVER_HOLDS));
    WagateConfig config = WagateConfig.from(Environment.of(env)).withPartitions(Kafka.PARTITIONS);
    TopicCheck.ensureCommandsTopic(
        kafka.admin,
        WagateTopology.commandsTopic(config),
        Kafka.PARTITIONS,
        Duration.ofSeconds(30));
    return new StreamsSubject(
        () -> WagateTopology.build(config, ConversationMetrics.discarding()), config.kafka());
  }
}
