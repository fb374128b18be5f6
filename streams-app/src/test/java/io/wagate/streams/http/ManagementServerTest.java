package io.wagate.streams.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.wagate.schemas.Json;
import io.wagate.streams.config.WagateConfig;
import io.wagate.streams.policy.RoutingPolicy;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.streams.KafkaStreams.State;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ManagementServerTest {

  private final HttpClient client = HttpClient.newHttpClient();
  private final AtomicReference<State> state = new AtomicReference<>(State.CREATED);
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private ManagementServer server;

  @BeforeEach
  void startServer() throws IOException {
    WagateConfig config = WagateConfig.defaults("localhost:9092");
    server = ManagementServer.bind("127.0.0.1", 0);
    server.start(
        state::get,
        registry,
        new ConversationQueryHandler(
            (key, number) -> new ConversationLookup.Unavailable("starting"),
            new RoutingPolicy(config),
            config.windowSafetyMargin(),
            Clock.systemUTC(),
            "127.0.0.1:" + server.port()));
  }

  @AfterEach
  void stopServer() {
    server.close();
    registry.close();
  }

  @ParameterizedTest
  @EnumSource(
      value = State.class,
      names = {"CREATED", "REBALANCING", "RUNNING", "PENDING_SHUTDOWN"})
  void shouldBeLiveWhileKafkaStreamsCanStillWork(State current) throws Exception {
    // Given
    state.set(current);
    // When
    HttpResponse<String> response = get("/health/live");
    // Then
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(json(response).path("state").asText()).isEqualTo(current.name());
  }

  @ParameterizedTest
  @EnumSource(
      value = State.class,
      names = {"PENDING_ERROR", "ERROR", "NOT_RUNNING"})
  void shouldNotBeLiveOnceKafkaStreamsFailedOrStopped(State current) throws Exception {
    // Given
    state.set(current);
    // When
    HttpResponse<String> response = get("/health/live");
    // Then
    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(json(response).path("state").asText()).isEqualTo(current.name());
  }

  @Test
  void shouldBeReadyWhenRunning() throws Exception {
    // Given
    state.set(State.RUNNING);
    // When
    HttpResponse<String> response = get("/health/ready");
    // Then
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(json(response).path("status").asText()).isEqualTo("UP");
  }

  @ParameterizedTest
  @EnumSource(
      value = State.class,
      mode = EnumSource.Mode.EXCLUDE,
      names = {"RUNNING"})
  void shouldNotBeReadyUnlessRunning(State current) throws Exception {
    // Given
    state.set(current);
    // When
    HttpResponse<String> response = get("/health/ready");
    // Then
    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(json(response).path("state").asText()).isEqualTo(current.name());
  }

  @Test
  void shouldExposeMetricsInPrometheusTextFormat() throws Exception {
    // Given
    registry.counter("wagate.decisions", "route", "freeform", "reason", "none").increment();
    // When
    HttpResponse<String> response = get("/metrics");
    // Then
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValue("text/plain; version=0.0.4; charset=utf-8");
    assertThat(response.body())
        .contains("wagate_decisions_total{reason=\"none\",route=\"freeform\"} 1.0");
  }

  @Test
  void shouldAnswerNotFoundForUnknownPaths() throws Exception {
    // Given
    state.set(State.RUNNING);
    // When
    HttpResponse<String> response = get("/health/livez");
    // Then
    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(json(response).path("error").asText()).isNotBlank();
  }

  @Test
  void shouldRejectMethodsOtherThanGet() throws Exception {
    // Given
    HttpRequest post =
        HttpRequest.newBuilder(uri("/health/live"))
            .POST(HttpRequest.BodyPublishers.ofString("{}"))
            .build();
    // When
    HttpResponse<String> response = client.send(post, HttpResponse.BodyHandlers.ofString());
    // Then
    assertThat(response.statusCode()).isEqualTo(405);
    assertThat(response.headers().firstValue("Allow")).hasValue("GET");
  }

  private HttpResponse<String> get(String path) throws Exception {
    return client.send(
        HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.port() + path);
  }

  private static JsonNode json(HttpResponse<String> response) throws IOException {
    return Json.MAPPER.readTree(response.body());
  }
}
