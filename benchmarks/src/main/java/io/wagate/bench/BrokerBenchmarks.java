package io.wagate.bench;

import io.wagate.schemas.Topics;
import io.wagate.schemas.config.Environment;
import io.wagate.streams.app.TopicCheck;
import io.wagate.streams.config.WagateConfig;
import io.wagate.streams.processor.ConversationMetrics;
import io.wagate.streams.topology.WagateTopology;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Benchmarks 2 to 4: throughput, latency and scale on a real broker. */
final class BrokerBenchmarks {

  private static final Logger LOGGER = LoggerFactory.getLogger(BrokerBenchmarks.class);

  static final String EOS = StreamsConfig.EXACTLY_ONCE_V2;
  static final String ALOS = StreamsConfig.AT_LEAST_ONCE;

  /** Exactly-once output becomes visible at each commit; 100 ms is the EOS default, said aloud. */
  static final int EOS_COMMIT_INTERVAL_MS = 100;

  /** Conversations with an open window that the latency runs write to. */
  private static final int LATENCY_CONVERSATIONS = 1_000;

  /** The share of a latency run's first records left out as warm-up. */
  private static final double LATENCY_WARMUP = 0.2;

  enum Kind {
    WAGATE("wagate topology"),
    /** Without the reports' sub-topologies ({@code WAGATE_REPORTS=false}): decisions alone. */
    WAGATE_NO_REPORTS("wagate topology, WAGATE_REPORTS=false"),
    /**
     * The same load with inbound messages and callbacks placed as librdkafka's default partitioner
     * places them (CRC32 of the key), so most of them take wagate's repartition topics; without the
     * reports, so that it compares with {@link #WAGATE_NO_REPORTS}: the decisions' cost alone.
     */
    WAGATE_CRC32("wagate topology, WAGATE_REPORTS=false, input placed by CRC32"),
    PASS_THROUGH("Streams pass-through"),
    PLAIN("plain consume-produce loop");

    boolean wagate() {
      return this == WAGATE || this == WAGATE_NO_REPORTS || this == WAGATE_CRC32;
    }

    final String label;

    Kind(String label) {
      this.label = label;
    }
  }

  private final Kafka kafka;
  private final Path stateRoot;
  private final Settings settings;
  private final Report report;
  private int sequence;

  BrokerBenchmarks(Kafka kafka, Path stateRoot, Settings settings, Report report) {
    this.kafka = kafka;
    this.stateRoot = stateRoot;
    this.settings = settings;
    this.report = report;
  }

  // ------------------------------------------------------------------ 2. throughput

