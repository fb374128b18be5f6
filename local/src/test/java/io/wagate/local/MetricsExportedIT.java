package io.wagate.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.wagate.local.demo.Demo;
import io.wagate.local.demo.WebhookSigning;
import io.wagate.schemas.Topics;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every metric the Grafana dashboard and the Prometheus alert rules use ({@code
 * ops/metrics-used.txt}) is exported by the running services: a renamed metric fails here, not on
 * an SRE's empty dashboard.
 */
class MetricsExportedIT {

  private static final Duration DEADLINE = Duration.ofMinutes(3);
  private final HttpClient http = HttpClient.newHttpClient();

  @TempDir Path dataDir;

  @Test
  void shouldExportEveryMetricTheDashboardAndRulesUse() throws Exception {
    // Given the local stack, with traffic of every kind the metrics count
    Set<String> used = metricsUsed();
    DemoSecrets secrets = DemoSecrets.generate(new SecureRandom());
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    try (LocalStack stack =
        new LocalStack(new LocalStack.Settings(dataDir, 0, 0, 0), secrets, quiet)) {
      stack.start();
      try (Demo demo =
          Demo.prepare(
              new Demo.Setup(
                  stack.bootstrapServers(),
                  stack.streamsLocalUrl(),
                  stack.ingressLocalUrl(),
                  stack.ingressUrl(),
                  secrets,
                  LocalStack.BUSINESS_NUMBER,
                  quiet,
                  stack.senderLocalUrl(),
                  stack.simulator()))) {
        assertThat(demo.run()).isTrue();
      }
      deadLetterInBothServices(stack, secrets);

      // When the services are scraped (client metrics appear at the binders' next refresh)
      Set<String> missing = new TreeSet<>(used);
      Instant deadline = Instant.now().plus(DEADLINE);
      while (!missing.isEmpty() && Instant.now().isBefore(deadline)) {
        Set<String> exported = exported(stack.streamsLocalUrl());
        exported.addAll(exported(stack.ingressLocalUrl()));
        exported.addAll(exported(stack.senderLocalUrl()));
        missing.removeAll(exported);
        if (!missing.isEmpty()) {
          // Scrape again a few seconds later, as Prometheus would.
          waitFor(Duration.ofSeconds(2));
        }
      }

      // Then
      assertThat(missing).as("metrics used by the dashboard or rules but not exported").isEmpty();
    }
  }

  private static Set<String> metricsUsed() throws IOException {
    Path file = repositoryRoot().resolve("ops/metrics-used.txt");
    return Files.readAllLines(file).stream()
        .map(String::strip)
        .filter(line -> !line.isEmpty() && !line.startsWith("#"))
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private static Path repositoryRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.exists(dir.resolve("ops/metrics-used.txt"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException("ops/metrics-used.txt not found above the working dir");
    }
    return dir;
  }

  /** Metric names (without labels) in a Prometheus text exposition. */
  private Set<String> exported(String baseUrl) throws IOException, InterruptedException {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(baseUrl + "/metrics")).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    return response
        .body()
        .lines()
        .filter(line -> !line.isEmpty() && !line.startsWith("#"))
        .map(line -> line.split("[{ ]", 2)[0])
        .collect(Collectors.toCollection(TreeSet::new));
  }

  /** One undecodable record for the streams app and one unparseable webhook for the ingress. */
  private void deadLetterInBothServices(LocalStack stack, DemoSecrets secrets) throws Exception {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
      producer
          .send(new ProducerRecord<>(Topics.SEND_REQUESTS.name(), "{not json".getBytes()))
          .get();
    }
    byte[] body = "{not json".getBytes(StandardCharsets.UTF_8);
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(stack.ingressLocalUrl() + "/webhooks/meta"))
                .header("Content-Type", "application/json")
                .header("X-Hub-Signature-256", WebhookSigning.meta(secrets.metaAppSecret(), body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
  }

  private static void waitFor(Duration duration) throws InterruptedException {
    Object monitor = new Object();
    synchronized (monitor) {
      monitor.wait(duration.toMillis());
    }
  }
}
