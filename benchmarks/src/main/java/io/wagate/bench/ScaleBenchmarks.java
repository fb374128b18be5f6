package io.wagate.bench;

import io.wagate.schemas.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Benchmark 4: throughput and restore time of wagate holding few and many conversations.
 *
 * <p>Each size has its own application id whose state wagate itself builds once (one inbound
 * message per conversation); the measured runs then restart that application on its kept state with
 * the same visit load, so the sizes differ only in how much state the visits land in.
 */
final class ScaleBenchmarks {

  private static final Logger LOGGER = LoggerFactory.getLogger(ScaleBenchmarks.class);

  /**
   * Visit {@code v} goes to conversation {@code v * STRIDE mod N}. A prime (Knuth's multiplicative
   * hash constant), so coprime to every size: each conversation is visited equally often, and
   * consecutive visits land all over the key range, not in its first few thousand keys.
   */
  static final long STRIDE = 2_654_435_761L;

  private static final long PROGRESS_NANOS = TimeUnit.SECONDS.toNanos(5);
  private static final Duration RESTORE_TIMEOUT = Duration.ofSeconds(900);

  /** Makes wagate's application, exactly_once_v2, the settings of benchmark 2. */
  interface Apps {
    StreamsSubject wagate(String appId);
  }

  /**
   * An application id whose state holds {@code conversations} conversations.
   *
   * @param produceSeconds time to pre-load its inbound messages
   * @param processSeconds time from start() until wagate had committed them all
   */
  private record Population(
      String appId, int conversations, double produceSeconds, double processSeconds) {}

  /** One restore from the changelogs. */
  private record Restore(double seconds, long records) {}

  private final Kafka kafka;
  private final Settings settings;
  private final Report report;
  private final Apps apps;
  private int sequence;

  ScaleBenchmarks(Kafka kafka, Settings settings, Report report, Apps apps) {
    this.kafka = kafka;
    this.settings = settings;
    this.report = report;
    this.apps = apps;
  }

