package io.wagate.bench;

import io.wagate.local.simulator.ProviderSimulator;
import io.wagate.schemas.Topics;
import io.wagate.schemas.config.Environment;
import io.wagate.schemas.contact.ConversationKey;
import io.wagate.schemas.events.Kind;
import io.wagate.schemas.events.OutboundMessage;
import io.wagate.schemas.events.Purpose;
import io.wagate.schemas.events.TextContent;
import io.wagate.sender.SenderService;
import io.wagate.sender.config.SenderConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Benchmark 6: the sender against the local run's provider simulator (Meta's Cloud API answers),
 * pacing off: messages pre-loaded on {@code wa.send.freeform}, timed from the sender's start until
 * every outcome is visible on {@code wa.status.callbacks} ({@code read_committed}). Baseline, in
 * the same rounds: a bare loop of the same JDK HTTP client posting the same requests to the same
 * simulator with as many in flight as the sender allows, and no Kafka at all.
 */
final class SenderBenchmarks {

  private static final Logger LOGGER = LoggerFactory.getLogger(SenderBenchmarks.class);
  private static final String NUMBER = "+31201234599";
  private static final int CONVERSATIONS = 1_000;
  private static final int IN_FLIGHT = 64;
  private static final int TRANSPORT_ATTEMPTS = 3;

  private SenderBenchmarks() {}

  static void run(Kafka kafka, Settings settings, Report report) throws Exception {
    int messages = settings.senderMessages();
    int rounds = Math.min(settings.rounds(), 3);
    List<Double> senderRates = new ArrayList<>();
    List<Double> bareRates = new ArrayList<>();
    List<Double> senderCpu = new ArrayList<>();
    List<Double> bareCpu = new ArrayList<>();
    try (ProviderSimulator simulator = ProviderSimulator.start(0, null)) {
      // Warm-up of both, unmeasured: the JIT, connections, the transaction coordinator.
      bareLoop(simulator, Math.max(200, messages / 4));
      senderRun(kafka, simulator, Math.max(200, messages / 4));
      for (int round = 0; round < rounds; round++) {
        Cpu cpu = Cpu.now();
        senderRates.add(senderRun(kafka, simulator, messages));
        senderCpu.add(cpu.perSend("sender", messages));
        cpu = Cpu.now();
        bareRates.add(bareLoop(simulator, messages));
        bareCpu.add(cpu.perSend("bare", messages));
        LOGGER.info(
            "sender round {}: {} vs {} sends/s",
            round + 1,
            Row.fmt(senderRates.get(round)),
            Row.fmt(bareRates.get(round)));
      }
    }
    report.add(
        new Row(
            "6",
            "sender, sends per second against the provider simulator, pacing off",
            "sends/s",
            senderRates,
            "sends/s bare HTTP loop",
            bareRates,
            Stats.ratios(senderRates, bareRates),
            null,
            null));
    report.add(
        new Row(
            "6",
            "sender CPU per send (this JVM: sender, simulator; and the broker)",
            "µs",
            senderCpu,
            "µs bare HTTP loop",
            bareCpu,
            Stats.ratios(senderCpu, bareCpu),
            null,
            null));
    report.note(
        String.format(
            Locale.ROOT,
            "6. Sender: %,d one-text messages over %,d conversations of one Meta number are"
                + " pre-loaded on wa.send.freeform (3 partitions); a SenderService with pacing off"
                + " (WAGATE_SENDER_PACING=false, %d sends in flight, commit interval 100 ms) in"
                + " this JVM sends them to the local run's ProviderSimulator (Cloud API answers,"
                + " no webhooks) on 127.0.0.1, timed from start() until a read_committed consumer"
                + " has seen every outcome on wa.status.callbacks. Each run has its own consumer"
                + " group, seeded at the run's own records. Baseline: the same JDK HttpClient"
                + " posting the same request bodies to the same simulator, %d in flight, no Kafka."
                + " CPU per send: this JVM's CPU time (sender or bare loop, simulator, reader) plus"
                + " the broker JVM's, per message. After one unmeasured warm-up of both, %d"
                + " round(s), each runs the sender, then the bare loop.",
            messages,
            CONVERSATIONS,
            IN_FLIGHT,
            IN_FLIGHT,
            rounds));
  }

