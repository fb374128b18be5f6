package io.wagate.sender;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.wagate.schemas.Topics;
import io.wagate.schemas.config.Environment;
import io.wagate.schemas.events.Provider;
import io.wagate.schemas.events.StatusCallback;
import io.wagate.sender.config.SenderConfig;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The sender against a real HTTP server that plays Meta's Cloud API and Twilio's Messages API with
 * the request and answer bodies of their documentation (fixtures/README.md), on a real broker.
 */
class ProvidersIT {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String META_NUMBER = "+31201234501";
  private static final String TWILIO_NUMBER = "+14155550100";
  private static final String PHONE_NUMBER_ID = "106540352242922";
  private static final String ACCOUNT_SID = "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
  private static final String META_PATH = "/v24.0/" + PHONE_NUMBER_ID + "/messages";
  private static final String TWILIO_PATH =
      "/2010-04-01/Accounts/" + ACCOUNT_SID + "/Messages.json";

  private static WireMockServer provider;
  private static SenderService sender;
  private static SenderHarness.Writer writer;
  private static SenderHarness.Reader callbacks;
  private static SenderHarness.Reader deadLetters;
  private static String bootstrap;

  @BeforeAll
  static void startSender() throws Exception {
    provider = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    provider.start();
    bootstrap = SenderHarness.kafka();
    String group = "sender-providers-" + UUID.randomUUID();
    SenderHarness.startGroupAtEnd(bootstrap, group);
    String numbers =
        """
        { "numbers": [
          { "businessNumber": "%s", "provider": "META", "phoneNumberId": "%s",
            "accessToken": { "env": "TEST_META_TOKEN" } },
          { "businessNumber": "%s", "provider": "TWILIO", "accountSid": "%s",
            "authToken": { "env": "TEST_TWILIO_TOKEN" },
            "contentSids": { "appointment_reminder:en_US": "HXb5b62575e6e4ff6129ad7c8efe1f983e" } } ] }
        """
            .formatted(META_NUMBER, PHONE_NUMBER_ID, TWILIO_NUMBER, ACCOUNT_SID);
    Map<String, String> env = SenderHarness.environment(bootstrap, group, numbers);
    env.put("TEST_META_TOKEN", "meta-test-token");
    env.put("TEST_TWILIO_TOKEN", "twilio-test-token");
    env.put(SenderConfig.META_BASE_URL, provider.baseUrl());
    env.put(SenderConfig.TWILIO_BASE_URL, provider.baseUrl());
    env.put(SenderConfig.RETRY_ATTEMPTS, "3");
    env.put(SenderConfig.RETRY_DELAY, "PT0.05S");
    env.put(SenderConfig.RETRY_MAX_DELAY, "PT5S");
    // Many sends to one contact would otherwise wait for the pair rate limit.
    env.put(SenderConfig.CONTACT_BURST, "50");
    sender = SenderService.start(SenderConfig.from(Environment.of(env)));
    writer = new SenderHarness.Writer(bootstrap);
    callbacks = new SenderHarness.Reader(bootstrap, Topics.STATUS_CALLBACKS.name());
    deadLetters = new SenderHarness.Reader(bootstrap, Topics.DLQ.name());
  }

  @AfterAll
  static void stopSender() {
    if (sender != null) {
      sender.close();
    }
    if (writer != null) {
      writer.close();
    }
    if (callbacks != null) {
      callbacks.close();
      deadLetters.close();
    }
    if (provider != null) {
      provider.stop();
    }
  }