  void run() throws Exception {
    int visits = settings.scaleVisits();
    long scaleStart = System.nanoTime();
    Population few = populate(settings.fewConversations());
    Population many = populate(settings.manyConversations());
    Map<Population, List<Double>> rates = new HashMap<>();
    Map<Population, List<Double>> restores = new HashMap<>();
    Map<Population, List<Double>> restored = new HashMap<>();
    for (int round = 0; round < settings.scaleRounds(); round++) {
      // The order flips every round, so warming up (JIT, page cache) favours neither size.
      for (Population population : round % 2 == 0 ? List.of(few, many) : List.of(many, few)) {
        double rate = measure(population, visits);
        Restore restore = restore(population);
        LOGGER.info(
            "scale {} conversations round {}: {} records/s; restore of {} changelog records {} s",
            population.conversations(),
            round + 1,
            Row.fmt(rate),
            restore.records(),
            Row.fmt(restore.seconds()));
        rates.computeIfAbsent(population, p -> new ArrayList<>()).add(rate);
        restores.computeIfAbsent(population, p -> new ArrayList<>()).add(restore.seconds());
        restored
            .computeIfAbsent(population, p -> new ArrayList<>())
            .add((double) restore.records());
      }
    }
    LOGGER.info("scale took {} s", TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - scaleStart));
    report(few, many, visits, rates, restores, restored);
  }

  // ------------------------------------------------------------------ populate

  /**
   * Pre-loads one inbound message per conversation, lets wagate process them all under a new
   * application id, and closes it cleanly: its local state directory stays for the measured runs.
   */
  private Population populate(int conversations) throws Exception {
    String tag = tag();
    String appId = "bench-scale-" + conversations + "-" + tag;
    LOGGER.info("scale: populating {} conversations as {}", conversations, appId);
    Map<TopicPartition, Long> inputStart = kafka.endOffsets(Kafka.inputTopics());
    long produceStart = System.nanoTime();
    produceInbound(tag, conversations);
    double produceSeconds = (System.nanoTime() - produceStart) / 1e9;
    kafka.seedGroup(appId, inputStart);
    Map<TopicPartition, Long> end = kafka.endOffsets(List.of(Topics.INBOUND.name()));
    StreamsSubject app = apps.wagate(appId);
    long processStart = System.nanoTime();
    double processSeconds;
    try {
      app.start();
      awaitCommitted(appId, inputStart, end, app, conversations);
      processSeconds = (System.nanoTime() - processStart) / 1e9;
    } finally {
      app.close();
    }
    LOGGER.info(
        "scale: populated {} conversations: produced in {} s, processed in {} s ({} records/s)",
        conversations,
        Row.fmt(produceSeconds),
        Row.fmt(processSeconds),
        Row.fmt(conversations / processSeconds));
    return new Population(appId, conversations, produceSeconds, processSeconds);
  }

  /**
   * Writes one inbound message per conversation, generated as it goes (a million records would not
   * sit well in a list), with timestamps rising by a millisecond and none in the future.
   */
  private void produceInbound(String tag, int conversations) {
    Map<String, Object> config = new HashMap<>();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.LINGER_MS_CONFIG, 20);
    config.put(ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024);
    config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    AtomicReference<Exception> failure = new AtomicReference<>();
    long first = System.currentTimeMillis() - conversations;
    long start = System.nanoTime();
    long lastLog = start;
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
      for (int c = 0; c < conversations; c++) {
        long t = first + c;
        Records.Raw r =
            Records.raw(
                Topics.INBOUND,
                Records.key(c),
                Records.inbound("wamid." + tag + "-p" + c, c, Instant.ofEpochMilli(t)),
                t);
        producer.send(
            new ProducerRecord<>(r.topic(), null, r.timestamp(), r.key(), r.value()),
            (metadata, e) -> {
              if (e != null) {
                failure.compareAndSet(null, e);
              }
            });
        long now = System.nanoTime();
        if (now - lastLog > PROGRESS_NANOS) {
          lastLog = now;
          LOGGER.info(
              "scale: produced {} of {} inbound messages, {} s",
              c + 1,
              conversations,
              Row.fmt((now - start) / 1e9));
        }
      }
      producer.flush();
    }
    if (failure.get() != null) {
      throw new IllegalStateException("pre-loading inbound messages failed", failure.get());
    }
  }

  /**
   * Waits until the application's committed offsets reach {@code end}: under exactly_once_v2 they
   * commit in the same transaction as the state changes and outputs, so then all is processed.
   */
  private void awaitCommitted(
      String appId,
      Map<TopicPartition, Long> start,
      Map<TopicPartition, Long> end,
      StreamsSubject app,
      int records)
      throws Exception {
    Duration timeout = Duration.ofSeconds(Math.max(180, records / 500));
    long begin = System.nanoTime();
    long deadline = begin + timeout.toNanos();
    long lastLog = begin;
    while (true) {
      app.checkHealthy();
      Map<TopicPartition, OffsetAndMetadata> committed =
          kafka
              .admin
              .listConsumerGroupOffsets(appId)
              .partitionsToOffsetAndMetadata()
              .get(60, TimeUnit.SECONDS);
      long done = 0;
      boolean all = true;
      for (Map.Entry<TopicPartition, Long> target : end.entrySet()) {
        OffsetAndMetadata offset = committed.get(target.getKey());
        long at = offset == null ? start.get(target.getKey()) : offset.offset();
        done += Math.min(at, target.getValue()) - start.get(target.getKey());
        all &= at >= target.getValue();
      }
      long now = System.nanoTime();
      if (all) {
        return;
      }
      if (now > deadline) {
        throw new IllegalStateException(
            "only " + done + " of " + records + " inbound messages processed within " + timeout);
      }
      if (now - lastLog > PROGRESS_NANOS) {
        lastLog = now;
        double seconds = (now - begin) / 1e9;
        LOGGER.info(
            "scale: wagate processed {} of {} inbound messages, {} s ({} records/s)",
            done,
            records,
            Row.fmt(seconds),
            Row.fmt(done / seconds));
      }
      Thread.sleep(200);
    }
  }

  // ------------------------------------------------------------------ measure

  /**
   * Pre-loads the visit load over the population's conversations, restarts its application on the
   * kept local state, and times from RUNNING until every request's routing outcome is visible.
   *
   * @return input records per second
   */
  private double measure(Population population, int visits) throws Exception {
    List<Records.Raw> records =
        Records.mixed(tag(), visits, population.conversations(), Instant.now(), STRIDE);
    Map<TopicPartition, Long> inputStart = kafka.endOffsets(Kafka.inputTopics());
    Map<TopicPartition, Long> statusStart = kafka.endOffsets(List.of(Topics.STATUS.name()));
    kafka.load(records);
    // Past every other run's records, including the other population's visits.
    kafka.seedGroup(population.appId(), inputStart);
    StreamsSubject app = apps.wagate(population.appId());
    try (Sink sink = new Sink(kafka.bootstrapServers, statusStart)) {
      app.start();
      long start = System.nanoTime();
      long end =
          sink.await(
              (long) visits * Records.REQUESTS_PER_VISIT,
              Sink.OUTCOME,
              (id, t) -> {},
              app,
              Duration.ofSeconds(Math.max(180, records.size() / 100)));
      double seconds = (end - start) / 1e9;
      LOGGER.info(
          "scale: {} records over {} conversations in {} s ({} changelog records restored at"
              + " start)",
          records.size(),
          population.conversations(),
          Row.fmt(seconds),
          app.restoredRecords());
      return records.size() / seconds;
    } finally {
      app.close();
    }
  }

  // ------------------------------------------------------------------ restore

  /**
   * Deletes the application's local state and starts it again: the time until the last store
   * restoration ends. The application is closed after, its state rebuilt for the next round.
   */
  private Restore restore(Population population) throws Exception {
    StreamsSubject app = apps.wagate(population.appId());
    app.deleteLocalState();
    LOGGER.info(
        "scale: restoring {} conversations from the changelogs", population.conversations());
    try {
      long start = System.nanoTime();
      app.start();
      double seconds = app.awaitRestored(start, RESTORE_TIMEOUT);
      return new Restore(seconds, app.restoredRecords());
    } finally {
      app.close();
    }
  }

  // ------------------------------------------------------------------ report

  private void report(
      Population few,
      Population many,
      int visits,
      Map<Population, List<Double>> rates,
      Map<Population, List<Double>> restores,
      Map<Population, List<Double>> restored) {
    int n = many.conversations();
    List<Double> ratios = Stats.ratios(rates.get(many), rates.get(few));
    double ratio = Stats.median(ratios);
    report.add(
        new Row(
            "4",
            String.format(
                Locale.ROOT,
                "throughput, %,d vs %,d conversations in state, exactly_once_v2",
                n,
                few.conversations()),
            "rec/s",
            rates.get(many),
            String.format(Locale.ROOT, "rec/s at %,d", few.conversations()),
            rates.get(few),
            ratios,
            n >= 1_000_000 ? "ratio ≥ 0.8" : "ratio ≥ 0.8 (issue: at 1,000,000)",
            ratio >= 0.8));
    report.add(
        new Row(
            "4",
            String.format(
                Locale.ROOT,
                "restore from changelogs, %,d vs %,d conversations (%,.0f vs %,.0f records)",
                n,
                few.conversations(),
                Stats.median(restored.get(many)),
                Stats.median(restored.get(few))),
            "s",
            restores.get(many),
            String.format(Locale.ROOT, "s at %,d", few.conversations()),
            restores.get(few),
            Stats.ratios(restores.get(many), restores.get(few)),
            null,
            null));
    report.throughputPoint("wagate, exactly_once_v2", few.conversations(), median(rates, few));
    report.throughputPoint("wagate, exactly_once_v2", n, median(rates, many));
    report.note(
        String.format(
            Locale.ROOT,
            "4. Scale: wagate itself builds the state. For each size an application id of its own"
                + " (exactly_once_v2, the settings of 2.) processes one pre-loaded inbound"
                + " message per conversation until its committed offsets reach the end, then"
                + " closes cleanly and keeps its local state: %,d conversations took %,.0f s to"
                + " pre-load and %,.0f s from start() to process (%,.0f rec/s); %,d took %,.1f s."
                + " A measured run pre-loads the load of 2. (%,d visits, %,.0f records) spread"
                + " over all of the application's conversations (visit v goes to conversation"
                + " v × %,d mod N, so consecutive visits land all over the key range: per run,"
                + " each of %,d conversations is visited %,.0f times; of %,d, %,d distinct ones are"
                + " visited, in stores that hold all of them; a conversation visited often"
                + " remembers up to 16 inbound message ids, one visited once two, so the few"
                + " conversations' stored values are the larger), restarts the same application"
                + " id on its local state (no restore) and times from RUNNING until every"
                + " request's routing outcome is visible on wa.status, as in 2. Then the"
                + " application stops, its local state directory is deleted and it starts"
                + " again: the time from start() until the last store restoration ends (a"
                + " StateRestoreListener; RUNNING alone comes before the state updater has"
                + " restored) is the restore of every conversation, request and timer from the"
                + " changelogs, whose record count the row gives. Each round measures both"
                + " sizes, each measured run followed by its restore, the order flipping every"
                + " round; %d round(s).",
            n,
            many.produceSeconds(),
            many.processSeconds(),
            n / many.processSeconds(),
            few.conversations(),
            few.processSeconds(),
            visits,
            visits * (Records.RECORDS_PER_VISIT + 0.1),
            STRIDE,
            few.conversations(),
            (double) visits / few.conversations(),
            n,
            Math.min(visits, n),
            settings.scaleRounds()));
  }

  private static double median(Map<Population, List<Double>> values, Population population) {
    return Stats.median(values.get(population));
  }

  private String tag() {
    return "s" + (++sequence) + "-" + Long.toString(System.currentTimeMillis() % 100_000, 36);
  }
}