  void throughput() throws Exception {
    // One unmeasured run of each subject first: otherwise the first round times the JIT compiling
    // wagate's code paths (the baselines' are few and hot at once), not wagate.
    for (Kind kind : List.of(Kind.WAGATE, Kind.PASS_THROUGH, Kind.PLAIN)) {
      List<Records.Raw> records =
          Records.mixed(run(), settings.throughputVisits(), LATENCY_CONVERSATIONS, Instant.now());
      double rate = throughputRun(kind, EOS, records, settings.throughputVisits()).rate();
      LOGGER.info("throughput {} warm-up: {} records/s (not counted)", kind, Row.fmt(rate));
    }
    for (String guarantee : List.of(EOS, ALOS)) {
      Map<Kind, List<Double>> rates = new HashMap<>();
      Map<Kind, List<PerInput>> costs = new HashMap<>();
      List<Kind> kinds =
          guarantee.equals(EOS)
              ? List.of(Kind.values())
              : List.of(Kind.WAGATE, Kind.PASS_THROUGH, Kind.PLAIN);
      for (int round = 0; round < settings.rounds(); round++) {
        for (Kind kind : kinds) {
          List<Records.Raw> records =
              Records.mixed(
                  run(), settings.throughputVisits(), LATENCY_CONVERSATIONS, Instant.now());
          if (kind == Kind.WAGATE_CRC32) {
            records = Records.placedByCrc32(records, Kafka.PARTITIONS);
          }
          Measured run = throughputRun(kind, guarantee, records, settings.throughputVisits());
          double rate = run.rate();
          LOGGER.info(
              "throughput {} {} round {}: {} records/s", kind, guarantee, round + 1, Row.fmt(rate));
          rates.computeIfAbsent(kind, k -> new ArrayList<>()).add(rate);
          PerInput cost = PerInput.of(run.cost(), records.size());
          LOGGER.info(
              "records written by {} {} round {} ({} input records): {}",
              kind,
              guarantee,
              round + 1,
              records.size(),
              run.cost().writesByTopic());
          costs.computeIfAbsent(kind, k -> new ArrayList<>()).add(cost);
          LOGGER.info(
              "cost {} {} round {}: per input record {} µs CPU here, {} µs CPU in the broker,"
                  + " {} records written",
              kind,
              guarantee,
              round + 1,
              Row.fmt(cost.appMicros()),
              Row.fmt(cost.brokerMicros()),
              Row.fmt(cost.writes()));
        }
      }
      String g = guarantee.equals(EOS) ? "exactly_once_v2" : "at_least_once";
      List<Double> wagate = rates.get(Kind.WAGATE);
      List<Double> pass = rates.get(Kind.PASS_THROUGH);
      List<Double> plain = rates.get(Kind.PLAIN);
      List<Double> ratio = Stats.ratios(wagate, pass);
      boolean eos = guarantee.equals(EOS);
      report.add(
          new Row(
              "2",
              "throughput, wagate vs Streams pass-through, " + g,
              "rec/s",
              wagate,
              "rec/s pass-through",
              pass,
              ratio,
              eos ? "ratio ≥ 0.5" : null,
              eos ? Stats.median(ratio) >= 0.5 : null));
      if (eos) {
        report.add(
            new Row(
                "2",
                "throughput, wagate without reports (WAGATE_REPORTS=false) vs with, " + g,
                "rec/s",
                rates.get(Kind.WAGATE_NO_REPORTS),
                "rec/s with reports",
                wagate,
                Stats.ratios(rates.get(Kind.WAGATE_NO_REPORTS), wagate),
                null,
                null));
        report.add(
            new Row(
                "2",
                "throughput without reports, inbound and callbacks placed by CRC32 vs by"
                    + " murmur2, "
                    + g,
                "rec/s",
                rates.get(Kind.WAGATE_CRC32),
                "rec/s murmur2",
                rates.get(Kind.WAGATE_NO_REPORTS),
                Stats.ratios(rates.get(Kind.WAGATE_CRC32), rates.get(Kind.WAGATE_NO_REPORTS)),
                null,
                null));
        report.add(
            new Row(
                "2",
                "throughput without reports vs Streams pass-through, " + g,
                "rec/s",
                rates.get(Kind.WAGATE_NO_REPORTS),
                "rec/s pass-through",
                pass,
                Stats.ratios(rates.get(Kind.WAGATE_NO_REPORTS), pass),
                null,
                null));
        report.add(
            costRow(
                "records written per input record without reports, " + g,
                "",
                costs.get(Kind.WAGATE_NO_REPORTS),
                costs.get(Kind.PASS_THROUGH),
                PerInput::writes));
        report.add(
            costRow(
                "records written per input record without reports, input placed by CRC32, " + g,
                "",
                costs.get(Kind.WAGATE_CRC32),
                costs.get(Kind.PASS_THROUGH),
                PerInput::writes));
      }
      List<PerInput> wagateCost = costs.get(Kind.WAGATE);
      List<PerInput> passCost = costs.get(Kind.PASS_THROUGH);
      report.add(
          costRow(
              "records written per input record (every topic, internal ones included), " + g,
              "",
              wagateCost,
              passCost,
              PerInput::writes));
      report.add(
          costRow(
              "CPU per input record in the Streams JVM, " + g,
              "µs",
              wagateCost,
              passCost,
              PerInput::appMicros));
      report.add(
          costRow(
              "CPU per input record in the broker, " + g,
              "µs",
              wagateCost,
              passCost,
              PerInput::brokerMicros));
      report.add(
          new Row(
              "2",
              "throughput, wagate vs plain loop, " + g,
              "rec/s",
              wagate,
              "rec/s plain loop",
              plain,
              Stats.ratios(wagate, plain),
              null,
              null));
      report.add(
          new Row(
              "2",
              "throughput, Streams pass-through vs plain loop, " + g,
              "rec/s",
              pass,
              "rec/s plain loop",
              plain,
              Stats.ratios(pass, plain),
              null,
              null));
    }
    report.note(
        String.format(
            Locale.ROOT,
            "2. Throughput: %,d visits (%d records each: a user's message, three send requests,"
                + " a delivery callback; every tenth visit a CRM consent) over %,d conversations"
                + " are pre-loaded into the four input topics (%d partitions each), then the"
                + " subject starts and the clock runs from RUNNING (Streams) or partition"
                + " assignment (plain loop) until a read_committed consumer has seen every"
                + " request's routing outcome on wa.status (wagate) or every copied record (the"
                + " baselines). Rate = input records / that time. Each run has a new"
                + " application id whose offsets start at the run's own records. One stream"
                + " thread; commit.interval.ms = %d under exactly_once_v2 (the plain loop commits"
                + " a transaction as often), wagate's default (30 s) under at_least_once. The"
                + " plain loop copies bytes; the pass-through topology decodes and encodes with"
                + " wagate's serdes. After one unmeasured warm-up run of each subject, rounds: %d,"
                + " each runs wagate, pass-through, plain in turn (under exactly_once_v2 also"
                + " wagate with WAGATE_REPORTS=false, and wagate with WAGATE_REPORTS=false and the"
                + " inbound messages and callbacks written to the partition librdkafka's default"
                + " partitioner picks,"
                + " CRC32 of the key, so that those not on their murmur2 partition take the"
                + " repartition topics; send requests always take one hop from their request id's"
                + " partition to their conversation's). Beside each rate: the CPU"
                + " time the Streams JVM and the broker's JVM spent, and the records the broker"
                + " took on every topic (changelogs, repartition topics and, under"
                + " exactly_once_v2, transaction markers included), per input record.",
            settings.throughputVisits(),
            Records.RECORDS_PER_VISIT,
            LATENCY_CONVERSATIONS,
            Kafka.PARTITIONS,
            EOS_COMMIT_INTERVAL_MS,
            settings.rounds()));
  }

