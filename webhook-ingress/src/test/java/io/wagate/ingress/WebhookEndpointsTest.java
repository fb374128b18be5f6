package io.wagate.ingress;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.wagate.ingress.config.IngressConfig;
import io.wagate.ingress.http.HttpServer;
import io.wagate.ingress.publish.DeadLetters;
import io.wagate.ingress.publish.KafkaReadiness;
import io.wagate.ingress.publish.Publisher;
import io.wagate.ingress.publish.WebhookRecord;
import io.wagate.schemas.Json;
import io.wagate.schemas.Topics;
import io.wagate.schemas.config.Environment;
import io.wagate.schemas.events.StatusCallback;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The endpoints over real HTTP, with an in-memory publisher in place of Kafka (the Kafka side is
 * covered by the integration tests). Signatures are the command-line vectors of the signature
 * tests.
 */
class WebhookEndpointsTest {

  private static final Instant NOW = Instant.parse("2026-11-22T09:32:10Z");
  private static final String BATCH_SIGNATURE =
      "sha256=91e5ddbaa1d4d87bea14c6104c175b575d9a4d3483d2efdafd97fa0272ef478d";
  private static final String NOT_JSON_SIGNATURE =
      "sha256=9011b053b9465f83a68b95926e0902da7308c22c33f31d5e7d9fd20c469a3b2a";
  private static final String STATUS_SIGNATURE = "7Gzy+8fa2RFhByTfNI58f2QizkU=";

  private final RecordingPublisher publisher = new RecordingPublisher();
  private final HttpClient client =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private volatile KafkaReadiness.Status readiness =
      new KafkaReadiness.Status(true, "Kafka reachable");
  private PrometheusMeterRegistry registry;
  private HttpServer server;

  @BeforeEach
  void start() throws Exception {
    start(
        Map.of(
            "WAGATE_META_APP_SECRET", "wagate-test-app-secret",
            "WAGATE_META_VERIFY_TOKEN", "verify-me",
            "WAGATE_TWILIO_AUTH_TOKEN", "wagate-test-auth-token",
            "WAGATE_PUBLIC_BASE_URL", "https://hooks.example.com",
            "WAGATE_INGRESS_MAX_BODY_BYTES", "20000"));
  }

  private void start(Map<String, String> variables) throws Exception {
    start(variables, Duration.ofSeconds(5));
  }

  private void start(Map<String, String> variables, Duration idleTimeout) throws Exception {
    IngressConfig config =
        IngressConfig.from(
            Environment.of(Map.of("KAFKA_BOOTSTRAP_SERVERS", "unused:9092")).with(variables));
    registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    server =
        HttpServer.start(
            IngressService.router(
                config, publisher, () -> readiness, registry, Clock.fixed(NOW, ZoneOffset.UTC)),
            "127.0.0.1",
            0,
            idleTimeout,
            Duration.ofSeconds(10));
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
  }

  @Test
  void shouldAnswerTheHandshakeWithoutSignature() throws Exception {
    // Given
    String query = "hub.mode=subscribe&hub.verify_token=verify-me&hub.challenge=1158201444";

    // When
    HttpResponse<String> response = get("/webhooks/meta?" + query);

    // Then
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain; charset=utf-8");
    assertThat(response.body()).isEqualTo("1158201444");
  }

