package io.wagate.sender;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.wagate.schemas.Json;
import io.wagate.schemas.Topics;
import io.wagate.schemas.config.Environment;
import io.wagate.schemas.events.StatusCallback;
import io.wagate.sender.config.SenderConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Pacing on a real broker against a real HTTP server: a business number's throughput holds, a
 * conversation's order holds, and a number that waits for its allowance holds no other number up.
 */
class PacingIT {

  private static final String BUSY_NUMBER = "+31201234511";
  private static final String OTHER_NUMBER = "+31201234512";
  private static final int MESSAGES = 1_000;
  private static final int CONTACTS = 200;
  private static final int OTHER_MESSAGES = 20;

  private WireMockServer provider;
  private SenderService sender;

  @AfterEach
  void stop() {
    if (sender != null) {
      sender.close();
    }
    if (provider != null) {
      provider.stop();
    }
  }

  @Test
  void shouldHoldANumberToEightyPerSecondInOrderWithoutHoldingUpAnotherNumber() throws Exception {
    // Given: both numbers on Meta at the default 80 messages per second
    provider =
        new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1").containerThreads(20));
    provider.start();
    provider.stubFor(
        post(urlPathEqualTo("/v24.0/busy/messages"))
            .willReturn(json(ProvidersIT.fixture("meta/send-response.json"))));
    provider.stubFor(
        post(urlPathEqualTo("/v24.0/other/messages"))
            .willReturn(json(ProvidersIT.fixture("meta/send-response.json"))));
    String bootstrap = SenderHarness.kafka();
    String group = "sender-pacing-" + UUID.randomUUID();
    SenderHarness.startGroupAtEnd(bootstrap, group);
    String numbers =
        """
        { "numbers": [
          { "businessNumber": "%s", "provider": "META", "phoneNumberId": "busy",
            "accessToken": { "env": "TEST_META_TOKEN" } },
          { "businessNumber": "%s", "provider": "META", "phoneNumberId": "other",
            "accessToken": { "env": "TEST_META_TOKEN" } } ] }
        """
            .formatted(BUSY_NUMBER, OTHER_NUMBER);
    Map<String, String> env = SenderHarness.environment(bootstrap, group, numbers);
    env.put("TEST_META_TOKEN", "meta-test-token");
    env.put(SenderConfig.META_BASE_URL, provider.baseUrl());
    // Five messages per contact: the pair rate limit allows them as one burst, so only the
    // number's throughput is under test here.
    env.put(SenderConfig.CONTACT_BURST, "5");
    sender = SenderService.start(SenderConfig.from(Environment.of(env)));
    SenderHarness.awaitAssigned(bootstrap, group, Duration.ofSeconds(60));
    String run = UUID.randomUUID().toString().substring(0, 8);

    try (SenderHarness.Writer writer = new SenderHarness.Writer(bootstrap);
        SenderHarness.Reader callbacks =
            new SenderHarness.Reader(bootstrap, Topics.STATUS_CALLBACKS.name())) {
      // The first transaction of a fresh broker creates its transaction log: not what is measured.
      writer.write(SenderHarness.text(run + "-warm-up", OTHER_NUMBER, "+31615009999", "hi", false));
      assertThat(
              callbacks.callbacks(
                  c -> (run + "-warm-up").equals(c.requestId()), 1, Duration.ofSeconds(60)))
          .hasSize(1);
      // When: 1,000 messages to the busy number (five to each of 200 contacts), then 20 to the
      // other
      long started = System.nanoTime();
      for (int i = 0; i < MESSAGES; i++) {
        int contact = i % CONTACTS;
        int sequence = i / CONTACTS;
        writer.writeAsync(
            SenderHarness.text(
                run + "-busy-" + contact + "-" + sequence,
                BUSY_NUMBER,
                "+3161400" + String.format("%04d", contact),
                "message " + sequence,
                false));
      }
      writer.flush();
      for (int i = 0; i < OTHER_MESSAGES; i++) {
        writer.writeAsync(
            SenderHarness.text(
                run + "-other-" + i,
                OTHER_NUMBER,
                "+3161500" + String.format("%04d", i),
                "message 0",
                false));
      }
      writer.flush();

      List<StatusCallback> other =
          callbacks.callbacks(
              c -> c.requestId() != null && c.requestId().startsWith(run + "-other-"),
              OTHER_MESSAGES,
              Duration.ofSeconds(30));
      List<StatusCallback> busy =
          callbacks.callbacks(
              c -> c.requestId() != null && c.requestId().startsWith(run + "-busy-"),
              MESSAGES,
              Duration.ofSeconds(60));
      double busySeconds = (System.nanoTime() - started) / 1e9;

      // Then: the other number's messages went while the busy number's still waited
      assertThat(other).hasSize(OTHER_MESSAGES).allMatch(c -> c.status().equals("accepted"));
      // every busy message sent once, none lost, and 1,000 at 80/s took at least 12.5 s
      assertThat(busy).hasSize(MESSAGES).allMatch(c -> c.status().equals("accepted"));
      assertThat(busy.stream().map(StatusCallback::requestId).distinct()).hasSize(MESSAGES);
      assertThat(busySeconds).as("seconds for 1,000 messages at 80/s").isGreaterThanOrEqualTo(12.5);
      List<LoggedRequest> requests =
          provider.findAll(postRequestedFor(urlPathEqualTo("/v24.0/busy/messages")));
      assertThat(requests).hasSize(MESSAGES);
      requests.sort(Comparator.comparing(LoggedRequest::getLoggedDate));
      long spanMillis =
          requests.get(MESSAGES - 1).getLoggedDate().getTime()
              - requests.get(0).getLoggedDate().getTime();
      // 999 gaps of 12.5 ms between the first and the last send
      assertThat(spanMillis).isGreaterThanOrEqualTo(12_487 - 15);
      // No send ran ahead of the 80/s schedule that starts with the first one. (A pause of the JVM
      // or the machine may make sends late; those due during it then leave together. The first
      // send also opens the connection, so it may arrive a little late itself: 50 ms of slack.)
      long first = requests.get(0).getLoggedDate().getTime();
      for (int k = 0; k < MESSAGES; k++) {
        long due = first + (long) Math.floor(k * 1000.0 / 80);
        assertThat(requests.get(k).getLoggedDate().getTime())
            .as("arrival of send %d", k)
            .isGreaterThanOrEqualTo(due - 50);
      }
      // The other number's messages, written after all of the busy number's, reached the provider
      // while at least a quarter of the busy number's still waited for their allowance: they did
      // not queue behind it (if they had, none would be left).
      List<LoggedRequest> others =
          provider.findAll(postRequestedFor(urlPathEqualTo("/v24.0/other/messages")));
      long lastOther =
          others.stream().mapToLong(r -> r.getLoggedDate().getTime()).max().orElseThrow();
      assertThat(others).hasSize(OTHER_MESSAGES + 1);
      assertThat(requests.stream().filter(r -> r.getLoggedDate().getTime() > lastOther).count())
          .as("busy number's sends after the other number's last")
          .isGreaterThanOrEqualTo(MESSAGES / 4);
      // and each conversation's messages arrived in the order they were written
      Map<String, List<Integer>> sequences = new HashMap<>();
      for (LoggedRequest request : requests) {
        JsonNode body = Json.MAPPER.readTree(request.getBodyAsString());
        sequences
            .computeIfAbsent(body.path("to").asText(), k -> new ArrayList<>())
            .add(Integer.parseInt(body.path("text").path("body").asText().substring(8)));
      }
      assertThat(sequences).hasSize(CONTACTS);
      assertThat(sequences.values())
          .allSatisfy(sequence -> assertThat(sequence).containsExactly(0, 1, 2, 3, 4));
    }
  }

  private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(
      String body) {
    return aResponse()
        .withStatus(200)
        .withHeader("Content-Type", "application/json")
        .withBody(body);
  }
}
