package io.wagate.ingress;

import static org.assertj.core.api.Assertions.assertThat;

import io.wagate.kafka.KafkaFixture;
import io.wagate.schemas.Topics;
import io.wagate.schemas.events.InboundMessage;
import io.wagate.schemas.events.Provider;
import io.wagate.schemas.events.StatusCallback;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Black-box: the real {@code wagate-ingress.jar} started with {@code java -jar} and configured by
 * environment only, driven with {@code curl} and real signatures, checked on the broker's topics.
 */
@TestMethodOrder(OrderAnnotation.class)
class IngressJarIT {

  private static final Path JAR =
      Path.of(System.getProperty("wagate.ingress.jar", "target/wagate-ingress.jar"));
  private static final String APP_SECRET = "jar-app-secret";
  private static final String VERIFY_TOKEN = "jar-verify-token";
  private static final String AUTH_TOKEN = "jar-auth-token";
  private static final String PUBLIC_BASE_URL = "https://hooks.example.com";
  private static final Pattern LISTENING = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)");
  private static final Duration WAIT = Duration.ofSeconds(60);

  private static Path workDir;
  private static Path log;
  private static Process process;
  private static String baseUrl;
  private static TopicReader reader;

  @BeforeAll
  static void startJar() throws Exception {
    assertThat(JAR).as("run after package: %s", JAR).exists();
    String bootstrapServers = KafkaFixture.bootstrapServers();
    KafkaTopics.createAll(bootstrapServers);
    workDir = Files.createTempDirectory("wagate-ingress-jar-it");
    log = workDir.resolve("ingress.log");
    Path secretFile = Files.writeString(workDir.resolve("meta-app-secret"), APP_SECRET + "\n");

    ProcessBuilder builder =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                JAR.toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    Map<String, String> env = builder.environment();
    env.keySet().removeIf(name -> name.startsWith("WAGATE_") || name.startsWith("KAFKA_"));
    env.put("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers);
    env.put("WAGATE_INGRESS_HOST", "127.0.0.1");
    env.put("WAGATE_INGRESS_PORT", "0");
    env.put("WAGATE_META_APP_SECRET_FILE", secretFile.toString());
    env.put("WAGATE_META_VERIFY_TOKEN", VERIFY_TOKEN);
    env.put("WAGATE_TWILIO_AUTH_TOKEN", AUTH_TOKEN);
    env.put("WAGATE_PUBLIC_BASE_URL", PUBLIC_BASE_URL);
    env.put("WAGATE_INGRESS_READINESS_INTERVAL", "PT1S");
    process = builder.start();

    baseUrl = "http://127.0.0.1:" + awaitPort();
    reader =
        new TopicReader(
            bootstrapServers,
            List.of(Topics.INBOUND.name(), Topics.STATUS_CALLBACKS.name(), Topics.DLQ.name()));
    long deadline = System.nanoTime() + WAIT.toNanos();
    Curl ready;
    while ((ready = curl(baseUrl + "/health/ready")).status() != 200) {
      assertThat(System.nanoTime()).as("ready in time: %s", ready).isLessThan(deadline);
      Thread.onSpinWait();
    }
  }

  @AfterAll
  static void stopJar() throws Exception {
    if (reader != null) {
      reader.close();
    }
    if (process != null && process.isAlive()) {
      process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
  }

  @Test
  @Order(1)
  void shouldAnswerTheMetaHandshake() throws Exception {
    // Given
    String url =
        baseUrl
            + "/webhooks/meta?hub.mode=subscribe&hub.verify_token="
            + VERIFY_TOKEN
            + "&hub.challenge=1158201444";

    // When
    Curl response = curl(url);

    // Then
    assertThat(response.status()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("1158201444");
    assertThat(response.headers()).containsIgnoringCase("content-type: text/plain");
  }

  @Test
  @Order(2)
  void shouldPublishASignedMetaMessage() throws Exception {
    // Given
    String messageId = "wamid." + UUID.randomUUID();
    Instant sentAt = Instant.now().minus(1, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
    Path body = metaBody(messageId, sentAt);
    String signature = Signing.meta(APP_SECRET, Files.readAllBytes(body));
    Map<TopicPartition, Long> mark = reader.mark();
    Instant before = Instant.now();

    // When
    Curl response =
        curl(
            "-X",
            "POST",
            "-H",
            "Content-Type: application/json",
            "-H",
            "X-Hub-Signature-256: " + signature,
            "--data-binary",
            "@" + body,
            baseUrl + "/webhooks/meta");
    List<ConsumerRecord<byte[], byte[]>> records =
        reader.readSince(mark, record -> true, 1, Duration.ofSeconds(30));

    // Then
    assertThat(response.status()).as(response.toString()).isEqualTo(200);
    assertThat(records).hasSize(1);
    ConsumerRecord<byte[], byte[]> record = records.get(0);
    assertThat(record.topic()).isEqualTo("wa.inbound");
    assertThat(new String(record.key(), StandardCharsets.UTF_8))
        .isEqualTo("+31201234567|+31612345678");
    // Stamped when the ingress received it; the provider's time is in the value.
    assertThat(record.timestamp()).isBetween(before.toEpochMilli(), Instant.now().toEpochMilli());
    assertThat(Topics.INBOUND.valueSerde().deserializer().deserialize("wa.inbound", record.value()))
        .isEqualTo(
            new InboundMessage(
                Provider.META,
                messageId,
                "+31201234567",
                "+31612345678",
                "Anna",
                "text",
                "STOP",
                null,
                sentAt,
                null,
                null));
  }

  @Test
  @Order(3)
  void shouldRejectABadSignatureAndPublishNothing() throws Exception {
    // Given
    Path body = metaBody("wamid." + UUID.randomUUID(), Instant.now().minusSeconds(60));
    String signature = Signing.meta("not-the-app-secret", Files.readAllBytes(body));
    Map<TopicPartition, Long> mark = reader.mark();

    // When
    Curl response =
        curl(
            "-X",
            "POST",
            "-H",
            "X-Hub-Signature-256: " + signature,
            "--data-binary",
            "@" + body,
            baseUrl + "/webhooks/meta");

    // Then
    assertThat(response.status()).isEqualTo(401);
    assertThat(response.body()).contains("\"error\":\"unauthorized\"");
    assertThat(reader.countSince(mark)).isZero();
  }

  @Test
  @Order(4)
  void shouldPublishASignedTwilioStatusWithItsQueryString() throws Exception {
    // Given
    String requestId = "crm-" + UUID.randomUUID();
    String sid = "SM" + UUID.randomUUID().toString().replace("-", "");
    List<Map.Entry<String, String>> params =
        List.of(
            Map.entry("MessageStatus", "failed"),
            Map.entry("To", "whatsapp:+31612345678"),
            Map.entry("ErrorCode", "63016"),
            Map.entry("From", "whatsapp:+31201234567"),
            Map.entry("MessageSid", sid),
            Map.entry("ErrorMessage", ""));
    String path = "/webhooks/twilio/status?requestId=" + requestId;
    @SuppressWarnings("unchecked")
    String signature =
        Signing.twilio(
            AUTH_TOKEN, PUBLIC_BASE_URL + path, Map.ofEntries(params.toArray(Map.Entry[]::new)));
    Path form = Files.writeString(workDir.resolve("status.form"), Signing.form(params));
    Map<TopicPartition, Long> mark = reader.mark();

    // When
    Curl response =
        curl(
            "-X",
            "POST",
            "-H",
            "Content-Type: application/x-www-form-urlencoded",
            "-H",
            "X-Twilio-Signature: " + signature,
            "--data-binary",
            "@" + form,
            baseUrl + path);
    List<ConsumerRecord<byte[], byte[]>> records =
        reader.readSince(mark, record -> true, 1, Duration.ofSeconds(30));

    // Then
    assertThat(response.status()).as(response.toString()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response/>");
    assertThat(records).hasSize(1);
    StatusCallback status =
        Topics.STATUS_CALLBACKS
            .valueSerde()
            .deserializer()
            .deserialize("wa.status.callbacks", records.get(0).value());
    assertThat(status)
        .isEqualTo(
            new StatusCallback(
                Provider.TWILIO,
                sid,
                requestId,
                "+31201234567",
                "+31612345678",
                "failed",
                "63016",
                "",
                status.occurredAt(),
                null));
  }

  @Test
  @Order(5)
  void shouldServeHealthAndMetrics() throws Exception {
    // Given / When
    Curl live = curl(baseUrl + "/health/live");
    Curl metrics = curl(baseUrl + "/metrics");

    // Then
    assertThat(live.status()).isEqualTo(200);
    assertThat(metrics.status()).isEqualTo(200);
    assertThat(metrics.body())
        .contains(
            "wagate_ingress_webhook_requests_total{endpoint=\"webhook\",outcome=\"accepted\",provider=\"meta\"} 1.0")
        .doesNotContain("31612345678");
  }

  @Test
  @Order(6)
  void shouldDrainAndStopOnSigterm() throws Exception {
    // Given
    assertThat(process.isAlive()).isTrue();

    // When
    process.destroy();
    boolean exited = process.waitFor(60, TimeUnit.SECONDS);

    // Then
    assertThat(exited).isTrue();
    String output = Files.readString(log);
    assertThat(output).contains("wagate ingress stopping").contains("wagate ingress stopped");
    assertThat(output).doesNotContain(APP_SECRET, AUTH_TOKEN, "31612345678");
  }

  private static Path metaBody(String messageId, Instant sentAt) throws IOException {
    String json =
        "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"102290129340398\","
            + "\"changes\":[{\"field\":\"messages\",\"value\":{\"messaging_product\":\"whatsapp\","
            + "\"metadata\":{\"display_phone_number\":\"31201234567\",\"phone_number_id\":\"1\"},"
            + "\"contacts\":[{\"profile\":{\"name\":\"Anna\"},\"wa_id\":\"31612345678\"}],"
            + "\"messages\":[{\"from\":\"31612345678\",\"id\":\""
            + messageId
            + "\",\"timestamp\":\""
            + sentAt.getEpochSecond()
            + "\",\"type\":\"text\",\"text\":{\"body\":\"STOP\"}}]}}]}]}";
    return Files.writeString(workDir.resolve(UUID.randomUUID() + ".json"), json);
  }

  private static int awaitPort() throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      String output = Files.exists(log) ? Files.readString(log) : "";
      Matcher matcher = LISTENING.matcher(output);
      if (matcher.find()) {
        return Integer.parseInt(matcher.group(1));
      }
      assertThat(process.isAlive()).as("ingress exited:%n%s", output).isTrue();
      assertThat(System.nanoTime()).as("ingress started in time:%n%s", output).isLessThan(deadline);
      Thread.onSpinWait();
    }
  }

  /** What curl saw: status code, body and response headers. */
  private record Curl(int status, String body, String headers) {}

  private static Curl curl(String... arguments) throws Exception {
    Path body = workDir.resolve("curl-body-" + UUID.randomUUID());
    Path headers = workDir.resolve("curl-headers-" + UUID.randomUUID());
    List<String> command =
        new ArrayList<>(
            List.of(
                "curl",
                "-sS",
                "--max-time",
                "30",
                "-o",
                body.toString(),
                "-D",
                headers.toString(),
                "-w",
                "%{http_code}"));
    command.addAll(List.of(arguments));
    Process curl = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(curl.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(curl.exitValue()).as("curl %s: %s", command, out).isZero();
    return new Curl(
        Integer.parseInt(out.strip()),
        Files.readString(body, StandardCharsets.UTF_8),
        Files.readString(headers, StandardCharsets.UTF_8));
  }
}