  /** One run of the sender over {@code messages} pre-loaded messages; sends per second. */
  private static double senderRun(Kafka kafka, ProviderSimulator simulator, int messages)
      throws Exception {
    String group = "bench-sender-" + UUID.randomUUID();
    kafka.seedGroup(
        group, kafka.endOffsets(List.of(Topics.SEND_FREEFORM.name(), Topics.SEND_TEMPLATE.name())));
    Map<TopicPartition, Long> callbacksStart =
        kafka.endOffsets(List.of(Topics.STATUS_CALLBACKS.name()));
    String run = group.substring(group.length() - 8);
    try (KafkaProducer<byte[], byte[]> producer = Kafka.producer(kafka.bootstrapServers, 20)) {
      for (int i = 0; i < messages; i++) {
        OutboundMessage message = message(run + "-" + i, contact(i % CONVERSATIONS));
        producer.send(
            new ProducerRecord<>(
                Topics.SEND_FREEFORM.name(),
                new ConversationKey(NUMBER, message.to())
                    .toString()
                    .getBytes(StandardCharsets.UTF_8),
                Topics.SEND_FREEFORM
                    .valueSerde()
                    .serializer()
                    .serialize(Topics.SEND_FREEFORM.name(), message)));
      }
      producer.flush();
    }
    Map<String, String> env = new HashMap<>();
    env.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers);
    env.put("KAFKA_GROUP_ID", group);
    env.put(SenderConfig.INSTANCE_ID, group);
    env.put(SenderConfig.HOST, "127.0.0.1");
    env.put(SenderConfig.PORT, "0");
    env.put(SenderConfig.PACING, "false");
    env.put(SenderConfig.MAX_IN_FLIGHT, Integer.toString(IN_FLIGHT));
    env.put(SenderConfig.META_BASE_URL, simulator.baseUrl());
    env.put("BENCH_META_TOKEN", "bench-token");
    env.put(
        SenderConfig.NUMBERS,
        "{\"numbers\":[{\"businessNumber\":\""
            + NUMBER
            + "\",\"provider\":\"META\",\"phoneNumberId\":\"bench\","
            + "\"accessToken\":{\"env\":\"BENCH_META_TOKEN\"}}]}");
    try (KafkaConsumer<byte[], byte[]> reader = reader(kafka.bootstrapServers, callbacksStart)) {
      long started = System.nanoTime();
      try (SenderService sender = SenderService.start(SenderConfig.from(Environment.of(env)))) {
        int seen = 0;
        long deadline = started + TimeUnit.MINUTES.toNanos(5);
        byte[] prefix = ("\"requestId\":\"" + run + "-").getBytes(StandardCharsets.UTF_8);
        while (seen < messages) {
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException(
                "the sender wrote " + seen + " of " + messages + " outcomes within 5 minutes");
          }
          for (ConsumerRecord<byte[], byte[]> record : reader.poll(Duration.ofMillis(50))) {
            if (contains(record.value(), prefix)) {
              seen++;
            }
          }
        }
        return messages / ((System.nanoTime() - started) / 1e9);
      }
    }
  }

  /** The bare loop: the same requests, the same client, the same concurrency; sends per second. */
  private static double bareLoop(ProviderSimulator simulator, int messages) throws Exception {
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    URI uri = URI.create(simulator.baseUrl() + "/v24.0/bench/messages");
    Semaphore inFlight = new Semaphore(IN_FLIGHT);
    AtomicLong failed = new AtomicLong();
    AtomicLong retried = new AtomicLong();
    List<CompletableFuture<?>> all = new ArrayList<>(messages);
    long started = System.nanoTime();
    for (int i = 0; i < messages; i++) {
      byte[] body =
          ("{\"messaging_product\":\"whatsapp\",\"recipient_type\":\"individual\",\"to\":\""
                  + contact(i % CONVERSATIONS).substring(1)
                  + "\",\"type\":\"text\",\"text\":{\"preview_url\":false,\"body\":\"Your"
                  + " appointment is tomorrow at 10:00.\"},\"biz_opaque_callback_data\":\"bare-"
                  + i
                  + "\"}")
              .getBytes(StandardCharsets.UTF_8);
      HttpRequest request =
          HttpRequest.newBuilder(uri)
              .header("Content-Type", "application/json")
              .header("Authorization", "Bearer bench-token")
              .POST(HttpRequest.BodyPublishers.ofByteArray(body))
              .build();
      inFlight.acquire();
      all.add(
          post(client, request, TRANSPORT_ATTEMPTS, retried)
              .whenComplete(
                  (response, error) -> {
                    inFlight.release();
                    if (error != null || response.statusCode() != 200) {
                      failed.incrementAndGet();
                    }
                  }));
    }
    CompletableFuture.allOf(all.toArray(new CompletableFuture<?>[0])).join();
    double rate = messages / ((System.nanoTime() - started) / 1e9);
    if (failed.get() > 0) {
      throw new IllegalStateException(failed.get() + " bare sends failed");
    }
    if (retried.get() > 0) {
      LOGGER.info("bare loop: {} posts retried after a transport error", retried.get());
    }
    return rate;
  }

  /**
   * Posts {@code request}, again on a transport error (a pooled connection the server closed), as
   * the sender does: the baseline must not fail where the sender would retry.
   */
  private static CompletableFuture<HttpResponse<byte[]>> post(
      HttpClient client, HttpRequest request, int attempts, AtomicLong retried) {
    return client
        .sendAsync(request, HttpResponse.BodyHandlers.ofByteArray())
        .exceptionallyCompose(
            error -> {
              if (attempts <= 1 || !(unwrap(error) instanceof java.io.IOException)) {
                return CompletableFuture.failedFuture(error);
              }
              retried.incrementAndGet();
              return post(client, request, attempts - 1, retried);
            });
  }

  private static Throwable unwrap(Throwable error) {
    return error instanceof java.util.concurrent.CompletionException && error.getCause() != null
        ? error.getCause()
        : error;
  }

  private static OutboundMessage message(String requestId, String to) {
    return new OutboundMessage(
        requestId,
        NUMBER,
        to,
        null,
        Kind.TEXT,
        null,
        new TextContent("Your appointment is tomorrow at 10:00.", false),
        null,
        null,
        null,
        false,
        Instant.now(),
        Instant.now(),
        1,
        Purpose.REQUESTED,
        null);
  }

  private static String contact(int i) {
    return "+3161700" + String.format(Locale.ROOT, "%04d", i);
  }

  private static KafkaConsumer<byte[], byte[]> reader(
      String bootstrapServers, Map<TopicPartition, Long> start) {
    KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                "false"),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer());
    consumer.assign(start.keySet());
    start.forEach(consumer::seek);
    return consumer;
  }

  private static boolean contains(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  /** CPU time of this JVM and of the broker's JVM, its child. */
  private record Cpu(long self, long broker) {
    static Cpu now() {
      return new Cpu(
          cpu(ProcessHandle.current()),
          ProcessHandle.current().children().mapToLong(Cpu::cpu).sum());
    }

    private static long cpu(ProcessHandle process) {
      return process.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
    }

    /** Microseconds of CPU per send since this reading, both JVMs; logs the split. */
    double perSend(String what, int sends) {
      Cpu end = now();
      double self = (end.self - this.self) / 1e3 / sends;
      double broker = (end.broker - this.broker) / 1e3 / sends;
      LOGGER.info(
          "{}: {} µs CPU per send in this JVM, {} µs in the broker",
          what,
          Row.fmt(self),
          Row.fmt(broker));
      return self + broker;
    }
  }
}