  @Test
  void shouldRefuseTheHandshakeWithTheWrongToken() throws Exception {
    // Given
    String query = "hub.mode=subscribe&hub.verify_token=guess&hub.challenge=1158201444";

    // When
    HttpResponse<String> response = get("/webhooks/meta?" + query);

    // Then
    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.body()).doesNotContain("1158201444");
  }

  @Test
  void shouldAcceptASignedBatchOnlyAfterItsRecordsArePublished() throws Exception {
    // Given
    byte[] body = Fixtures.bytes("meta/batch.json");

    // When
    HttpResponse<String> response = postMeta(body, BATCH_SIGNATURE);

    // Then
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(json(response))
        .isEqualTo(Json.MAPPER.readTree("{\"status\":\"accepted\",\"records\":11}"));
    assertThat(publisher.published).hasSize(1);
    assertThat(publisher.published.get(0)).hasSize(11);
  }

  @Test
  void shouldRejectAMissingSignatureAndPublishNothing() throws Exception {
    // Given
    byte[] body = Fixtures.bytes("meta/batch.json");

    // When
    HttpResponse<String> response =
        send(request("/webhooks/meta").POST(BodyPublishers.ofByteArray(body)));

    // Then
    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(json(response).get("error").asText()).isEqualTo("unauthorized");
    assertThat(json(response).get("message").asText()).contains("X-Hub-Signature-256");
    assertThat(publisher.published).isEmpty();
  }

  @Test
  void shouldRejectAWrongSignatureAndPublishNothing() throws Exception {
    // Given
    byte[] body = Fixtures.bytes("meta/batch.json");
    body[body.length - 3] = (byte) ' ';

    // When
    HttpResponse<String> response = postMeta(body, BATCH_SIGNATURE);

    // Then
    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(publisher.published).isEmpty();
  }

  @Test
  void shouldDeadLetterASignedBodyThatIsNotJson() throws Exception {
    // Given
    byte[] body = "this is not json".getBytes(StandardCharsets.UTF_8);

    // When
    HttpResponse<String> response = postMeta(body, NOT_JSON_SIGNATURE);

    // Then
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(json(response).get("status").asText()).isEqualTo("dead-lettered");
    WebhookRecord<?, ?> deadLetter = publisher.published.get(0).get(0);
    assertThat(deadLetter.topic()).isEqualTo(Topics.DLQ);
    assertThat((byte[]) deadLetter.value()).isEqualTo(body);
    assertThat(deadLetter.headers())
        .containsEntry(DeadLetters.REASON, DeadLetters.UNPARSEABLE)
        .containsEntry(DeadLetters.SOURCE, "POST /webhooks/meta")
        .containsEntry(DeadLetters.PROVIDER, "META");
  }

  @Test
  void shouldAnswer503WhenKafkaDoesNotAcknowledgeInTime() throws Exception {
    // Given
    publisher.behaviour = records -> CompletableFuture.failedFuture(new TimeoutException());

    // When
    HttpResponse<String> response = postMeta(Fixtures.bytes("meta/batch.json"), BATCH_SIGNATURE);

    // Then
    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(json(response).get("error").asText()).isEqualTo("unavailable");
  }

  @Test
  void shouldRefuseADeclaredOversizeBodyWith413() throws Exception {
    // Given
    byte[] body = new byte[20_001];

    // When
    HttpResponse<String> response = postMeta(body, BATCH_SIGNATURE);

    // Then
    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(publisher.published).isEmpty();
  }

  @Test
  void shouldRefuseAStreamedOversizeBodyWhileReadingIt() throws Exception {
    // Given: no Content-Length, so the limit can only be enforced while reading
    byte[] body = new byte[60_000];
    HttpRequest.Builder request =
        request("/webhooks/meta")
            .header("X-Hub-Signature-256", BATCH_SIGNATURE)
            .POST(BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)));

    // When
    HttpResponse<String> response = send(request);

    // Then
    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(publisher.published).isEmpty();
  }

  @Test
  void shouldAnswer408WhenTheBodyStallsPastTheIdleTimeout() throws Exception {
    // Given: a client that announces 100 bytes and sends 10
    server.close();
    start(Map.of("WAGATE_META_APP_SECRET", "wagate-test-app-secret"), Duration.ofMillis(500));
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(
          ("POST /webhooks/meta HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                  + "X-Hub-Signature-256: "
                  + BATCH_SIGNATURE
                  + "\r\nContent-Length: 100\r\n\r\n{\"object\":")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();

      // When
      String statusLine =
          new BufferedReader(
                  new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
              .readLine();

      // Then
      assertThat(statusLine).isEqualTo("HTTP/1.1 408 Request Timeout");
      assertThat(publisher.published).isEmpty();
    }
  }

  @Test
  void shouldAcceptASignedTwilioStatusWithItsQueryString() throws Exception {
    // Given
    byte[] form = Fixtures.bytes("twilio/status-failed.form");

    // When
    HttpResponse<String> response =
        send(
            request("/webhooks/twilio/status?requestId=crm-7f3a")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-Twilio-Signature", STATUS_SIGNATURE)
                .POST(BodyPublishers.ofByteArray(form)));

    // Then
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("text/xml; charset=utf-8");
    assertThat(response.body()).isEqualTo("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response/>");
    StatusCallback status = (StatusCallback) publisher.published.get(0).get(0).value();
    assertThat(status.requestId()).isEqualTo("crm-7f3a");
    assertThat(status.occurredAt()).isEqualTo(NOW);
  }

  @Test
  void shouldRejectATwilioStatusSignedForAnotherQueryString() throws Exception {
    // Given
    byte[] form = Fixtures.bytes("twilio/status-failed.form");

    // When
    HttpResponse<String> response =
        send(
            request("/webhooks/twilio/status?requestId=crm-other")
                .header("X-Twilio-Signature", STATUS_SIGNATURE)
                .POST(BodyPublishers.ofByteArray(form)));

    // Then
    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(publisher.published).isEmpty();
  }

  @Test
  void shouldRejectEveryPostOfAProviderWithoutSecret() throws Exception {
    // Given
    server.close();
    start(Map.of());

    // When
    HttpResponse<String> meta = postMeta(Fixtures.bytes("meta/batch.json"), BATCH_SIGNATURE);
    HttpResponse<String> twilio =
        send(
            request("/webhooks/twilio/status?requestId=crm-7f3a")
                .header("X-Twilio-Signature", STATUS_SIGNATURE)
                .POST(BodyPublishers.ofByteArray(Fixtures.bytes("twilio/status-failed.form"))));

    // Then
    assertThat(meta.statusCode()).isEqualTo(401);
    assertThat(twilio.statusCode()).isEqualTo(401);
    assertThat(publisher.published).isEmpty();
  }

  @Test
  void shouldAnswerUnknownPathsAndMethodsWithJsonErrors() throws Exception {
    // Given / When
    HttpResponse<String> unknown = get("/webhooks/other");
    HttpResponse<String> wrongMethod = get("/webhooks/twilio/status");

    // Then
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(json(unknown).get("error").asText()).isEqualTo("not_found");
    assertThat(wrongMethod.statusCode()).isEqualTo(405);
    assertThat(wrongMethod.headers().firstValue("Allow")).hasValue("POST");
  }

  @Test
  void shouldReportReadinessFromKafka() throws Exception {
    // Given
    readiness = new KafkaReadiness.Status(false, "Kafka unreachable: TimeoutException");

    // When
    HttpResponse<String> ready = get("/health/ready");
    HttpResponse<String> live = get("/health/live");

    // Then
    assertThat(ready.statusCode()).isEqualTo(503);
    assertThat(json(ready).get("status").asText()).isEqualTo("DOWN");
    assertThat(live.statusCode()).isEqualTo(200);
  }

  @Test
  void shouldCountRequestsByProviderAndOutcomeWithoutNumbersInLabels() throws Exception {
    // Given
    postMeta(Fixtures.bytes("meta/batch.json"), "sha256=00");
    postMeta(Fixtures.bytes("meta/batch.json"), BATCH_SIGNATURE);

    // When
    HttpResponse<String> metrics = get("/metrics");

    // Then
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.body())
        .contains(
            "wagate_ingress_webhook_requests_total{endpoint=\"webhook\",outcome=\"unauthorized\",provider=\"meta\"} 1.0")
        .contains(
            "wagate_ingress_webhook_requests_total{endpoint=\"webhook\",outcome=\"accepted\",provider=\"meta\"} 1.0")
        .doesNotContain("31612345678");
  }

  @Test
  void shouldLetAnInFlightRequestFinishWhileRefusingNewOnesOnShutdown() throws Exception {
    // Given: a request whose records Kafka has not acknowledged yet
    CompletableFuture<Void> acknowledgement = new CompletableFuture<>();
    publisher.behaviour = records -> acknowledgement;
    CompletableFuture<HttpResponse<String>> inFlight =
        client.sendAsync(
            request("/webhooks/meta")
                .header("X-Hub-Signature-256", BATCH_SIGNATURE)
                .POST(BodyPublishers.ofByteArray(Fixtures.bytes("meta/batch.json")))
                .build(),
            BodyHandlers.ofString());
    assertThat(publisher.firstPublish.await(10, TimeUnit.SECONDS)).isTrue();

    // When
    CompletableFuture<Void> stopping =
        CompletableFuture.runAsync(
            () -> {
              try {
                server.close();
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    awaitTrue(this::refusesNewRequests);
    acknowledgement.complete(null);

    // Then
    assertThat(inFlight.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    stopping.get(10, TimeUnit.SECONDS);
  }

  private boolean refusesNewRequests() {
    try {
      HttpClient fresh = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      return fresh.send(request("/health/live").GET().build(), BodyHandlers.ofString()).statusCode()
          == 503;
    } catch (IOException e) {
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static void awaitTrue(java.util.function.BooleanSupplier condition) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within 10 s");
      }
      Thread.onSpinWait();
    }
  }

  private HttpResponse<String> postMeta(byte[] body, String signature) throws Exception {
    return send(
        request("/webhooks/meta")
            .header("Content-Type", "application/json")
            .header("X-Hub-Signature-256", signature)
            .POST(BodyPublishers.ofByteArray(body)));
  }

  private HttpResponse<String> get(String path) throws Exception {
    return send(request(path).GET());
  }

  private HttpRequest.Builder request(String pathAndQuery) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + pathAndQuery))
        .timeout(Duration.ofSeconds(15));
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return client.send(request.build(), BodyHandlers.ofString());
  }

  private static JsonNode json(HttpResponse<String> response) throws Exception {
    return Json.MAPPER.readTree(response.body());
  }

  /** Records what it is asked to publish and answers as told. */
  private static final class RecordingPublisher implements Publisher {
    private final List<List<WebhookRecord<?, ?>>> published = new CopyOnWriteArrayList<>();
    private final CountDownLatch firstPublish = new CountDownLatch(1);
    private volatile Function<List<WebhookRecord<?, ?>>, CompletableFuture<Void>> behaviour =
        records -> CompletableFuture.completedFuture(null);

    @Override
    public CompletableFuture<Void> publish(List<WebhookRecord<?, ?>> records) {
      published.add(records);
      firstPublish.countDown();
      return behaviour.apply(records);
    }
  }
}
