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
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.streams.KafkaStreams.State;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The query API answers the one conversation of a person whatever form their contact arrives in:
 * Brazilian mobiles as WhatsApp's 12-digit id and as people write them with the ninth digit, and
 * business-scoped user ids verbatim.
 */
class ContactFormsQueryTest {

  private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
  private static final String BUSINESS = "+15550783881";
  private static final String JOANA = "+5582999990001";
  private static final String SAM = "user.4f3a9c0d12e8b7a6";

  private static final WagateConfig CONFIG = WagateConfig.defaults("localhost:9092");
  private static final HttpClient CLIENT = HttpClient.newHttpClient();
  private static final List<String> ASKED = new CopyOnWriteArrayList<>();
  private static ManagementServer server;
  private static PrometheusMeterRegistry registry;

  @BeforeAll
  static void serveTheConversationsOfJoanaAndSam() throws Exception {
    Map<String, Conversation> conversations =
        Map.of(
            BUSINESS + "|" + JOANA, wroteAnHourAgo(JOANA),
            BUSINESS + "|" + SAM, wroteAnHourAgo(SAM));
    ConversationLookup lookup =
        (key, number) -> {
          ASKED.add(key);
          return new ConversationLookup.Local(
              conversations.get(key), BusinessNumber.of(number, null, null));
        };
    server = ManagementServer.bind("127.0.0.1", 0);
    registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    server.start(
        () -> State.RUNNING,
        registry,
        new ConversationQueryHandler(
            lookup,
            new RoutingPolicy(CONFIG),
            CONFIG.windowSafetyMargin(),
            Clock.fixed(NOW, ZoneOffset.UTC),
            "127.0.0.1:" + server.port()));
  }

  @AfterAll
  static void stop() {
    server.close();
    registry.close();
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(
      strings = {
        "558299990001",
        "%2B558299990001",
        "whatsapp:%2B558299990001",
        "whatsapp:558299990001",
        "%2B55%2082%209999-0001",
        "5582999990001",
        "%2B5582999990001",
        "whatsapp:%2B5582999990001",
        "%2B55%2082%2099999-0001",
        "0055%2082%2099999%200001",
        "(82)%2099999-0001?defaultRegion=BR",
        "82%2099999-0001?defaultRegion=BR",
        "(82)%209999-0001?defaultRegion=BR",
        "82%209999-0001?defaultRegion=br",
        "0%2082%2099999-0001?defaultRegion=BR",
        "0%2021%2082%2099999-0001?defaultRegion=BR",
        "558299990001?defaultRegion=BR",
      })
  void shouldAnswerTheSameBrazilianConversationForEveryFormOfTheNumber(String contact)
      throws Exception {
    // Given Joana, who wrote an hour ago; her id at WhatsApp predates Brazil's ninth digit
    ASKED.clear();

    // When
    HttpResponse<String> response = get("/v1/conversations/%2B15550783881/" + contact);

    // Then
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode body = Json.MAPPER.readTree(response.body());
    assertThat(ASKED).containsExactly(BUSINESS + "|" + JOANA);
    assertThat(body.path("contact").asText()).isEqualTo(JOANA);
    assertThat(body.path("windowOpen").asBoolean()).isTrue();
    assertThat(body.path("lastInboundAt").asText()).isEqualTo("2026-11-22T09:00:00Z");
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(strings = {SAM, "whatsapp:" + SAM, SAM + "?defaultRegion=BR"})
  void shouldAnswerTheConversationOfABusinessScopedUserIdVerbatim(String contact) throws Exception {
    // Given Sam, who shares no number
    ASKED.clear();

    // When
    HttpResponse<String> response = get("/v1/conversations/%2B15550783881/" + contact);

    // Then
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(ASKED).containsExactly(BUSINESS + "|" + SAM);
    assertThat(Json.MAPPER.readTree(response.body()).path("windowOpen").asBoolean()).isTrue();
  }

  private static Conversation wroteAnHourAgo(String contact) {
    Conversation conversation = Conversation.start(BUSINESS, contact);
    conversation.recordInbound(NOW.minus(Duration.ofHours(1)));
    return conversation;
  }

  private static HttpResponse<String> get(String pathAndQuery) throws Exception {
    URI uri = URI.create("http://127.0.0.1:" + server.port() + pathAndQuery);
    return CLIENT.send(
        HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
  }
}