  @Test
  void shouldSendMetaTextWithRequestIdAsCallbackDataAndRecordTheWamid() throws Exception {
    // Given: Meta answers the documented text request with the documented answer
    provider.stubFor(
        post(urlPathEqualTo(META_PATH))
            .withHeader("Authorization", equalTo("Bearer meta-test-token"))
            .withRequestBody(equalToJson(fixture("meta/text-request.json")))
            .willReturn(okJson(fixture("meta/send-response.json"))));

    // When
    writer.write(
        SenderHarness.text(
            "crm-text-1",
            META_NUMBER,
            "+31612345671",
            "As requested, here's the link to our latest product:"
                + " https://www.meta.com/quest/quest-3/",
            true));

    // Then
    StatusCallback accepted = only("crm-text-1");
    assertThat(accepted.status()).isEqualTo("accepted");
    assertThat(accepted.provider()).isEqualTo(Provider.META);
    assertThat(accepted.providerMessageId())
        .isEqualTo("wamid.HBgLMTY1MDUwNzY1MjAVAgARGBI5QTNDQTVCM0Q0Q0Q2RTY3RTcA");
    assertThat(accepted.businessNumber()).isEqualTo(META_NUMBER);
    assertThat(accepted.contact()).isEqualTo("+31612345671");
    assertThat(accepted.errorCode()).isNull();
  }

  @Test
  void shouldSendMetaTemplateWithLanguageAndBodyParameters() throws Exception {
    // Given
    provider.stubFor(
        post(urlPathEqualTo(META_PATH))
            .withRequestBody(equalToJson(fixture("meta/template-request.json")))
            .willReturn(okJson(fixture("meta/send-response.json"))));

    // When
    writer.write(
        SenderHarness.template(
            "crm-template-1",
            META_NUMBER,
            "+31612345672",
            "order_confirmation",
            List.of("Pablo", "860198-230332")));

    // Then
    StatusCallback accepted = only("crm-template-1");
    assertThat(accepted.status()).isEqualTo("accepted");
    assertThat(accepted.providerMessageId()).startsWith("wamid.");
  }