  /** A run's {@link Cost} divided by its input records. */
  private record PerInput(double writes, double appMicros, double brokerMicros) {
    static PerInput of(Cost cost, int inputs) {
      return new PerInput(
          (double) cost.writes() / inputs,
          cost.appCpuNanos() / 1e3 / inputs,
          cost.brokerCpuNanos() / 1e3 / inputs);
    }
  }

  private static Row costRow(
      String name,
      String unit,
      List<PerInput> wagate,
      List<PerInput> pass,
      java.util.function.ToDoubleFunction<PerInput> per) {
    List<Double> values = wagate.stream().map(per::applyAsDouble).toList();
    List<Double> baselines = pass.stream().map(per::applyAsDouble).toList();
    return new Row(
        "2",
        name,
        unit,
        values,
        (unit.isEmpty() ? "" : unit + " ") + "pass-through",
        baselines,
        Stats.ratios(values, baselines),
        null,
        null);
  }

  /** One throughput run: input records per second, and what the run cost besides time. */
  private record Measured(double rate, Cost cost) {}

  /**
   * Pre-loads {@code records}, starts the subject, and measures until all its outputs are visible.
   */
  private Measured throughputRun(Kind kind, String guarantee, List<Records.Raw> records, int visits)
      throws Exception {
    String appId = "bench-" + kind.name().toLowerCase(Locale.ROOT) + "-" + run();
    String sinkTopic = sinkOf(kind);
    Map<TopicPartition, Long> inputStart = kafka.endOffsets(Kafka.inputTopics());
    Map<TopicPartition, Long> sinkStart = kafka.endOffsets(List.of(sinkTopic));
    kafka.load(records);
    kafka.seedGroup(appId, inputStart);
    long expected = kind.wagate() ? (long) visits * Records.REQUESTS_PER_VISIT : records.size();
    Duration timeout = Duration.ofSeconds(Math.max(180, records.size() / 100));
    Subject subject = subject(kind, appId, guarantee);
    Cost before = Cost.now(kafka);
    double rate;
    try (Sink sink = new Sink(kafka.bootstrapServers, sinkStart)) {
      subject.start();
      long start = System.nanoTime();
      long end =
          sink.await(
              expected, kind.wagate() ? Sink.OUTCOME : Sink.EVERY, (id, t) -> {}, subject, timeout);
      rate = records.size() / ((end - start) / 1e9);
    } finally {
      subject.close();
    }
    // After a clean close: the subject's last commit and changelog writes are in.
    return new Measured(rate, Cost.now(kafka).minus(before));
  }

  // ------------------------------------------------------------------ 3. latency

