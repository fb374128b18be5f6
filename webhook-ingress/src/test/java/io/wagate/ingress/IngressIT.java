package io.wagate.ingress;

import static org.assertj.core.api.Assertions.assertThat;

import io.wagate.ingress.config.IngressConfig;
import io.wagate.ingress.meta.MetaPayloadMapper;
import io.wagate.ingress.publish.DeadLetters;
import io.wagate.ingress.publish.WebhookRecord;
import io.wagate.kafka.KafkaFixture;
import io.wagate.schemas.Topic;
import io.wagate.schemas.Topics;
import io.wagate.schemas.config.Environment;
import io.wagate.schemas.events.InboundMessage;
import io.wagate.schemas.events.Provider;
import io.wagate.schemas.events.StatusCallback;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The ingress in this JVM against the shared real broker: what it answers is what Kafka has. */
class IngressIT {

  private static final String APP_SECRET = "it-app-secret";
  private static final String AUTH_TOKEN = "it-auth-token";
  private static final String PUBLIC_BASE_URL = "https://hooks.example.com";
  private static final Duration WAIT = Duration.ofSeconds(30);

  private static String bootstrapServers;
  private static IngressService service;
  private static TopicReader reader;
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @BeforeAll
  static void start() throws Exception {
    bootstrapServers = KafkaFixture.bootstrapServers();
    KafkaTopics.createAll(bootstrapServers);
    service =
        IngressService.start(
            IngressConfig.from(
                Environment.of(
                    Map.of(
                        "KAFKA_BOOTSTRAP_SERVERS", bootstrapServers,
                        "WAGATE_INGRESS_HOST", "127.0.0.1",
                        "WAGATE_INGRESS_PORT", "0",
                        "WAGATE_META_APP_SECRET", APP_SECRET,
                        "WAGATE_META_VERIFY_TOKEN", "it-verify-token",
                        "WAGATE_TWILIO_AUTH_TOKEN", AUTH_TOKEN,
                        "WAGATE_PUBLIC_BASE_URL", PUBLIC_BASE_URL,
                        "WAGATE_INGRESS_MAX_BODY_BYTES", "65536",
                        "WAGATE_INGRESS_READINESS_INTERVAL", "PT1S"))));
    reader = new TopicReader(bootstrapServers, IngressService.TOPICS);
    awaitReady();
  }

  @AfterAll
  static void stop() {
    if (reader != null) {
      reader.close();
    }
    if (service != null) {
      service.close();
    }
  }

  @Test
  void shouldPublishEveryRecordOfASignedBatchBeforeAnswering200() throws Exception {
    // Given
    byte[] body = Fixtures.bytes("meta/batch.json");
    Map<TopicPartition, Long> mark = reader.mark();
    Instant before = Instant.now();

    // When
    HttpResponse<String> response = postMeta(body, Signing.meta(APP_SECRET, body));
    Instant after = Instant.now();
    List<ConsumerRecord<byte[], byte[]>> records = reader.readSince(mark, record -> true, 11, WAIT);

    // Then
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(records).hasSize(11);
    // Every record is stamped with the time the ingress received it, not the provider's old time.
    assertThat(records)
        .allSatisfy(
            record ->
                assertThat(record.timestamp())
                    .isBetween(before.toEpochMilli(), after.toEpochMilli()));
    ConsumerRecord<byte[], byte[]> text = only(records, Topics.INBOUND, "wamid.TEXT1");
    assertThat(string(text.key())).isEqualTo("+31201234567|+31612345678");
    assertThat(value(Topics.INBOUND, text))
        .isEqualTo(
            new InboundMessage(
                Provider.META,
                "wamid.TEXT1",
                "+31201234567",
                "+31612345678",
                "Anna",
                "text",
                "YES",
                null,
                Instant.parse("2024-11-22T09:31:02Z"),
                null,
                null));
    ConsumerRecord<byte[], byte[]> failed = only(records, Topics.STATUS_CALLBACKS, "wamid.OUT2");
    assertThat(string(failed.key())).isEqualTo("+31201234567|+525512345678");
    assertThat(value(Topics.STATUS_CALLBACKS, failed))
        .isEqualTo(
            new StatusCallback(
                Provider.META,
                "wamid.OUT2",
                "crm-8b21",
                "+31201234567",
                "+525512345678",
                "failed",
                "131026",
                "Message undeliverable",
                Instant.parse("2024-11-22T09:35:00Z"),
                null));
    // Every mapped record arrived unchanged: same topic, key and value.
    for (WebhookRecord<?, ?> expected : new MetaPayloadMapper().map(body, before)) {
      assertThat(records)
          .as(expected.toString())
          .anySatisfy(
              record -> {
                assertThat(record.topic()).isEqualTo(expected.topic().name());
                assertThat(string(record.key())).isEqualTo(expected.key());
                assertThat(value(expected.topic(), record)).isEqualTo(expected.value());
              });
    }
    assertThat(records)
        .filteredOn(record -> record.topic().equals(Topics.ACCOUNT_EVENTS.name()))
        .extracting(record -> string(record.key()))
        .containsExactlyInAnyOrder("waba:102290129340398", "+31201234567");
    assertThat(records).noneMatch(record -> record.topic().equals(Topics.DLQ.name()));
  }

