package io.wagate.streams.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.wagate.schemas.Json;
import io.wagate.schemas.events.BusinessNumberConfig;
import io.wagate.schemas.events.Category;
import io.wagate.streams.config.WagateConfig;
import io.wagate.streams.policy.RoutingPolicy;
import io.wagate.streams.reference.BusinessNumber;
import io.wagate.streams.state.ConsentLedger.Will;
import io.wagate.streams.state.Conversation;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.streams.KafkaStreams.State;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConversationQueryHandlerTest {

  private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
  private static final String BUSINESS = "+31201234567";
  private static final String CONTACT = "+31612345678";
  private static final String KEY = BUSINESS + "|" + CONTACT;
  private static final String PATH = "/v1/conversations/%2B31201234567/%2B31612345678";

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
  void shouldAnswerAnOpenWindowForAContactWhoWroteIn() throws Exception {
    // Given
    Conversation conversation = Conversation.start(BUSINESS, CONTACT);
    conversation.recordInbound(NOW.minus(Duration.ofHours(1)));
    FakeLookup lookup = new FakeLookup().with(KEY, conversation);
    ManagementServer server = serve(lookup);
    // When
    HttpResponse<String> response = get(server, PATH);
    // Then
    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode body = json(response);
    assertThat(body.path("businessNumber").asText()).isEqualTo(BUSINESS);
    assertThat(body.path("contact").asText()).isEqualTo(CONTACT);
    assertThat(body.path("windowOpen").asBoolean()).isTrue();
    assertThat(body.path("windowExpiresAt").asText()).isEqualTo("2026-11-23T08:55:00Z");
    assertThat(body.path("lastInboundAt").asText()).isEqualTo("2026-11-22T09:00:00Z");
    assertThat(body.path("canSendFreeform").asBoolean()).isTrue();
    assertThat(body.path("canSendTemplate").path("MARKETING").asBoolean()).isTrue();
    assertThat(body.path("canSendTemplate").path("UTILITY").asBoolean()).isTrue();
    assertThat(body.path("canSendTemplate").path("AUTHENTICATION").asBoolean()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "%2B31612345678",
        "+31612345678",
        "0031612345678",
        "31612345678",
        "whatsapp:%2B31612345678",
        "%2B31%206%2012%2034%2056%2078",
        "06%2012345678?defaultRegion=NL",
        "0612345678?defaultRegion=nl",
      })
  void shouldLookUpTheCanonicalConversationKeyWhateverFormTheContactArrivesIn(String contact)
      throws Exception {
    // Given
    FakeLookup lookup = new FakeLookup();
    ManagementServer server = serve(lookup);
    // When
    HttpResponse<String> response = get(server, "/v1/conversations/%2B31201234567/" + contact);
    // Then
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(lookup.keys).containsExactly(KEY);
    assertThat(json(response).path("contact").asText()).isEqualTo(CONTACT);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "%2B31201234567",
        "31201234567",
        "0031201234567",
        "whatsapp:%2B31%2020%20123%204567"
      })
  void shouldLookUpTheCanonicalBusinessNumberWhateverFormItArrivesIn(String businessNumber)
      throws Exception {
    // Given
    FakeLookup lookup = new FakeLookup();
    ManagementServer server = serve(lookup);
    // When
    HttpResponse<String> response =
        get(server, "/v1/conversations/" + businessNumber + "/%2B31612345678");
    // Then
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(lookup.keys).containsExactly(KEY);
    assertThat(json(response).path("businessNumber").asText()).isEqualTo(BUSINESS);
  }

  @Test
  void shouldAnswerAFreshConversationForAContactWagateNeverSaw() throws Exception {
    // Given
    ManagementServer server = serve(new FakeLookup());
    // When
    HttpResponse<String> response = get(server, PATH);
    // Then
    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode body = json(response);
    assertThat(body.path("windowOpen").asBoolean()).isFalse();
    assertThat(body.path("windowExpiresAt").isNull()).isTrue();
    assertThat(body.path("optIn").asText()).isEqualTo("UNKNOWN");
    assertThat(body.path("optedOutCategories").isEmpty()).isTrue();
    assertThat(body.path("reachable").asBoolean()).isTrue();
    assertThat(body.path("blocked").asBoolean()).isFalse();
    assertThat(body.path("lastInboundAt").isNull()).isTrue();
    assertThat(body.path("updatedAt").isNull()).isTrue();
    assertThat(body.path("canSendFreeform").asBoolean()).isFalse();
    assertThat(body.path("canSendTemplate").path("UTILITY").asBoolean()).isFalse();
    assertThat(body.path("consent").path("source").isNull()).isTrue();
  }

  @Test
  void shouldAnswerConsentWithItsAttestationAndCategoryOptOuts() throws Exception {
    // Given
    Conversation conversation = Conversation.start(BUSINESS, CONTACT);
    Instant recorded = NOW.minus(Duration.ofHours(1));
    conversation
        .consent()
        .express(
            Will.OPTED_IN,
            Set.of(),
            "booking-form",
            NOW.minus(Duration.ofDays(2)),
            null,
            "f-1",
            recorded);
    conversation
        .consent()
        .express(
            Will.OPTED_OUT,
            Set.of(Category.MARKETING),
            "keyword",
            NOW.minus(Duration.ofDays(1)),
            "wamid.9",
            null,
            recorded);
    ManagementServer server = serve(new FakeLookup().with(KEY, conversation));
    // When
    HttpResponse<String> response = get(server, PATH);
    // Then
    JsonNode body = json(response);
    assertThat(body.path("optIn").asText()).isEqualTo("OPTED_IN");
    assertThat(body.path("optedOutCategories").get(0).asText()).isEqualTo("MARKETING");
    assertThat(body.path("optedOutCategories").size()).isEqualTo(1);
    assertThat(body.path("canSendFreeform").asBoolean()).isFalse();
    assertThat(body.path("canSendTemplate").path("MARKETING").asBoolean()).isFalse();
    assertThat(body.path("canSendTemplate").path("UTILITY").asBoolean()).isTrue();
    assertThat(body.path("canSendTemplate").path("AUTHENTICATION").asBoolean()).isTrue();
    assertThat(body.path("consent").path("source").asText()).isEqualTo("keyword");
    assertThat(body.path("consent").path("capturedAt").asText()).isEqualTo("2026-11-21T10:00:00Z");
    assertThat(body.path("consent").path("messageId").asText()).isEqualTo("wamid.9");
  }

  @Test
  void shouldAnswerNothingSendableOnADisabledBusinessNumber() throws Exception {
    // Given
    Conversation conversation = Conversation.start(BUSINESS, CONTACT);
    conversation.recordInbound(NOW.minus(Duration.ofMinutes(5)));
    BusinessNumberConfig disabled = new BusinessNumberConfig(BUSINESS, false, null, null, null);
    ManagementServer server = serve(new FakeLookup().with(KEY, conversation).with(disabled));
    // When
    HttpResponse<String> response = get(server, PATH);
    // Then
    JsonNode body = json(response);
    assertThat(body.path("windowOpen").asBoolean()).isTrue();
    assertThat(body.path("canSendFreeform").asBoolean()).isFalse();
    assertThat(body.path("canSendTemplate").path("UTILITY").asBoolean()).isFalse();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/v1/conversations/%2B31201234567/not-a-number",
        "/v1/conversations/%2B31201234567/06%2012345678?defaultRegion=XX",
        "/v1/conversations/US.13491208655302741918/%2B31612345678",
        "/v1/conversations/call-me/%2B31612345678",
      })
  void shouldRejectAMalformedNumberWithAJsonError(String path) throws Exception {
    // Given
    FakeLookup lookup = new FakeLookup();
    ManagementServer server = serve(lookup);
    // When
    HttpResponse<String> response = get(server, path);
    // Then
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(json(response).path("error").asText()).isNotBlank();
    assertThat(lookup.keys).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/v1/conversations/%2B31201234567",
        "/v1/conversations/%2B31201234567/",
        "/v1/conversations/%2B31201234567/%2B31612345678/extra",
      })
  void shouldAnswerNotFoundForAPathWithoutExactlyTwoSegments(String path) throws Exception {
    // Given
    ManagementServer server = serve(new FakeLookup());
    // When
    HttpResponse<String> response = get(server, path);
    // Then
    assertThat(response.statusCode()).isEqualTo(404);
  }

  @Test
  void shouldAnswerServiceUnavailableWhileTheStoreIsNotQueryable() throws Exception {
    // Given
    ManagementServer server =
        serve((key, number) -> new ConversationLookup.Unavailable("rebalancing"));
    // When
    HttpResponse<String> response = get(server, PATH);
    // Then
    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(json(response).path("error").asText()).isEqualTo("rebalancing");
  }

  @Test
  void shouldRelayTheAnswerOfTheInstanceThatOwnsTheKey() throws Exception {
    // Given
    Conversation conversation = Conversation.start(BUSINESS, CONTACT);
    conversation.recordInbound(NOW.minus(Duration.ofHours(1)));
    FakeLookup ownerLookup = new FakeLookup().with(KEY, conversation);
    ManagementServer owner = serve(ownerLookup);
    ManagementServer other =
        serve((key, number) -> new ConversationLookup.Remote("127.0.0.1", owner.port()));
    // When
    HttpResponse<String> response =
        get(other, "/v1/conversations/%2B31201234567/06%2012345678?defaultRegion=NL");
    // Then
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(json(response).path("windowOpen").asBoolean()).isTrue();
    assertThat(ownerLookup.keys).containsExactly(KEY);
  }

  @Test
  void shouldNotForwardAForwardedQueryAgain() throws Exception {
    // Given
    int[] ports = new int[2];
    FakeLookup first = new FakeLookup().remote(() -> ports[1]);
    FakeLookup second = new FakeLookup().remote(() -> ports[0]);
    ports[0] = serve(first).port();
    ports[1] = serve(second).port();
    // When
    HttpResponse<String> response = get(servers.get(0), PATH);
    // Then
    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(json(response).path("error").asText()).contains("moving");
    assertThat(first.keys).hasSize(1);
    assertThat(second.keys).hasSize(1);
  }

  @Test
  void shouldAnswerServiceUnavailableWhenTheOwnerDoesNotAnswer() throws Exception {
    // Given
    ManagementServer gone = ManagementServer.bind("127.0.0.1", 0);
    int deadPort = gone.port();
    gone.close();
    ManagementServer server =
        serve((key, number) -> new ConversationLookup.Remote("127.0.0.1", deadPort));
    // When
    HttpResponse<String> response = get(server, PATH);
    // Then
    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(json(response).path("error").asText()).contains("did not answer");
  }

  private ManagementServer serve(ConversationLookup lookup) throws IOException {
    ManagementServer server = ManagementServer.bind("127.0.0.1", 0);
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
            Clock.fixed(NOW, ZoneOffset.UTC),
            "127.0.0.1:" + server.port()));
    return server;
  }

  private HttpResponse<String> get(ManagementServer server, String pathAndQuery) throws Exception {
    URI uri = URI.create("http://127.0.0.1:" + server.port() + pathAndQuery);
    return client.send(
        HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode json(HttpResponse<String> response) throws IOException {
    return Json.MAPPER.readTree(response.body());
  }

  /** Conversations held in a map, every key asked for recorded. */
  private static final class FakeLookup implements ConversationLookup {
    final List<String> keys = new CopyOnWriteArrayList<>();
    private final Map<String, Conversation> conversations = new HashMap<>();
    private final Map<String, BusinessNumberConfig> numbers = new HashMap<>();
    private java.util.function.IntSupplier remotePort;

    FakeLookup with(String key, Conversation conversation) {
      conversations.put(key, conversation);
      return this;
    }

    FakeLookup with(BusinessNumberConfig number) {
      numbers.put(number.businessNumber(), number);
      return this;
    }

    FakeLookup remote(java.util.function.IntSupplier port) {
      remotePort = port;
      return this;
    }

    @Override
    public Result find(String conversationKey, String businessNumber) {
      keys.add(conversationKey);
      if (remotePort != null) {
        return new Remote("127.0.0.1", remotePort.getAsInt());
      }
      return new Local(
          conversations.get(conversationKey),
          BusinessNumber.of(businessNumber, numbers.get(businessNumber), null));
    }
  }
}
