package io.wagate.streams.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.wagate.schemas.Json;
import io.wagate.streams.config.WagateConfig;
import io.wagate.streams.http.ReportLookup.Answer;
import io.wagate.streams.policy.RoutingPolicy;
import io.wagate.streams.reference.BusinessNumber;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.streams.KafkaStreams.State;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PortfolioQueryHandlerTest {

  private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
  private static final String TOKEN = "s3cret-portfolio-token";

  private final WagateConfig config = WagateConfig.defaults("localhost:9092");
  private final HttpClient client = HttpClient.newHttpClient();
  private final List<ManagementServer> servers = new ArrayList<>();
  private final List<PrometheusMeterRegistry> registries = new ArrayList<>();

  @AfterEach
  void stopServers() {
    servers.forEach(ManagementServer::close);
    registries.forEach(PrometheusMeterRegistry::close);
  }

  @Test
  void shouldAnswerAPortfoliosLimitCountAndHeldRequests() throws Exception {
    // Given
    FakePortfolios portfolios = new FakePortfolios();
    portfolios.views.put(
        "salon-group",
        new PortfolioView(
            "salon-group", 250, 250, 3, 1, NOW.plusSeconds(3_600), NOW.minusSeconds(60)));
    // When
    HttpResponse<String> response = get(serve(portfolios), "/v1/portfolios/salon-group");
    // Then
    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode view = json(response);
    assertThat(view.path("portfolioId").asText()).isEqualTo("salon-group");
    assertThat(view.path("limit").asInt()).isEqualTo(250);
    assertThat(view.path("used").asInt()).isEqualTo(250);
    assertThat(view.path("held").asInt()).isEqualTo(3);
    assertThat(view.path("heldForFlag").asInt()).isEqualTo(1);
    assertThat(view.path("nextReleaseAt").asText()).isEqualTo("2026-11-22T11:00:00Z");
    assertThat(view.path("oldestHeldAt").asText()).isEqualTo("2026-11-22T09:59:00Z");
  }

  @Test
  void shouldAnswerAnUnknownLimitAndNoReleaseAsNull() throws Exception {
    // Given a number's own portfolio that counted nothing and has no limit anyone said
    FakePortfolios portfolios = new FakePortfolios();
    portfolios.views.put(
        "+31201234567", new PortfolioView("+31201234567", null, 0, 0, 0, null, null));
    // When
    HttpResponse<String> response = get(serve(portfolios), "/v1/portfolios/%2B31201234567");
    // Then
    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode view = json(response);
    assertThat(view.has("limit")).isTrue();
    assertThat(view.path("limit").isNull()).isTrue();
    assertThat(view.path("nextReleaseAt").isNull()).isTrue();
    assertThat(view.path("oldestHeldAt").isNull()).isTrue();
  }

  @Test
  void shouldAskForABusinessNumbersOwnPortfolioInCanonicalForm() throws Exception {
    // Given
    FakePortfolios portfolios = new FakePortfolios();
    ManagementServer server = serve(portfolios);
    // When the number is written with spaces, and with a literal plus
    get(server, "/v1/portfolios/%2B31%2020%20123%204567");
    get(server, "/v1/portfolios/+31201234567");
    // Then both ask for the portfolio the topology keys by the canonical number
    assertThat(portfolios.asked).containsExactly("+31201234567", "+31201234567");
  }

  @Test
  void shouldAnswerNotFoundForAPortfolioNothingIsKnownAbout() throws Exception {
    // Given
    FakePortfolios portfolios = new FakePortfolios();
    // When
    HttpResponse<String> response = get(serve(portfolios), "/v1/portfolios/no-such-group");
    // Then
    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(json(response).path("error").asText()).contains("wa.portfolios");
    assertThat(portfolios.asked).containsExactly("no-such-group");
  }

  @ParameterizedTest
  @ValueSource(strings = {"/v1/portfolios/%2Bnot-a-number", "/v1/portfolios/a%00b"})
  void shouldAnswerBadRequestForAnIdThatCannotBeOneWithoutAskingTheStores(String path)
      throws Exception {
    // Given
    FakePortfolios portfolios = new FakePortfolios();
    // When
    HttpResponse<String> response = get(serve(portfolios), path);
    // Then
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(json(response).path("error").asText()).doesNotContain("not-a-number");
    assertThat(portfolios.asked).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"/v1/portfolios/", "/v1/portfolios/a/b"})
  void shouldAnswerNotFoundWithTheUsageForAnotherPath(String path) throws Exception {
    // Given
    FakePortfolios portfolios = new FakePortfolios();
    // When
    HttpResponse<String> response = get(serve(portfolios), path);
    // Then
    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(json(response).path("error").asText()).contains("/v1/portfolios/{portfolioId}");
    assertThat(portfolios.asked).isEmpty();
  }

  @Test
  void shouldRelayTheAnswerOfTheInstanceThatCountsThePortfolioWithTheCallersToken()
      throws Exception {
    // Given an owner that counts the portfolio, another instance that knows it is elsewhere, and
    // both behind the same token
    FakePortfolios owned = new FakePortfolios();
    owned.views.put("salon-group", new PortfolioView("salon-group", 2, 2, 1, 0, NOW, NOW));
    ManagementServer owner = serve(owned, QueryAccess.withToken(TOKEN));
    FakePortfolios elsewhere = new FakePortfolios();
    elsewhere.remotePort = owner.port();
    ManagementServer other = serve(elsewhere, QueryAccess.withToken(TOKEN));
    // When
    HttpResponse<String> response = get(other, "/v1/portfolios/salon-group", TOKEN);
    // Then
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(json(response).path("used").asInt()).isEqualTo(2);
    assertThat(owned.asked).containsExactly("salon-group");
  }

  @Test
  void shouldAnswerUnauthorizedWithoutTheTokenAndAskNothing() throws Exception {
    // Given
    FakePortfolios portfolios = new FakePortfolios();
    // When
    HttpResponse<String> response =
        get(serve(portfolios, QueryAccess.withToken(TOKEN)), "/v1/portfolios/salon-group");
    // Then
    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(portfolios.asked).isEmpty();
  }

  @Test
  void shouldAnswerServiceUnavailableWhileTheStoresAreNotQueryable() throws Exception {
    // Given
    FakePortfolios portfolios = new FakePortfolios();
    portfolios.unavailable = true;
    // When
    HttpResponse<String> response = get(serve(portfolios), "/v1/portfolios/salon-group");
    // Then
    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(json(response).path("error").asText()).isEqualTo("rebalancing");
  }

  private ManagementServer serve(PortfolioLookup portfolios) throws IOException {
    return serve(portfolios, QueryAccess.OPEN);
  }

  private ManagementServer serve(PortfolioLookup portfolios, QueryAccess access)
      throws IOException {
    ManagementServer server = ManagementServer.bind("127.0.0.1", 0, access);
    servers.add(server);
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registries.add(registry);
    String self = "127.0.0.1:" + server.port();
    server.start(
        () -> State.RUNNING,
        registry,
        new ConversationQueryHandler(
            (key, number) ->
                new ConversationLookup.Local(null, BusinessNumber.of(number, null, null)),
            new RoutingPolicy(config),
            config.windowSafetyMargin(),
            Clock.systemUTC(),
            self),
        null,
        new PortfolioQueryHandler(portfolios, self));
    return server;
  }

  private HttpResponse<String> get(ManagementServer server, String path) throws Exception {
    return get(server, path, null);
  }

  private HttpResponse<String> get(ManagementServer server, String path, String token)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).GET();
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode json(HttpResponse<String> response) throws IOException {
    return Json.MAPPER.readTree(response.body());
  }

  /** Portfolios held in a map, every question recorded. */
  private static final class FakePortfolios implements PortfolioLookup {
    final List<String> asked = new CopyOnWriteArrayList<>();
    final Map<String, PortfolioView> views = new ConcurrentHashMap<>();
    volatile Integer remotePort;
    volatile boolean unavailable;

    @Override
    public Answer<PortfolioView> portfolio(String portfolioId) {
      asked.add(portfolioId);
      if (unavailable) {
        return new ReportLookup.Unavailable<>("rebalancing");
      }
      if (remotePort != null) {
        return new ReportLookup.Remote<>("127.0.0.1", remotePort);
      }
      return new ReportLookup.Local<>(views.get(portfolioId));
    }
  }
}
