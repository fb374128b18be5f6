package io.wagate.sender;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.wagate.schemas.Json;
import io.wagate.schemas.Topics;
import io.wagate.schemas.events.StatusCallback;
import io.wagate.sender.config.SenderConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Black-box: the real {@code wagate-sender.jar} in a child JVM, killed with SIGKILL in the middle
 * of a run and started again. Every message must be sent; a message sent twice must be one whose
 * outcome the killed sender had not committed (the documented window), and those are counted.
 */
class CrashIT {

  private static final Path JAR =
      Path.of(System.getProperty("wagate.sender.jar", "target/wagate-sender.jar"));
  private static final String NUMBER = "+31201234521";
  private static final int CONTACTS = 60;
  private static final int PER_CONTACT = 10;
  private static final int MESSAGES = CONTACTS * PER_CONTACT;

  /** The child JVMs' logs stay for a look after a run. */
  private final Path logs = Path.of("target", "crash-it");

  private WireMockServer provider;
  private final List<Process> processes = new ArrayList<>();

  @AfterEach
  void stop() {
    processes.forEach(Process::destroyForcibly);
    if (provider != null) {
      provider.stop();
    }
  }

  @Test
  void shouldSendEveryMessageAfterASigkillAndSendTwiceOnlyWhatWasNotCommitted() throws Exception {
    // Given: 600 messages for a sender at 150/s that answers in 5 ms
    Files.createDirectories(logs);
    provider = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    provider.start();
    provider.stubFor(
        post(urlPathEqualTo("/v24.0/crash/messages"))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withFixedDelay(5)
                    .withHeader("Content-Type", "application/json")
                    .withBody(ProvidersIT.fixture("meta/send-response.json"))));
    String bootstrap = SenderHarness.kafka();
    String group = "sender-crash-" + UUID.randomUUID();
    SenderHarness.startGroupAtEnd(bootstrap, group);
    Map<String, String> env =
        SenderHarness.environment(
            bootstrap,
            group,
            """
            { "numbers": [ { "businessNumber": "%s", "provider": "META", "phoneNumberId": "crash",
              "accessToken": { "env": "TEST_META_TOKEN" }, "messagesPerSecond": 150 } ] }
            """
                .formatted(NUMBER));
    env.put("TEST_META_TOKEN", "meta-test-token");
    env.put(SenderConfig.META_BASE_URL, provider.baseUrl());
    env.put(SenderConfig.CONTACT_BURST, Integer.toString(PER_CONTACT));
    String run = UUID.randomUUID().toString().substring(0, 8);

    try (SenderHarness.Writer writer = new SenderHarness.Writer(bootstrap);
        SenderHarness.Reader callbacks =
            new SenderHarness.Reader(bootstrap, Topics.STATUS_CALLBACKS.name())) {
      Process first = start(env, "first");
      SenderHarness.awaitAssigned(bootstrap, group, Duration.ofSeconds(90));
      for (int i = 0; i < MESSAGES; i++) {
        writer.writeAsync(
            SenderHarness.text(
                run + "-" + i,
                NUMBER,
                "+3161600" + String.format("%04d", i % CONTACTS),
                "message " + i / CONTACTS,
                false));
      }
      writer.flush();

      // When: SIGKILL once a third of the messages reached the provider, then a restart
      awaitRequests(MESSAGES / 3, Duration.ofSeconds(90));
      first.destroyForcibly();
      assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
      Instant killed = Instant.now();
      int sentBeforeKill = requests().size();
      start(env, "second");

      // Then: every message has exactly one committed outcome
      List<StatusCallback> outcomes =
          callbacks.callbacks(
              c -> c.requestId() != null && c.requestId().startsWith(run + "-"),
              MESSAGES,
              Duration.ofSeconds(120));
      Map<String, List<StatusCallback>> byRequest =
          outcomes.stream().collect(Collectors.groupingBy(StatusCallback::requestId));
      assertThat(byRequest).hasSize(MESSAGES);
      assertThat(byRequest.values()).allSatisfy(list -> assertThat(list).hasSize(1));
      assertThat(outcomes).allMatch(c -> c.status().equals("accepted"));
      // every message reached the provider
      Map<String, Long> sends =
          requests().stream()
              .map(CrashIT::requestId)
              .filter(id -> id.startsWith(run + "-"))
              .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
      assertThat(sends).hasSize(MESSAGES);
      // a message sent twice is one whose outcome the killed sender never committed: its one
      // committed outcome is the restarted sender's, answered after the kill
      List<String> twice =
          sends.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).toList();
      assertThat(sends.values()).allMatch(count -> count <= 2);
      for (String requestId : twice) {
        assertThat(byRequest.get(requestId).get(0).occurredAt())
            .as("outcome of %s, sent twice", requestId)
            .isAfter(killed.minusMillis(1));
      }
      System.out.printf(
          "CrashIT: %d messages, %d reached the provider before SIGKILL, %d sent twice (in the"
              + " window between the provider's answer and the commit)%n",
          MESSAGES, sentBeforeKill, twice.size());
    }
  }

  private Process start(Map<String, String> env, String name) throws IOException {
    assertThat(JAR).as("run after package: %s", JAR).exists();
    ProcessBuilder builder =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-jar",
                JAR.toAbsolutePath().toString())
            .redirectErrorStream(true)
            .redirectOutput(logs.resolve(name + ".log").toFile());
    builder.environment().keySet().removeIf(k -> k.startsWith("KAFKA_") || k.startsWith("WAGATE_"));
    builder.environment().putAll(env);
    Process process = builder.start();
    processes.add(process);
    return process;
  }

  private void awaitRequests(int count, Duration timeout) throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (requests().size() < count) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "only "
                + requests().size()
                + " sends within "
                + timeout
                + "; sender log:\n"
                + Files.readString(logs.resolve("first.log")));
      }
      LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
    }
  }

  private List<LoggedRequest> requests() {
    return provider.findAll(postRequestedFor(urlPathEqualTo("/v24.0/crash/messages")));
  }

  private static String requestId(LoggedRequest request) {
    try {
      return Json.MAPPER
          .readTree(request.getBodyAsString())
          .path("biz_opaque_callback_data")
          .asText();
    } catch (IOException e) {
      throw new AssertionError("not JSON", e);
    }
  }
}