  @Test
  void shouldRejectABadSignatureAndPublishNothing() throws Exception {
    // Given
    byte[] body = Fixtures.bytes("meta/batch.json");
    Map<TopicPartition, Long> mark = reader.mark();

    // When
    HttpResponse<String> response = postMeta(body, Signing.meta("not-the-app-secret", body));

    // Then
    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.body()).contains("\"error\":\"unauthorized\"");
    assertThat(reader.countSince(mark)).isZero();
  }

  @Test
  void shouldPublishASignedUnparseableBodyWholeToTheDeadLetterTopic() throws Exception {
    // Given
    byte[] body =
        ("{\"object\":\"whatsapp_business_account\",\"entry\":[ " + UUID.randomUUID())
            .getBytes(StandardCharsets.UTF_8);
    Map<TopicPartition, Long> mark = reader.mark();

    // When
    HttpResponse<String> response = postMeta(body, Signing.meta(APP_SECRET, body));
    List<ConsumerRecord<byte[], byte[]>> records = reader.readSince(mark, record -> true, 1, WAIT);

    // Then
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(records).hasSize(1);
    ConsumerRecord<byte[], byte[]> deadLetter = records.get(0);
    assertThat(deadLetter.topic()).isEqualTo("wa.dlq");
    assertThat(deadLetter.value()).isEqualTo(body);
    assertThat(header(deadLetter, DeadLetters.REASON)).isEqualTo("unparseable-payload");
    assertThat(header(deadLetter, DeadLetters.SOURCE)).isEqualTo("POST /webhooks/meta");
    assertThat(header(deadLetter, DeadLetters.MESSAGE)).startsWith("body is not JSON");
  }

  @Test
  void shouldRefuseAnOversizeBodyWith413AndPublishNothing() throws Exception {
    // Given
    byte[] body = new byte[70_000];
    Arrays.fill(body, (byte) ' ');
    Map<TopicPartition, Long> mark = reader.mark();

    // When
    HttpResponse<String> response = postMeta(body, Signing.meta(APP_SECRET, body));

    // Then
    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(reader.countSince(mark)).isZero();
  }

  @Test
  void shouldPublishATwilioStatusWithTheRequestIdOfItsCallbackUrl() throws Exception {
    // Given
    String requestId = "crm-" + UUID.randomUUID();
    String sid = "SM" + UUID.randomUUID().toString().replace("-", "");
    List<Map.Entry<String, String>> params =
        List.of(
            Map.entry("MessageStatus", "undelivered"),
            Map.entry("To", "whatsapp:+31612345678"),
            Map.entry("ErrorCode", "63016"),
            Map.entry("From", "whatsapp:+31201234567"),
            Map.entry("MessageSid", sid),
            Map.entry("ErrorMessage", ""));
    String path = "/webhooks/twilio/status?requestId=" + requestId;
    String signature =
        Signing.twilio(
            AUTH_TOKEN, PUBLIC_BASE_URL + path, Map.ofEntries(params.toArray(Map.Entry[]::new)));
    Map<TopicPartition, Long> mark = reader.mark();

    // When
    HttpResponse<String> response =
        CLIENT.send(
            request(path)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-Twilio-Signature", signature)
                .POST(BodyPublishers.ofString(Signing.form(params)))
                .build(),
            BodyHandlers.ofString());
    List<ConsumerRecord<byte[], byte[]>> records = reader.readSince(mark, record -> true, 1, WAIT);

    // Then
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(records).hasSize(1);
    ConsumerRecord<byte[], byte[]> record = records.get(0);
    StatusCallback status = (StatusCallback) value(Topics.STATUS_CALLBACKS, record);
    assertThat(string(record.key())).isEqualTo("+31201234567|+31612345678");
    assertThat(status)
        .isEqualTo(
            new StatusCallback(
                Provider.TWILIO,
                sid,
                requestId,
                "+31201234567",
                "+31612345678",
                "undelivered",
                "63016",
                "",
                status.occurredAt(),
                null));
    assertThat(record.timestamp()).isEqualTo(status.occurredAt().toEpochMilli());
  }

  @Test
  void shouldExposeProducerAndPublishMetrics() throws Exception {
    // Given
    byte[] body = Fixtures.bytes("meta/unicode-escaped.json");
    postMeta(body, Signing.meta(APP_SECRET, body));

    // When
    HttpResponse<String> metrics =
        CLIENT.send(request("/metrics").GET().build(), BodyHandlers.ofString());

    // Then
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.body())
        .contains("wagate_ingress_publish_latency_seconds_count{outcome=\"acknowledged\"}")
        .contains("wagate_ingress_records_published_total{topic=\"wa.inbound\"}")
        .contains("kafka_producer_")
        .contains("jvm_memory_used_bytes")
        .contains("wagate_ingress_kafka_ready 1.0");
  }

  private static void awaitReady() throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      HttpResponse<String> ready =
          CLIENT.send(request("/health/ready").GET().build(), BodyHandlers.ofString());
      if (ready.statusCode() == 200) {
        return;
      }
      assertThat(System.nanoTime()).as("ready in time: " + ready.body()).isLessThan(deadline);
      Thread.onSpinWait();
    }
  }

  private static ConsumerRecord<byte[], byte[]> only(
      List<ConsumerRecord<byte[], byte[]>> records, Topic<?, ?> topic, String messageId) {
    List<ConsumerRecord<byte[], byte[]>> matching =
        records.stream()
            .filter(record -> record.topic().equals(topic.name()))
            .filter(record -> string(record.value()).contains("\"" + messageId + "\""))
            .toList();
    assertThat(matching).hasSize(1);
    return matching.get(0);
  }

  private static Object value(Topic<?, ?> topic, ConsumerRecord<byte[], byte[]> record) {
    return topic.valueSerde().deserializer().deserialize(topic.name(), record.value());
  }

  private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
    Header header = record.headers().lastHeader(name);
    return header == null ? null : string(header.value());
  }

  private static String string(byte[] bytes) {
    return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
  }

  private static HttpResponse<String> postMeta(byte[] body, String signature) throws Exception {
    return CLIENT.send(
        request("/webhooks/meta")
            .header("Content-Type", "application/json")
            .header("X-Hub-Signature-256", signature)
            .POST(BodyPublishers.ofByteArray(body))
            .build(),
        BodyHandlers.ofString());
  }

  private static HttpRequest.Builder request(String pathAndQuery) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.port() + pathAndQuery))
        .timeout(Duration.ofSeconds(30));
  }
}
