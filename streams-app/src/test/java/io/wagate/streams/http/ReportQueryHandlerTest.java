package io.wagate.streams.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.wagate.schemas.Json;
import io.wagate.schemas.events.CampaignReport;
import io.wagate.streams.config.WagateConfig;
import io.wagate.streams.http.ReportLookup.Answer;
import io.wagate.streams.http.ReportLookup.DayView;
import io.wagate.streams.policy.RoutingPolicy;
import io.wagate.streams.reports.ConversationTally;
import io.wagate.streams.reports.DayChange;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.streams.KafkaStreams.State;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ReportQueryHandlerTest {

  private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
  private static final String BUSINESS = "+31201234567";
  private static final String CONTACT = "+31612345678";

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
  void shouldAnswerACampaignsReportAsItsTopicHoldsIt() throws Exception {
    // Given
    FakeReports reports = new FakeReports();
    reports.campaigns.put(
        "cmp 11/a",
        new CampaignReport(
            "cmp 11/a",
            10,
            8,
            0,
            2,
            Map.of("OPTED_OUT", 2L),
            0,
            8,
            7,
            4,
            1,
            Map.of("63016", 1L),
            1,
            0,
            NOW,
            NOW.plusSeconds(60),
            NOW.plusSeconds(90)));
    ManagementServer server = serve(reports);
    // When the id is percent-encoded in the path
    HttpResponse<String> response = get(server, "/v1/campaigns/cmp%2011%2Fa");
    // Then
    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode body = json(response);
    assertThat(body.path("campaignId").asText()).isEqualTo("cmp 11/a");
    assertThat(body.path("requests").asLong()).isEqualTo(10);
    assertThat(body.path("rejectedByReason").path("OPTED_OUT").asLong()).isEqualTo(2);
    assertThat(body.path("failedByCode").path("63016").asLong()).isEqualTo(1);
    assertThat(body.path("firstSendAt").asText()).isEqualTo("2026-11-22T10:00:00Z");
    assertThat(reports.asked).containsExactly("campaign cmp 11/a");
  }

  @Test
  void shouldAnswerNotFoundForAnUnknownCampaign() throws Exception {
    // When
    HttpResponse<String> response = get(serve(new FakeReports()), "/v1/campaigns/cmp-none");
    // Then
    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(json(response).path("error").asText()).contains("no report for this campaign");
  }

  @Test
  void shouldAnswerANumbersDaysBetweenTwoDaysWithTheirSums() throws Exception {
    // Given
    FakeReports reports = new FakeReports();
    reports.days.put("ACTIVITY " + BUSINESS + " 2026-11-21", new DayView("2026-11-21", 3, 1));
    reports.days.put("ACTIVITY " + BUSINESS + " 2026-11-22", new DayView("2026-11-22", 2, 4));
    reports.days.put("ACTIVITY " + BUSINESS + " 2026-11-25", new DayView("2026-11-25", 9, 9));
    ManagementServer server = serve(reports);
    // When the number is written as people write it
    HttpResponse<String> response =
        get(server, "/v1/activity/0031%2020%20123%204567?from=2026-11-01&to=2026-11-22");
    // Then
    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode body = json(response);
    assertThat(body.path("businessNumber").asText()).isEqualTo(BUSINESS);
    assertThat(body.path("from").asText()).isEqualTo("2026-11-01");
    assertThat(body.path("to").asText()).isEqualTo("2026-11-22");
    assertThat(body.path("sent").asLong()).isEqualTo(5);
    assertThat(body.path("received").asLong()).isEqualTo(5);
    assertThat(body.path("days")).hasSize(2);
    assertThat(body.path("days").get(1).path("day").asText()).isEqualTo("2026-11-22");
  }

  @Test
  void shouldAnswerAnAgentsDays() throws Exception {
    // Given
    FakeReports reports = new FakeReports();
    reports.days.put("AGENT u-7 2026-11-22", new DayView("2026-11-22", 6, 2));
    // When
    HttpResponse<String> response =
        get(serve(reports), "/v1/agents/u-7?from=2026-11-22&to=2026-11-22");
    // Then
    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode body = json(response);
    assertThat(body.path("agentId").asText()).isEqualTo("u-7");
    assertThat(body.path("sent").asLong()).isEqualTo(6);
    assertThat(body.path("received").asLong()).isEqualTo(2);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/v1/activity/%2B31201234567?to=2026-11-22",
        "/v1/activity/%2B31201234567?from=2026-11-22",
        "/v1/activity/%2B31201234567?from=2026-11-23&to=2026-11-22",
        "/v1/activity/%2B31201234567?from=2026-13-01&to=2026-12-22",
        "/v1/activity/%2B31201234567?from=22-11-2026&to=2026-12-22",
        "/v1/activity/not-a-number?from=2026-11-01&to=2026-11-22",
        "/v1/agents/u%007?from=2026-11-01&to=2026-11-22",
        "/v1/conversations/%2B31201234567/12/counts",
        "/v1/agents/u-7?from=%E2%80%8B&to=2026-11-22"
      })
  void shouldAnswerBadRequestForBadInputWithoutAskingTheStores(String path) throws Exception {
    // Given
    FakeReports reports = new FakeReports();
    // When
    HttpResponse<String> response = get(serve(reports), path);
    // Then
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(json(response).path("error").asText()).isNotBlank().doesNotContain("31201234567");
    assertThat(reports.asked).isEmpty();
  }

  @Test
  void shouldAnswerBadRequestForAnIdLongerThanAnyCrmId() throws Exception {
    // When
    HttpResponse<String> response =
        get(serve(new FakeReports()), "/v1/campaigns/" + "c".repeat(201));
    // Then
    assertThat(response.statusCode()).isEqualTo(400);
  }

  @Test
  void shouldAnswerAContactsCountsInAnyFormOfTheirNumber() throws Exception {
    // Given
    FakeReports reports = new FakeReports();
    reports.conversations.put(
        BUSINESS + "|" + CONTACT,
        new ConversationTally(
            4,
            3,
            NOW,
            NOW.minusSeconds(60),
            "u-7",
            NOW,
            null,
            null,
            List.of(),
            null,
            false,
            List.of(),
            NOW));
    ManagementServer server = serve(reports);
    // When
    HttpResponse<String> known =
        get(server, "/v1/conversations/%2B31201234567/06%2012345678/counts?defaultRegion=NL");
    HttpResponse<String> unknown =
        get(server, "/v1/conversations/%2B31201234567/%2B31687654321/counts");
    // Then
    assertThat(known.statusCode()).isEqualTo(200);
    JsonNode body = json(known);
    assertThat(body.path("contact").asText()).isEqualTo(CONTACT);
    assertThat(body.path("sent").asLong()).isEqualTo(4);
    assertThat(body.path("received").asLong()).isEqualTo(3);
    assertThat(body.path("lastSentAt").asText()).isEqualTo("2026-11-22T10:00:00Z");
    assertThat(unknown.statusCode()).isEqualTo(200);
    assertThat(json(unknown).path("sent").asLong()).isZero();
  }

  @Test
  void shouldLeaveTheConversationApiItsOwnPaths() throws Exception {
    // When the conversation itself is asked for, not its counts
    HttpResponse<String> response =
        get(serve(new FakeReports()), "/v1/conversations/%2B31201234567/%2B31612345678");
    // Then the conversation API answers
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(json(response).has("canSendFreeform")).isTrue();
  }

  @Test
  void shouldRelayTheAnswerOfTheInstanceThatOwnsTheKey() throws Exception {
    // Given an owner with the campaign, and another instance that knows it is elsewhere
    FakeReports owned = new FakeReports();
    owned.campaigns.put("cmp-11", CampaignReport.empty("cmp-11", NOW));
    ManagementServer owner = serve(owned);
    FakeReports elsewhere = new FakeReports();
    elsewhere.remotePort = owner.port();
    ManagementServer other = serve(elsewhere);
    // When
    HttpResponse<String> response = get(other, "/v1/campaigns/cmp-11");
    // Then
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(json(response).path("campaignId").asText()).isEqualTo("cmp-11");
    assertThat(owned.asked).containsExactly("campaign cmp-11");
  }

  @Test
  void shouldNotForwardAForwardedQueryAgain() throws Exception {
    // Given two instances that each think the other owns the key
    FakeReports first = new FakeReports();
    FakeReports second = new FakeReports();
    ManagementServer a = serve(first);
    ManagementServer b = serve(second);
    first.remotePort = b.port();
    second.remotePort = a.port();
    // When
    HttpResponse<String> response = get(a, "/v1/agents/u-7?from=2026-11-01&to=2026-11-02");
    // Then
    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(json(response).path("error").asText()).contains("moving");
    assertThat(first.asked).hasSize(1);
    assertThat(second.asked).hasSize(1);
  }

  @Test
  void shouldAnswerServiceUnavailableWhileTheStoresAreNotQueryable() throws Exception {
    // Given
    FakeReports reports = new FakeReports();
    reports.unavailable = true;
    // When
    HttpResponse<String> response = get(serve(reports), "/v1/campaigns/cmp-11");
    // Then
    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(json(response).path("error").asText()).isEqualTo("rebalancing");
  }

  private ManagementServer serve(ReportLookup reports) throws IOException {
    ManagementServer server = ManagementServer.bind("127.0.0.1", 0);
    servers.add(server);
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registries.add(registry);
    String self = "127.0.0.1:" + server.port();
    server.start(
        () -> State.RUNNING,
        registry,
        new ConversationQueryHandler(
            (key, number) ->
                new ConversationLookup.Local(
                    null, io.wagate.streams.reference.BusinessNumber.of(number, null, null)),
            new RoutingPolicy(config),
            config.windowSafetyMargin(),
            Clock.systemUTC(),
            self),
        new ReportQueryHandler(reports, self));
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

  /** Reports held in maps, every question recorded. */
  private static final class FakeReports implements ReportLookup {
    final List<String> asked = new CopyOnWriteArrayList<>();
    final Map<String, CampaignReport> campaigns = new TreeMap<>();
    final Map<String, DayView> days = new TreeMap<>();
    final Map<String, ConversationTally> conversations = new TreeMap<>();
    volatile Integer remotePort;
    volatile boolean unavailable;

    @Override
    public Answer<CampaignReport> campaign(String campaignId) {
      asked.add("campaign " + campaignId);
      return answer(campaigns.get(campaignId));
    }

    @Override
    public Answer<List<DayView>> days(
        DayChange.Report report, String owner, LocalDate from, LocalDate to) {
      asked.add(report + " " + owner);
      List<DayView> found = new ArrayList<>();
      days.forEach(
          (key, day) -> {
            LocalDate date = LocalDate.parse(day.day());
            if (key.startsWith(report + " " + owner + " ")
                && !date.isBefore(from)
                && !date.isAfter(to)) {
              found.add(day);
            }
          });
      return answer(found);
    }

    @Override
    public Answer<ConversationTally> conversation(String conversationKey) {
      asked.add("conversation " + conversationKey);
      return answer(conversations.get(conversationKey));
    }

    private <T> Answer<T> answer(T value) {
      if (unavailable) {
        return new ReportLookup.Unavailable<>("rebalancing");
      }
      if (remotePort != null) {
        return new ReportLookup.Remote<>("127.0.0.1", remotePort);
      }
      return new ReportLookup.Local<>(value);
    }
  }
}