  @Test
  void shouldSendTwilioTextAndTemplateWithTheIngressStatusCallbackUrl() throws Exception {
    // Given
    String basic =
        "Basic "
            + Base64.getEncoder()
                .encodeToString(
                    (ACCOUNT_SID + ":twilio-test-token").getBytes(StandardCharsets.UTF_8));
    provider.stubFor(
        post(urlPathEqualTo(TWILIO_PATH))
            .withHeader("Authorization", equalTo(basic))
            .withFormParam("To", equalTo("whatsapp:+31612345673"))
            .withFormParam("From", equalTo("whatsapp:" + TWILIO_NUMBER))
            .withFormParam(
                "StatusCallback",
                equalTo("https://hooks.example.com/webhooks/twilio/status?requestId=crm-twilio-1"))
            .withFormParam("Body", equalTo("Hello! 👍"))
            .willReturn(json(201, fixture("twilio/create-response.json"))));
    provider.stubFor(
        post(urlPathEqualTo(TWILIO_PATH))
            .withFormParam("To", equalTo("whatsapp:+31612345674"))
            .withFormParam("ContentSid", equalTo("HXb5b62575e6e4ff6129ad7c8efe1f983e"))
            .withFormParam("ContentVariables", equalTo("{\"1\":\"Ben\",\"2\":\"Tuesday 10:00\"}"))
            .withFormParam(
                "StatusCallback",
                equalTo("https://hooks.example.com/webhooks/twilio/status?requestId=crm-twilio-2"))
            .willReturn(json(201, fixture("twilio/create-response.json"))));

    // When
    writer.write(
        SenderHarness.text("crm-twilio-1", TWILIO_NUMBER, "+31612345673", "Hello! 👍", false));
    writer.write(
        SenderHarness.template(
            "crm-twilio-2",
            TWILIO_NUMBER,
            "+31612345674",
            "appointment_reminder",
            List.of("Ben", "Tuesday 10:00")));

    // Then
    for (String requestId : List.of("crm-twilio-1", "crm-twilio-2")) {
      StatusCallback accepted = only(requestId);
      assertThat(accepted.status()).isEqualTo("accepted");
      assertThat(accepted.provider()).isEqualTo(Provider.TWILIO);
      assertThat(accepted.providerMessageId()).isEqualTo("SMaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
    }
  }

  @Test
  void shouldWriteEveryDocumentedMetaErrorAsFailedWithItsCode() throws Exception {
    // Given: one contact per documented code, each answered with that error
    List<String[]> rows = rows("meta/error-codes.csv");
    for (int i = 0; i < rows.size(); i++) {
      String[] row = rows.get(i);
      provider.stubFor(
          post(urlPathEqualTo(META_PATH))
              .withRequestBody(matchingJsonPath("$.to", equalTo(metaErrorContact(i).substring(1))))
              .willReturn(json(Integer.parseInt(row[1]), metaError(row[0], row[2], row[3]))));
    }

    // When
    for (int i = 0; i < rows.size(); i++) {
      writer.writeAsync(
          SenderHarness.text("meta-error-" + i, META_NUMBER, metaErrorContact(i), "Hi", false));
    }
    writer.flush();

    // Then
    for (int i = 0; i < rows.size(); i++) {
      String code = rows.get(i)[0];
      StatusCallback failed = only("meta-error-" + i);
      assertThat(failed.status()).as("code %s", code).isEqualTo("failed");
      assertThat(failed.errorCode()).isEqualTo(code);
      assertThat(failed.errorTitle()).isEqualTo(rows.get(i)[2]);
      assertThat(failed.providerMessageId()).isNull();
      int attempts =
          provider
              .findAll(
                  postRequestedFor(urlPathEqualTo(META_PATH))
                      .withRequestBody(
                          matchingJsonPath("$.to", equalTo(metaErrorContact(i).substring(1)))))
              .size();
      // Throttling codes are retried (3 attempts configured), every other code is final at once.
      boolean throttling = List.of("4", "80007", "130429", "131056").contains(code);
      assertThat(attempts).as("attempts for code %s", code).isEqualTo(throttling ? 3 : 1);
    }
  }

  @Test
  void shouldWriteEveryDocumentedTwilioErrorAsFailedWithItsCodeAndNoPhoneNumber() throws Exception {
    // Given
    List<String[]> rows = rows("twilio/error-codes.csv");
    for (int i = 0; i < rows.size(); i++) {
      String[] row = rows.get(i);
      provider.stubFor(
          post(urlPathEqualTo(TWILIO_PATH))
              .withFormParam("To", equalTo("whatsapp:" + twilioErrorContact(i)))
              .willReturn(json(Integer.parseInt(row[1]), twilioError(row[0], row[1], row[2]))));
    }

    // When
    for (int i = 0; i < rows.size(); i++) {
      writer.writeAsync(
          SenderHarness.text(
              "twilio-error-" + i, TWILIO_NUMBER, twilioErrorContact(i), "Hi", false));
    }
    writer.flush();

    // Then
    for (int i = 0; i < rows.size(); i++) {
      StatusCallback failed = only("twilio-error-" + i);
      assertThat(failed.status()).isEqualTo("failed");
      assertThat(failed.errorCode()).isEqualTo(rows.get(i)[0]);
      assertThat(failed.errorTitle()).doesNotContainPattern("\\d{7,}").isNotBlank();
    }
    assertThat(only("twilio-error-2").errorTitle())
        .isEqualTo("The 'To' number <number> is not a valid phone number.");
  }

  @Test
  void shouldHonourRetryAfterOfMetasRateLimitAndThenRecordTheSend() throws Exception {
    // Given: the documented 130429 with Retry-After: 2, then the documented answer
    String contact = "+31612340001";
    provider.stubFor(
        post(urlPathEqualTo(META_PATH))
            .withRequestBody(matchingJsonPath("$.to", equalTo(contact.substring(1))))
            .inScenario("meta-429")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(
                aResponse()
                    .withStatus(429)
                    .withHeader("Content-Type", "application/json")
                    .withHeader("Retry-After", "2")
                    .withBody(fixture("meta/error-130429.json")))
            .willSetStateTo("answered"));
    provider.stubFor(
        post(urlPathEqualTo(META_PATH))
            .withRequestBody(matchingJsonPath("$.to", equalTo(contact.substring(1))))
            .inScenario("meta-429")
            .whenScenarioStateIs("answered")
            .willReturn(okJson(fixture("meta/send-response.json"))));

    // When
    writer.write(SenderHarness.text("meta-retry-after", META_NUMBER, contact, "Hi", false));

    // Then
    StatusCallback accepted = only("meta-retry-after");
    assertThat(accepted.status()).isEqualTo("accepted");
    List<LoggedRequest> attempts =
        provider.findAll(
            postRequestedFor(urlPathEqualTo(META_PATH))
                .withRequestBody(matchingJsonPath("$.to", equalTo(contact.substring(1)))));
    assertThat(attempts).hasSize(2);
    long waited =
        attempts.get(1).getLoggedDate().getTime() - attempts.get(0).getLoggedDate().getTime();
    assertThat(waited).isGreaterThanOrEqualTo(2_000);
  }

  @Test
  void shouldHonourTwilios429AndRetryAfter() throws Exception {
    // Given
    String contact = "+31612340002";
    provider.stubFor(
        post(urlPathEqualTo(TWILIO_PATH))
            .withFormParam("To", equalTo("whatsapp:" + contact))
            .inScenario("twilio-429")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(
                aResponse()
                    .withStatus(429)
                    .withHeader("Content-Type", "application/json")
                    .withHeader("Retry-After", "1")
                    .withBody(twilioError("20429", "429", "Too Many Requests")))
            .willSetStateTo("answered"));
    provider.stubFor(
        post(urlPathEqualTo(TWILIO_PATH))
            .withFormParam("To", equalTo("whatsapp:" + contact))
            .inScenario("twilio-429")
            .whenScenarioStateIs("answered")
            .willReturn(json(201, fixture("twilio/create-response.json"))));

    // When
    writer.write(SenderHarness.text("twilio-retry-after", TWILIO_NUMBER, contact, "Hi", false));

    // Then
    assertThat(only("twilio-retry-after").status()).isEqualTo("accepted");
    List<LoggedRequest> attempts =
        provider.findAll(
            postRequestedFor(urlPathEqualTo(TWILIO_PATH))
                .withFormParam("To", equalTo("whatsapp:" + contact)));
    assertThat(attempts).hasSize(2);
    assertThat(
            attempts.get(1).getLoggedDate().getTime() - attempts.get(0).getLoggedDate().getTime())
        .isGreaterThanOrEqualTo(1_000);
  }

  @Test
  void shouldFailAtOnceWhenRetryAfterExceedsTheLongestBackoff() throws Exception {
    // Given: Retry-After of an hour, longer than the configured 5 s
    String contact = "+31612340003";
    provider.stubFor(
        post(urlPathEqualTo(META_PATH))
            .withRequestBody(matchingJsonPath("$.to", equalTo(contact.substring(1))))
            .willReturn(
                aResponse()
                    .withStatus(429)
                    .withHeader("Content-Type", "application/json")
                    .withHeader("Retry-After", "3600")
                    .withBody(fixture("meta/error-130429.json"))));

    // When
    writer.write(SenderHarness.text("meta-long-retry-after", META_NUMBER, contact, "Hi", false));

    // Then: the catalog's retry (minutes) takes over instead of a sender holding the conversation
    StatusCallback failed = only("meta-long-retry-after");
    assertThat(failed.status()).isEqualTo("failed");
    assertThat(failed.errorCode()).isEqualTo("130429");
    assertThat(
            provider.findAll(
                postRequestedFor(urlPathEqualTo(META_PATH))
                    .withRequestBody(matchingJsonPath("$.to", equalTo(contact.substring(1))))))
        .hasSize(1);
  }

  @Test
  void shouldDeadLetterUndecodableMessagesAndMessagesOfUnknownNumbersAndGoOn() throws Exception {
    // Given
    String unknownNumber = "+31209999999";
    provider.stubFor(
        post(urlPathEqualTo(META_PATH))
            .withRequestBody(matchingJsonPath("$.to", equalTo("31612340004")))
            .willReturn(okJson(fixture("meta/send-response.json"))));

    // When
    writer.writeRaw(
        Topics.SEND_FREEFORM.name(),
        META_NUMBER + "|+31612340009",
        "{not json".getBytes(StandardCharsets.UTF_8));
    writer.write(SenderHarness.text("unknown-number", unknownNumber, "+31612340005", "Hi", false));
    writer.write(SenderHarness.text("after-bad-ones", META_NUMBER, "+31612340004", "Hi", false));

    // Then
    assertThat(only("after-bad-ones").status()).isEqualTo("accepted");
    List<ConsumerRecord<byte[], byte[]>> dead =
        deadLetters.records(
            record ->
                new String(record.value(), StandardCharsets.UTF_8).contains("{not json")
                    || new String(record.value(), StandardCharsets.UTF_8)
                        .contains("unknown-number"),
            2,
            WAIT);
    assertThat(dead).hasSize(2);
    assertThat(dead)
        .allSatisfy(
            record -> {
              assertThat(record.headers().lastHeader("__streams.errors.topic").value())
                  .asString(StandardCharsets.UTF_8)
                  .isEqualTo(Topics.SEND_FREEFORM.name());
              assertThat(record.headers().lastHeader("__streams.errors.message").value())
                  .asString(StandardCharsets.UTF_8)
                  .doesNotContain("+316");
            });
    assertThat(callbacks.callbacks(c -> "unknown-number".equals(c.requestId()), 1, Duration.ZERO))
        .isEmpty();
  }

  @Test
  void shouldServeHealthReadinessAndSenderMetrics() throws Exception {
    // Given
    HttpClient client = HttpClient.newHttpClient();
    String base = "http://127.0.0.1:" + sender.port();

    // When
    HttpResponse<String> live = get(client, base + "/health/live");
    HttpResponse<String> ready = get(client, base + "/health/ready");
    HttpResponse<String> metrics = get(client, base + "/metrics");

    // Then
    assertThat(live.statusCode()).isEqualTo(200);
    assertThat(ready.statusCode()).isEqualTo(200);
    assertThat(ready.body()).contains("RUNNING");
    assertThat(metrics.body())
        .contains("wagate_sender_sends_total{outcome=\"accepted\",provider=\"meta\"}")
        .contains("wagate_sender_pacing_delay_seconds_bucket")
        .contains("wagate_sender_queue_depth")
        .doesNotContain("+316");
  }

  // ------------------------------------------------------------------ helpers

  private static HttpResponse<String> get(HttpClient client, String url) throws Exception {
    return client.send(
        HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static StatusCallback only(String requestId) {
    List<StatusCallback> found = callbacks.callbacks(c -> requestId.equals(c.requestId()), 1, WAIT);
    assertThat(found).as("callbacks of %s", requestId).hasSize(1);
    // Nothing else arrived for it so far: one outcome per message.
    assertThat(callbacks.callbacks(c -> requestId.equals(c.requestId()), 0, Duration.ZERO))
        .hasSize(1);
    return found.get(0);
  }

  private static String metaErrorContact(int i) {
    return "+3161200" + String.format("%04d", i);
  }

  private static String twilioErrorContact(int i) {
    return "+3161300" + String.format("%04d", i);
  }

  private static String metaError(String code, String title, String details) {
    return """
        {"error":{"message":"(#%s) %s","type":"OAuthException","code":%s,
        "error_data":{"messaging_product":"whatsapp","details":"%s"},"fbtrace_id":"Az8or2yhqkZfEZ-_4Qn_Bam"}}
        """
        .formatted(code, title, code, details);
  }

  private static String twilioError(String code, String status, String message) {
    return """
        {"code": %s, "message": "%s", "more_info": "https://www.twilio.com/docs/errors/%s", "status": %s}
        """
        .formatted(code, message.replace("\"", "\\\""), code, status);
  }

  private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder okJson(
      String body) {
    return json(200, body);
  }

  private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(
      int status, String body) {
    return aResponse()
        .withStatus(status)
        .withHeader("Content-Type", "application/json")
        .withBody(body);
  }

  static String fixture(String name) throws IOException {
    try (InputStream in = ProvidersIT.class.getResourceAsStream("/fixtures/" + name)) {
      if (in == null) {
        throw new IOException("no fixture " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static List<String[]> rows(String name) throws IOException {
    List<String[]> rows = new ArrayList<>();
    for (String line : fixture(name).split("\n")) {
      if (!line.isBlank() && !line.startsWith("#")) {
        rows.add(line.split("\\|", -1));
      }
    }
    return rows;
  }
}