  void latency() throws Exception {
    for (int rate : settings.latencyRates()) {
      Map<Kind, List<long[]>> percentiles = new HashMap<>();
      for (int round = 0; round < settings.latencyRounds(); round++) {
        for (Kind kind : List.of(Kind.WAGATE, Kind.PASS_THROUGH)) {
          long[] p = latencyRun(kind, rate, settings.latencySeconds());
          LOGGER.info(
              "latency {} at {}/s round {}: p50 {} ms, p99 {} ms, p999 {} ms",
              kind,
              rate,
              round + 1,
              p[0] / 1e6,
              p[1] / 1e6,
              p[2] / 1e6);
          percentiles.computeIfAbsent(kind, k -> new ArrayList<>()).add(p);
        }
      }
      String[] names = {"p50", "p99", "p999"};
      for (int q = 0; q < names.length; q++) {
        List<Double> wagate = millis(percentiles.get(Kind.WAGATE), q);
        List<Double> pass = millis(percentiles.get(Kind.PASS_THROUGH), q);
        boolean target = q == 1 && rate == 5_000;
        report.add(
            new Row(
                "3",
                String.format(
                    Locale.ROOT, "latency %s at %,d rec/s, exactly_once_v2", names[q], rate),
                "ms",
                wagate,
                "ms pass-through",
                pass,
                Stats.ratios(wagate, pass),
                target ? "≤ 300 ms" : null,
                target ? Stats.median(wagate) <= 300 : null));
        if (q < 2) {
          report.latencyPoint("wagate " + names[q], rate, Stats.median(wagate));
          report.latencyPoint("pass-through " + names[q], rate, Stats.median(pass));
        }
      }
    }
    report.note(
        String.format(
            Locale.ROOT,
            "3. Latency: the subject runs first (exactly_once_v2, commit.interval.ms = %d, other"
                + " settings wagate's defaults); %,d conversations have an open window. An open"
                + " loop then schedules text requests at fixed times (offered rate × %d s),"
                + " stamping each record with its intended send time, and a read_committed"
                + " consumer (fetch.max.wait.ms = 10) takes the time from the intended send time"
                + " to the routing outcome's visibility, so a stalled producer or broker cannot"
                + " hide queued requests (no coordinated omission). The first %.0f%% of each"
                + " run is warm-up and left out. Baseline: the pass-through topology under the"
                + " same settings and load. Rounds: %d.",
            EOS_COMMIT_INTERVAL_MS,
            LATENCY_CONVERSATIONS,
            settings.latencySeconds(),
            LATENCY_WARMUP * 100,
            settings.latencyRounds()));
  }

  private static List<Double> millis(List<long[]> runs, int q) {
    List<Double> values = new ArrayList<>();
    for (long[] run : runs) {
      values.add(run[q] / 1e6);
    }
    return values;
  }

