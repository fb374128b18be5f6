package io.wagate.streams.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.wagate.schemas.Json;
import io.wagate.streams.config.WagateConfig;
import io.wagate.streams.policy.RoutingPolicy;
import io.wagate.streams.reference.BusinessNumber;
import io.wagate.streams.state.Conversation;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.streams.KafkaStreams.State;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The query API behind {@code WAGATE_QUERY_TOKEN}, on a real HTTP server. */
class QueryTokenTest {

  private static final String TOKEN = "made-up-query-token-7f3a";
  private static final String PATH = "/v1/conversations/%2B31201234567/%2B31612345678";

  private final WagateConfig config = WagateConfig.defaults("localhost:9092");
  private final HttpClient client = HttpClient.newHttpClient();
  private final List<ManagementServer> servers = new ArrayList<>();
  private final List<PrometheusMeterRegistry> registries = new ArrayList<>();
  private final List<String> looked = new CopyOnWriteArrayList<>();

  @AfterEach
  void stop() {
    servers.forEach(ManagementServer::close);
    registries.forEach(PrometheusMeterRegistry::close);
  }

  @Test
  void shouldAskForATokenWhenTheQueryHasNone() throws Exception {
    // Given
    ManagementServer server = serve(QueryAccess.withToken(TOKEN), local());
    // When
    HttpResponse<String> response = get(server, PATH, null);
    // Then
    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("WWW-Authenticate"))
        .hasValue("Bearer realm=\"wagate\"");
    assertThat(json(response).path("error").asText()).contains("Authorization: Bearer");
    assertThat(looked).as("nothing was looked up").isEmpty();
  }

  @Test
  void shouldRefuseAWrongToken() throws Exception {
    // Given
    ManagementServer server = serve(QueryAccess.withToken(TOKEN), local());
    // When
    HttpResponse<String> response = get(server, PATH, "Bearer " + TOKEN + "-old");
    // Then
    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow())
        .contains("error=\"invalid_token\"");
    assertThat(response.body()).doesNotContain(TOKEN);
    assertThat(looked).isEmpty();
  }

  @Test
  void shouldAnswerACallerWithTheToken() throws Exception {
    // Given
    ManagementServer server = serve(QueryAccess.withToken(TOKEN), local());
    // When
    HttpResponse<String> response = get(server, PATH, "Bearer " + TOKEN);
    // Then
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(json(response).path("businessNumber").asText()).isEqualTo("+31201234567");
  }

  @ParameterizedTest
  @ValueSource(strings = {"/v1/campaigns", "/v1/activity/x", "/v1/agents/u-7", "/v1/"})
  void shouldGuardEveryPathOfTheQueryApi(String path) throws Exception {
    // Given
    ManagementServer server = serve(QueryAccess.withToken(TOKEN), local());
    // When
    HttpResponse<String> response = get(server, path, null);
    // Then
    assertThat(response.statusCode()).isEqualTo(401);
  }

  @ParameterizedTest
  @ValueSource(strings = {"/health/live", "/health/ready", "/metrics"})
  void shouldLeaveHealthAndMetricsOpen(String path) throws Exception {
    // Given
    ManagementServer server = serve(QueryAccess.withToken(TOKEN), local());
    // When
    HttpResponse<String> response = get(server, path, null);
    // Then
    assertThat(response.statusCode()).isEqualTo(200);
  }

  @Test
  void shouldCarryTheTokenWhenForwardingToTheOwner() throws Exception {
    // Given an owner that also needs the token, and an instance that forwards to it
    QueryAccess access = QueryAccess.withToken(TOKEN);
    ManagementServer owner = serve(access, local());
    ManagementServer other =
        serve(access, (key, number) -> new ConversationLookup.Remote("127.0.0.1", owner.port()));
    // When
    HttpResponse<String> response = get(other, PATH, "Bearer " + TOKEN);
    // Then
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(json(response).path("contact").asText()).isEqualTo("+31612345678");
  }

  @Test
  void shouldAnswerWithoutATokenWhenNoneIsConfigured() throws Exception {
    // Given
    ManagementServer server = serve(QueryAccess.OPEN, local());
    // When
    HttpResponse<String> response = get(server, PATH, null);
    // Then
    assertThat(response.statusCode()).isEqualTo(200);
  }

  private ConversationLookup local() {
    return (key, number) -> {
      looked.add(key);
      return new ConversationLookup.Local(
          Conversation.start("+31201234567", "+31612345678"),
          BusinessNumber.of(number, null, null));
    };
  }

  private ManagementServer serve(QueryAccess access, ConversationLookup lookup) throws IOException {
    ManagementServer server = ManagementServer.bind("127.0.0.1", 0, access);
    servers.add(server);
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registries.add(registry);
    server.start(
        () -> State.RUNNING,
        registry,
        new ConversationQueryHandler(
            lookup,
            new RoutingPolicy(config),
            config.windowSafetyMargin(),
            Clock.systemUTC(),
            "127.0.0.1:" + server.port()));
    return server;
  }

  private HttpResponse<String> get(ManagementServer server, String path, String authorization)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).GET();
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode json(HttpResponse<String> response) throws IOException {
    return Json.MAPPER.readTree(response.body());
  }
}
