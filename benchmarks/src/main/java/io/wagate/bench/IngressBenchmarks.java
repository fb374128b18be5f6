package io.wagate.bench;

import io.wagate.ingress.IngressService;
import io.wagate.ingress.config.IngressConfig;
import io.wagate.ingress.http.HttpServer;
import io.wagate.schemas.config.Environment;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Benchmark 5: signed Meta webhooks through the full ingress (signature check, mapping, Kafka
 * publish acknowledged before the 200) against a bare handler answering 200 at once on the same
 * Jetty server setup. A Java load generator on loopback: a closed loop for the maximum rate, an
 * open loop at a fixed rate for latency.
 */
final class IngressBenchmarks {

  private static final Logger LOGGER = LoggerFactory.getLogger(IngressBenchmarks.class);
  private static final String SECRET = "bench-app-secret";
  private static final int BODIES = 4_096;
  private static final int CONCURRENCY = 32;
  private static final int MAX_IN_FLIGHT = 64;
  private static final byte[] ACCEPTED =
      "{\"status\":\"accepted\",\"records\":1}".getBytes(StandardCharsets.UTF_8);

  private IngressBenchmarks() {}

  static void run(Kafka kafka, Settings settings, Report report) throws Exception {
    Map<String, String> env = new HashMap<>();
    env.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers);
    env.put(IngressConfig.HOST, "127.0.0.1");
    env.put(IngressConfig.PORT, "0");
    env.put(IngressConfig.META_APP_SECRET, SECRET);
    IngressConfig config = IngressConfig.from(Environment.of(env));
    List<byte[]> bodies = new ArrayList<>();
    List<String> signatures = new ArrayList<>();
    for (int i = 0; i < BODIES; i++) {
      byte[] body = body(i);
      bodies.add(body);
      signatures.add(sign(body));
    }
    int rounds = Math.min(settings.rounds(), 2);
    List<Double> fullRates = new ArrayList<>();
    List<Double> bareRates = new ArrayList<>();
    List<Double> fullP99 = new ArrayList<>();
    List<Double> bareP99 = new ArrayList<>();
    List<Double> fullP50 = new ArrayList<>();
    List<Double> bareP50 = new ArrayList<>();
    long failed;
    ExecutorService executor = Executors.newFixedThreadPool(2);
    HttpClient client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .executor(executor)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    try (IngressService ingress = IngressService.start(config);
        HttpServer bare =
            HttpServer.start(
                new BareHandler(),
                "127.0.0.1",
                0,
                config.idleTimeout(),
                config.shutdownTimeout())) {
      URI fullUri = URI.create("http://127.0.0.1:" + ingress.port() + "/webhooks/meta");
      URI bareUri = URI.create("http://127.0.0.1:" + bare.port() + "/webhooks/meta");
      Load load = new Load(client, bodies, signatures);
      int seconds = settings.ingressSeconds();
      // Connections, JIT and the producer's first metadata fetch before anything counts.
      load.closedLoop(fullUri, Math.max(1, seconds / 2));
      load.closedLoop(bareUri, Math.max(1, seconds / 2));
      for (int round = 0; round < rounds; round++) {
        fullRates.add(load.closedLoop(fullUri, seconds));
        bareRates.add(load.closedLoop(bareUri, seconds));
        long[] full = load.openLoop(fullUri, settings.ingressRate(), seconds);
        long[] plain = load.openLoop(bareUri, settings.ingressRate(), seconds);
        fullP50.add(full[0] / 1e6);
        fullP99.add(full[1] / 1e6);
        bareP50.add(plain[0] / 1e6);
        bareP99.add(plain[1] / 1e6);
        LOGGER.info(
            "ingress round {}: {} vs {} req/s; p99 at {}/s {} vs {} ms",
            round + 1,
            Row.fmt(fullRates.get(round)),
            Row.fmt(bareRates.get(round)),
            settings.ingressRate(),
            Row.fmt(fullP99.get(round)),
            Row.fmt(bareP99.get(round)));
      }
      failed = load.failures.get();
    } finally {
      executor.shutdownNow();
    }
    List<Double> ratio = Stats.ratios(fullRates, bareRates);
    report.add(
        new Row(
            "5",
            "ingress, signed Meta webhooks, full path vs bare handler",
            "req/s",
            fullRates,
            "req/s bare",
            bareRates,
            ratio,
            "ratio ≥ 0.35",
            Stats.median(ratio) >= 0.35));
    String at = String.format(Locale.ROOT, "%,d req/s", settings.ingressRate());
    report.add(
        new Row(
            "5",
            "ingress p50 at " + at,
            "ms",
            fullP50,
            "ms bare",
            bareP50,
            Stats.ratios(fullP50, bareP50),
            null,
            null));
    boolean targetRate = settings.ingressRate() == 3_000;
    report.add(
        new Row(
            "5",
            "ingress p99 at " + at,
            "ms",
            fullP99,
            "ms bare",
            bareP99,
            Stats.ratios(fullP99, bareP99),
            targetRate ? "≤ 25 ms" : null,
            targetRate ? Stats.median(fullP99) <= 25 : null));
    report.note(
        String.format(
            Locale.ROOT,
            "5. Ingress: the full ingress (IngressService: Jetty, HMAC-SHA256 check of"
                + " X-Hub-Signature-256, Meta payload mapping, Kafka publish with acks=all"
                + " acknowledged before the 200) against a bare handler answering 200 at once"
                + " on the same HttpServer setup, both on 127.0.0.1, on the same broker. Load"
                + " generator: java.net.http.HttpClient (HTTP/1.1, async, 2 threads) in the"
                + " same JVM, signing %,d distinct one-message webhook bodies in advance."
                + " Throughput: a closed loop with %d requests in flight for %d s. Latency: an"
                + " open loop at %,d req/s for %d s, from each request's intended send time to"
                + " its response, at most %d in flight. Failed requests (non-200 or I/O error, e.g."
                + " a connection reset under overload) are counted, not timed: %,d in this run."
                + " %d round(s), after a warm-up of both.",
            BODIES,
            CONCURRENCY,
            settings.ingressSeconds(),
            settings.ingressRate(),
            settings.ingressSeconds(),
            MAX_IN_FLIGHT,
            failed,
            rounds));
  }

  /** A Meta webhook with one inbound text message. */
  private static byte[] body(int i) {
    long now = System.currentTimeMillis() / 1000;
    String json =
        "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"102290129340398\","
            + "\"changes\":[{\"field\":\"messages\",\"value\":{\"messaging_product\":\"whatsapp\","
            + "\"metadata\":{\"display_phone_number\":\"31201234567\","
            + "\"phone_number_id\":\"106540352242922\"},"
            + "\"contacts\":[{\"profile\":{\"name\":\"Anna\"},\"wa_id\":\""
            + Records.contact(i).substring(1)
            + "\"}],\"messages\":[{\"from\":\""
            + Records.contact(i).substring(1)
            + "\",\"id\":\"wamid.BENCH"
            + i
            + "\",\"timestamp\":\""
            + (now - 60)
            + "\",\"type\":\"text\",\"text\":{\"body\":\"Can I move my appointment?\"}}]}}]}]}";
    return json.getBytes(StandardCharsets.UTF_8);
  }

  private static String sign(byte[] body) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
  }

  /**
   * Answers 200 as soon as the body is in. It reads the body, as any real handler must: Jetty
   * closes a connection whose request content was left unread, which a client reusing it sees as a
   * failed request.
   */
  private static final class BareHandler extends Handler.Abstract {
    @Override
    public boolean handle(Request request, Response response, Callback callback)
        throws java.io.IOException {
      try (java.io.InputStream body = Content.Source.asInputStream(request)) {
        body.transferTo(java.io.OutputStream.nullOutputStream());
      }
      response.setStatus(200);
      response.write(true, ByteBuffer.wrap(ACCEPTED), callback);
      return true;
    }
  }

  /** The load generator. */
  private static final class Load {
    private final HttpClient client;
    private final List<byte[]> bodies;
    private final List<String> signatures;
    private final AtomicLong next = new AtomicLong();
    final AtomicLong failures = new AtomicLong();

    Load(HttpClient client, List<byte[]> bodies, List<String> signatures) {
      this.client = client;
      this.bodies = bodies;
      this.signatures = signatures;
    }

    private CompletableFuture<HttpResponse<Void>> send(URI uri) {
      int i = (int) (next.getAndIncrement() % bodies.size());
      HttpRequest request =
          HttpRequest.newBuilder(uri)
              .timeout(Duration.ofSeconds(30))
              .header("Content-Type", "application/json")
              .header("X-Hub-Signature-256", signatures.get(i))
              .POST(HttpRequest.BodyPublishers.ofByteArray(bodies.get(i)))
              .build();
      return client
          .sendAsync(request, HttpResponse.BodyHandlers.discarding())
          .thenApply(
              response -> {
                if (response.statusCode() != 200) {
                  throw new IllegalStateException(
                      uri + " answered " + response.statusCode() + ", not 200");
                }
                return response;
              });
    }

    /** Requests per second with {@link #CONCURRENCY} in flight for {@code seconds}. */
    double closedLoop(URI uri, int seconds) throws Exception {
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
      AtomicLong done = new AtomicLong();
      List<CompletableFuture<Void>> workers = new ArrayList<>();
      long start = System.nanoTime();
      for (int w = 0; w < CONCURRENCY; w++) {
        workers.add(worker(uri, end, done));
      }
      CompletableFuture.allOf(workers.toArray(CompletableFuture[]::new))
          .get(seconds + 60L, TimeUnit.SECONDS);
      return done.get() / ((System.nanoTime() - start) / 1e9);
    }

    private CompletableFuture<Void> worker(URI uri, long end, AtomicLong done) {
      if (System.nanoTime() >= end) {
        return CompletableFuture.completedFuture(null);
      }
      return send(uri)
          .handle(
              (response, error) -> {
                if (error == null) {
                  done.incrementAndGet();
                } else {
                  failures.incrementAndGet();
                }
                return null;
              })
          .thenCompose(ignored -> worker(uri, end, done));
    }

    /** p50 and p99 in nanoseconds at a fixed rate, from intended send times. */
    long[] openLoop(URI uri, int rate, int seconds) throws Exception {
      int count = rate * seconds;
      long period = TimeUnit.SECONDS.toNanos(1) / rate;
      long[] latencies = new long[count];
      List<CompletableFuture<HttpResponse<Void>>> pending = new ArrayList<>(count);
      long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20);
      for (int i = 0; i < count; i++) {
        final long due = start + i * period;
        long wait;
        while ((wait = due - System.nanoTime()) > 0) {
          LockSupport.parkNanos(wait);
        }
        int index = i;
        pending.add(
            send(uri)
                .whenComplete((response, error) -> latencies[index] = System.nanoTime() - due));
      }
      CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new))
          .get(seconds + 60L, TimeUnit.SECONDS);
      int from = count / 5;
      long[] measured = java.util.Arrays.copyOfRange(latencies, from, count);
      java.util.Arrays.sort(measured);
      return new long[] {Stats.percentile(measured, 0.50), Stats.percentile(measured, 0.99)};
    }
  }
}