  /** Returns p50, p99 and p999 in nanoseconds. */
  private long[] latencyRun(Kind kind, int rate, int seconds) throws Exception {
    String run = run();
    String appId = "bench-latency-" + kind.name().toLowerCase(Locale.ROOT) + "-" + run;
    Map<TopicPartition, Long> inputStart = kafka.endOffsets(Kafka.inputTopics());
    Map<TopicPartition, Long> sinkStart = kafka.endOffsets(List.of(sinkOf(kind)));
    Instant now = Instant.now();
    List<Records.Raw> warm = new ArrayList<>();
    for (int c = 0; c < LATENCY_CONVERSATIONS; c++) {
      warm.add(
          Records.raw(
              Topics.INBOUND,
              Records.key(c),
              Records.inbound("wamid." + run + "-" + c, c, now.minusSeconds(5)),
              now.minusSeconds(5).toEpochMilli()));
    }
    kafka.load(warm);
    kafka.seedGroup(appId, inputStart);
    int count = rate * seconds;
    long[] intended = new long[count];
    long[] seen = new long[count];
    long period = TimeUnit.SECONDS.toNanos(1) / rate;
    Subject subject = subject(kind, appId, EOS);
    try (Sink sink = new Sink(kafka.bootstrapServers, sinkStart);
        KafkaProducer<byte[], byte[]> producer = Kafka.producer(kafka.bootstrapServers, 0)) {
      subject.start();
      // Let the warm-up records through before the clock starts.
      Thread.sleep(1_000);
      String prefix = run + "-l-";
      long startNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50);
      long startMillis = System.currentTimeMillis() + 50;
      Thread sender =
          new Thread(
              () -> {
                for (int i = 0; i < count; i++) {
                  long due = startNanos + i * period;
                  long wait;
                  while ((wait = due - System.nanoTime()) > 0) {
                    LockSupport.parkNanos(wait);
                  }
                  intended[i] = due;
                  long stamp = startMillis + i * period / 1_000_000;
                  String id = prefix + i;
                  Records.Raw r =
                      Records.raw(
                          Topics.SEND_REQUESTS,
                          id,
                          Records.text(id, i % LATENCY_CONVERSATIONS, Instant.ofEpochMilli(stamp)),
                          stamp);
                  producer.send(
                      new ProducerRecord<>(r.topic(), null, r.timestamp(), r.key(), r.value()));
                }
                producer.flush();
              },
              "open-loop-sender");
      sender.setDaemon(true);
      sender.start();
      long expected = kind == Kind.WAGATE ? count : count + LATENCY_CONVERSATIONS;
      sink.await(
          expected,
          kind == Kind.WAGATE ? Sink.OUTCOME : Sink.EVERY,
          (id, t) -> {
            if (id.startsWith(prefix)) {
              seen[Integer.parseInt(id.substring(prefix.length()))] = t;
            }
          },
          subject,
          Duration.ofSeconds(seconds + 120L));
      sender.join();
    } finally {
      subject.close();
    }
    int from = (int) (count * LATENCY_WARMUP);
    long[] latencies = new long[count - from];
    for (int i = from; i < count; i++) {
      latencies[i - from] = seen[i] - intended[i];
    }
    java.util.Arrays.sort(latencies);
    return new long[] {
      Stats.percentile(latencies, 0.50),
      Stats.percentile(latencies, 0.99),
      Stats.percentile(latencies, 0.999)
    };
  }

  // ------------------------------------------------------------------ 4. scale

  void scale() throws Exception {
    new ScaleBenchmarks(kafka, settings, report, appId -> wagate(appId, EOS)).run();
  }

  // ------------------------------------------------------------------ subjects

  private Subject subject(Kind kind, String appId, String guarantee) {
    return switch (kind) {
      case WAGATE -> wagate(appId, guarantee, true);
      case WAGATE_NO_REPORTS, WAGATE_CRC32 -> wagate(appId, guarantee, false);
      case PASS_THROUGH -> new StreamsSubject(PassThrough::build, config(appId, guarantee).kafka());
      case PLAIN ->
          new PlainLoop(
              kafka.bootstrapServers,
              appId,
              guarantee.equals(EOS),
              guarantee.equals(EOS) ? EOS_COMMIT_INTERVAL_MS : 30_000);
    };
  }

  /** wagate's topology as application {@code appId}, its state under this run's state root. */
  private StreamsSubject wagate(String appId, String guarantee) {
    return wagate(appId, guarantee, true);
  }

  private StreamsSubject wagate(String appId, String guarantee, boolean reports) {
    WagateConfig config = config(appId, guarantee, reports);
    TopicCheck.ensureCommandsTopic(
        kafka.admin,
        WagateTopology.commandsTopic(config),
        Kafka.PARTITIONS,
        Duration.ofSeconds(30));
    return new StreamsSubject(
        () -> WagateTopology.build(config, ConversationMetrics.discarding()), config.kafka());
  }

  private WagateConfig config(String appId, String guarantee) {
    return config(appId, guarantee, true);
  }

  private WagateConfig config(String appId, String guarantee, boolean reports) {
    Map<String, String> env = new HashMap<>();
    env.put("WAGATE_REPORTS", Boolean.toString(reports));
    env.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers);
    env.put("KAFKA_APPLICATION_ID", appId);
    env.put("KAFKA_STATE_DIR", stateRoot.toString());
    env.put("KAFKA_PROCESSING_GUARANTEE", guarantee);
    if (guarantee.equals(EOS)) {
      env.put("KAFKA_COMMIT_INTERVAL_MS", Integer.toString(EOS_COMMIT_INTERVAL_MS));
    }
    return WagateConfig.from(Environment.of(env)).withPartitions(Kafka.PARTITIONS);
  }

  private static String sinkOf(Kind kind) {
    return switch (kind) {
      case WAGATE, WAGATE_NO_REPORTS, WAGATE_CRC32 -> Topics.STATUS.name();
      case PASS_THROUGH -> PassThrough.SINK;
      case PLAIN -> Kafka.PLAIN_SINK;
    };
  }

  private String run() {
    return "r" + (++sequence) + "-" + Long.toString(System.currentTimeMillis() % 100_000, 36);
  }
}
