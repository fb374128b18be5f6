package io.wagate.ingress;

import static org.assertj.core.api.Assertions.assertThat;

import io.wagate.ingress.config.IngressConfig;
import io.wagate.kafka.EmbeddedKafka;
import io.wagate.schemas.config.Environment;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The ingress against a private broker that the test takes down: while Kafka cannot acknowledge,
 * signed requests get 503 within the publish timeout, and no request is ever answered 200 for a
 * record Kafka does not have.
 */
class BrokerOutageIT {

  private static final String APP_SECRET = "outage-app-secret";
  private static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(3);
  // Scheduling on a busy build machine; the answer must still come close to the timeout.
  private static final Duration SLACK = Duration.ofSeconds(2);

  private static EmbeddedKafka kafka;
  private static IngressService service;
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @BeforeAll
  static void start() throws Exception {
    kafka = EmbeddedKafka.start();
    KafkaTopics.createAll(kafka.bootstrapServers());
    service =
        IngressService.start(
            IngressConfig.from(
                Environment.of(
                    Map.of(
                        "KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                        "WAGATE_INGRESS_HOST", "127.0.0.1",
                        "WAGATE_INGRESS_PORT", "0",
                        "WAGATE_META_APP_SECRET", APP_SECRET,
                        "WAGATE_INGRESS_PUBLISH_TIMEOUT", "PT3S",
                        "WAGATE_INGRESS_READINESS_INTERVAL", "PT1S"))));
  }

  @AfterAll
  static void stop() {
    if (service != null) {
      service.close();
    }
    if (kafka != null) {
      kafka.close();
    }
  }

  @Test
  void shouldAnswer503WithinThePublishTimeoutAndNever200ForARecordKafkaDoesNotHave()
      throws Exception {
    // Given: the ingress has published before, so the producer knows the cluster
    List<String> acknowledged = new ArrayList<>();
    String warmUp = "wamid." + UUID.randomUUID();
    assertThat(post(warmUp).statusCode()).isEqualTo(200);
    acknowledged.add(warmUp);
    awaitStatus("/health/ready", 200);

    // When
    kafka.stop();
    List<Long> elapsedMillis = new ArrayList<>();
    List<Integer> statuses = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      long started = System.nanoTime();
      HttpResponse<String> response = post("wamid." + UUID.randomUUID());
      elapsedMillis.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
      statuses.add(response.statusCode());
    }

    // Then
    assertThat(statuses).containsOnly(503);
    assertThat(elapsedMillis)
        .allSatisfy(
            elapsed -> assertThat(elapsed).isLessThan(PUBLISH_TIMEOUT.plus(SLACK).toMillis()));
    awaitStatus("/health/ready", 503);

    // And when the broker is back, what is answered 200 is on the topic
    kafka.restart();
    String afterRestart = "wamid." + UUID.randomUUID();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    int status;
    do {
      status = post(afterRestart).statusCode();
      assertThat(status).isIn(200, 503);
      assertThat(System.nanoTime()).as("accepted again after restart").isLessThan(deadline);
    } while (status != 200);
    acknowledged.add(afterRestart);
    try (TopicReader reader = new TopicReader(kafka.bootstrapServers(), List.of("wa.inbound"))) {
      Map<TopicPartition, Long> beginning = new java.util.HashMap<>();
      reader.mark().keySet().forEach(partition -> beginning.put(partition, 0L));
      for (String id : acknowledged) {
        List<ConsumerRecord<byte[], byte[]>> records =
            reader.readSince(
                beginning,
                record -> new String(record.value(), StandardCharsets.UTF_8).contains(id),
                1,
                Duration.ofSeconds(30));
        assertThat(records).as(id).isNotEmpty();
      }
    }
  }

  private static HttpResponse<String> post(String messageId) throws Exception {
    long timestamp = Instant.now().minus(1, ChronoUnit.MINUTES).getEpochSecond();
    byte[] body =
        ("{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"1\",\"changes\":[{"
                + "\"field\":\"messages\",\"value\":{\"messaging_product\":\"whatsapp\","
                + "\"metadata\":{\"display_phone_number\":\"31201234567\"},"
                + "\"messages\":[{\"from\":\"31612345678\",\"id\":\""
                + messageId
                + "\",\"timestamp\":\""
                + timestamp
                + "\",\"type\":\"text\",\"text\":{\"body\":\"YES\"}}]}}]}]}")
            .getBytes(StandardCharsets.UTF_8);
    return CLIENT.send(
        request("/webhooks/meta")
            .header("X-Hub-Signature-256", Signing.meta(APP_SECRET, body))
            .POST(BodyPublishers.ofByteArray(body))
            .build(),
        BodyHandlers.ofString());
  }

  private static void awaitStatus(String path, int expected) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    int status;
    while ((status = CLIENT.send(request(path).GET().build(), BodyHandlers.ofString()).statusCode())
        != expected) {
      assertThat(System.nanoTime())
          .as(path + " answered " + status + ", waiting for " + expected)
          .isLessThan(deadline);
      Thread.onSpinWait();
    }
  }

  private static HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.port() + path))
        .timeout(Duration.ofSeconds(30));
  }
}
