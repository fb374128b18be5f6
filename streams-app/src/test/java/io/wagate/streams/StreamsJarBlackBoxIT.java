package io.wagate.streams;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wagate.kafka.KafkaFixture;
import io.wagate.streams.topology.Partitioning;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The contract tested from outside, as a CRM or a downstream consumer sees it: the shaded {@code
 * wagate-streams.jar} runs as a child process configured only by its environment, records go in as
 * JSON written by hand exactly as CONTRACT.md shows them, and outputs are read back as raw JSON.
 * Nothing here uses wagate's own classes, so a change that breaks the wire format breaks this test.
 *
 * <p>Other integration tests in this JVM delete the contract topics, so this class deletes whatever
 * they left and creates the topics with the jar's own {@code create-topics}. Every conversation it
 * touches is new: a random business number for the class and a random contact per test.
 */
class StreamsJarBlackBoxIT {

  private static final Logger LOGGER = LoggerFactory.getLogger(StreamsJarBlackBoxIT.class);

  private static final Path JAR =
      Path.of(System.getProperty("wagate.streams.jar", "target/wagate-streams.jar"));

  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration OUTPUT_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);

  /** Every topic of CONTRACT.md, written down here rather than taken from wagate's catalogue. */
  private static final List<String> CONTRACT_TOPICS =
      List.of(
          "wa.send.requests",
          "wa.consent",
          "wa.inbound",
          "wa.status.callbacks",
          "wa.templates",
          "wa.business-numbers",
          "wa.error-catalog",
          "wa.send.template",
          "wa.send.freeform",
          "wa.status",
          "wa.notes",
          "wa.sessions",
          "wa.send.sms-fallback",
          "wa.dlq");

  private static final Set<String> COMPACTED_TOPICS =
      Set.of("wa.templates", "wa.business-numbers", "wa.error-catalog", "wa.sessions");

  private static final List<String> JSON_OUTPUT_TOPICS =
      List.of(
          "wa.send.template",
          "wa.send.freeform",
          "wa.send.sms-fallback",
          "wa.status",
          "wa.notes",
          "wa.sessions",
          "wa.template-state");

  private static final List<String> SESSION_FIELDS =
      List.of(
          "businessNumber",
          "contact",
          "windowOpen",
          "windowExpiresAt",
          "optIn",
          "optedOutCategories",
          "reachable",
          "blocked",
          "lastInboundAt",
          "updatedAt");

  // ISO-8601 in UTC, as the contract writes times: "2026-11-22T09:30:00Z".
  private static final Pattern UTC_TIME =
      Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?Z");

  private static final ObjectMapper JSON = new ObjectMapper();

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @TempDir static Path workDir;

  private static String bootstrapServers;
  private static String businessNumber;
  private static Admin admin;
  private static KafkaProducer<String, String> producer;
  private static KafkaProducer<String, byte[]> bytesProducer;
  private static TopicTail<String> outputs;
  private static TopicTail<byte[]> deadLetters;
  private static StreamsJar app;

  @RegisterExtension
  static final TestWatcher DUMP_APP_OUTPUT_ON_FAILURE =
      new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
          dumpAppOutput();
        }
      };

  @BeforeAll
  static void startTheJar() throws Exception {
    bootstrapServers = KafkaFixture.bootstrapServers();
    admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    businessNumber = "+3120" + (1_000_000 + ThreadLocalRandom.current().nextInt(9_000_000));

    deleteContractTopicsLeftByOtherTests();
    createTopicsWithTheJar();

    outputs = new TopicTail<>(JSON_OUTPUT_TOPICS, new StringDeserializer());
    deadLetters = new TopicTail<>(List.of("wa.dlq"), new ByteArrayDeserializer());
    producer =
        new KafkaProducer<>(producerConfig(), new StringSerializer(), new StringSerializer());
    bytesProducer =
        new KafkaProducer<>(producerConfig(), new StringSerializer(), new ByteArraySerializer());

    Map<String, String> environment = new HashMap<>();
    environment.put("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers);
    environment.put("KAFKA_APPLICATION_ID", "wagate-blackbox-" + UUID.randomUUID());
    environment.put("KAFKA_STATE_DIR", Files.createDirectory(workDir.resolve("state")).toString());
    environment.put("WAGATE_HTTP_HOST", "127.0.0.1");
    environment.put("WAGATE_HTTP_PORT", String.valueOf(freePort()));
    environment.put("WAGATE_PUNCTUATION_INTERVAL", "PT1S");
    app = StreamsJar.start(environment, workDir.resolve("wagate-streams.log"));
    try {
      app.awaitReady(STARTUP_TIMEOUT);
    } catch (AssertionError | RuntimeException e) {
      dumpAppOutput();
      throw e;
    }
  }

  @AfterAll
  static void stopTheJar() {
    try {
      if (app != null) {
        app.close();
      }
    } finally {
      closeQuietly(producer);
      closeQuietly(bytesProducer);
      closeQuietly(outputs);
      closeQuietly(deadLetters);
      closeQuietly(admin);
    }
  }

  @Test
  void shouldRouteTheContractTemplateRequestToAContactWhoConsented() throws Exception {
    // Given
    String subscriber = newSubscriber();
    String contact = "+316" + subscriber;
    String key = conversationKey(contact);
    Instant capturedAt = now().minusSeconds(60);
    produce("wa.consent", "crm-contact-" + subscriber, consent(subscriber, capturedAt));
    JsonNode session =
        json(
            outputs.await(
                "wa.sessions",
                record -> key.equals(record.key()) && "OPTED_IN".equals(field(record, "optIn")),
                "a session that is OPTED_IN after wa.consent"));
    assertThat(session.path("businessNumber").asText()).isEqualTo(businessNumber);
    assertThat(session.path("contact").asText()).isEqualTo(contact);
    assertThat(session.path("windowOpen").isBoolean()).isTrue();
    assertUtcTime(session, "updatedAt");
    String requestId = newRequestId();
    Instant createdAt = now();

    // When
    produce(
        "wa.send.requests",
        "crm-" + requestId,
        sendRequest(requestId, "TEMPLATE", subscriber, createdAt));

    // Then
    ConsumerRecord<String, String> routed =
        outputs.await("wa.send.template", requestId(requestId), "the routed template");
    assertThat(routed.key()).isEqualTo(key);
    JsonNode message = json(routed);
    assertThat(message.path("requestId").asText()).isEqualTo(requestId);
    assertThat(message.path("businessNumber").asText()).isEqualTo(businessNumber);
    assertThat(message.path("to").asText()).isEqualTo(contact);
    assertThat(message.path("kind").asText()).isEqualTo("TEMPLATE");
    JsonNode template = message.path("template");
    assertThat(template.path("name").asText()).isEqualTo("appointment_confirmation");
    assertThat(template.path("language").asText()).isEqualTo("en_US");
    assertThat(template.path("category").asText()).isEqualTo("UTILITY");
    assertThat(template.path("parameters").toString()).isEqualTo("[\"Anna\",\"Tue 10:00\"]");
    assertThat(message.path("person").path("id").asText()).isEqualTo("p-1");
    assertThat(message.path("person").path("firstName").asText()).isEqualTo("Anna");
    assertThat(message.path("person").path("lastName").asText()).isEqualTo("Jansen");
    assertThat(message.path("agentId").asText()).isEqualTo("u-7");
    assertThat(message.path("campaignId").asText()).isEqualTo("cmp-11");
    assertThat(message.path("smsFallback").isBoolean()).isTrue();
    assertThat(message.path("smsFallback").asBoolean()).isFalse();
    assertThat(assertUtcTime(message, "createdAt")).isEqualTo(createdAt);
    assertThat(assertUtcTime(message, "routedAt")).isAfterOrEqualTo(createdAt);
    assertThat(message.path("attempt").isInt()).as("attempt is a number").isTrue();
    assertThat(message.path("attempt").asInt()).isEqualTo(1);
    assertThat(message.path("purpose").asText()).isEqualTo("REQUESTED");

    ConsumerRecord<String, String> status =
        outputs.await("wa.status", requestId(requestId), "the routing outcome");
    assertThat(status.key()).isEqualTo(key);
    assertStatus(json(status), requestId, contact, "ROUTED_TEMPLATE");
    // "the accepted request": the contract's example request carries a text next to its template.
    assertThat(message.path("text").path("body").asText())
        .as("text.body of the accepted request in %s", message)
        .isEqualTo("See you tomorrow!");
  }

  @Test
  void shouldRejectTextOutsideTheWindowWithANoteAndRouteItOnceTheContactWrote() throws Exception {
    // Given
    String subscriber = newSubscriber();
    String contact = "+316" + subscriber;
    String key = conversationKey(contact);
    String outsideWindow = newRequestId();

    // When
    produce(
        "wa.send.requests", "crm-" + outsideWindow, sendRequest(outsideWindow, "TEXT", subscriber));

    // Then
    ConsumerRecord<String, String> rejected =
        outputs.await("wa.status", requestId(outsideWindow), "the rejection");
    assertThat(rejected.key()).isEqualTo(key);
    assertRejected(json(rejected), outsideWindow, contact, "OUTSIDE_WINDOW", "63016");
    ConsumerRecord<String, String> note =
        outputs.await("wa.notes", requestId(outsideWindow), "the rejection's note");
    assertThat(note.key()).isEqualTo(key);
    assertNote(json(note), outsideWindow, contact, "63016");

    // When
    // the contact writes in
    Instant occurredAt = now();
    produce("wa.inbound", key, inbound(contact, "Is my appointment still on?", occurredAt));

    // Then
    JsonNode session = awaitOpenWindow(key);
    assertSessionFields(session, contact);
    assertThat(assertUtcTime(session, "lastInboundAt")).isEqualTo(occurredAt);
    assertThat(assertUtcTime(session, "windowExpiresAt"))
        .isAfter(occurredAt.plus(Duration.ofHours(23)))
        .isBeforeOrEqualTo(occurredAt.plus(Duration.ofHours(24)));

    // When
    // the same kind of request comes again
    String insideWindow = newRequestId();
    produce(
        "wa.send.requests", "crm-" + insideWindow, sendRequest(insideWindow, "TEXT", subscriber));

    // Then
    ConsumerRecord<String, String> routed =
        outputs.await("wa.send.freeform", requestId(insideWindow), "the free-form");
    assertThat(routed.key()).isEqualTo(key);
    JsonNode message = json(routed);
    assertThat(message.path("to").asText()).isEqualTo(contact);
    assertThat(message.path("businessNumber").asText()).isEqualTo(businessNumber);
    assertThat(message.path("kind").asText()).isEqualTo("TEXT");
    assertThat(message.path("text").path("body").asText()).isEqualTo("See you tomorrow!");
    assertThat(message.path("person").path("id").asText()).isEqualTo("p-1");
    assertThat(message.path("attempt").asInt()).isEqualTo(1);
    assertThat(message.path("purpose").asText()).isEqualTo("REQUESTED");
    assertUtcTime(message, "routedAt");
    ConsumerRecord<String, String> status =
        outputs.await("wa.status", requestId(insideWindow), "the routing outcome");
    assertThat(status.key()).isEqualTo(key);
    assertStatus(json(status), insideWindow, contact, "ROUTED_FREEFORM");
  }

  @Test
  void shouldDropADuplicateRequestIdWithoutASecondOutput() throws Exception {
    // Given
    String subscriber = newSubscriber();
    String contact = "+316" + subscriber;
    String key = conversationKey(contact);
    produce("wa.consent", "crm-contact-" + subscriber, consent(subscriber, now().minusSeconds(60)));
    outputs.await(
        "wa.sessions",
        record -> key.equals(record.key()) && "OPTED_IN".equals(field(record, "optIn")),
        "a session that is OPTED_IN after wa.consent");
    String duplicated = newRequestId();
    // One Kafka key for all three and both ids on one partition: they take the same path to their
    // conversation, so they are processed in the order they are written. (Requests whose ids lie
    // on different partitions take different paths and may overtake each other.)
    String later = newRequestIdBeside(duplicated);
    String crmKey = "crm-" + duplicated;

    // When
    produce("wa.send.requests", crmKey, sendRequest(duplicated, "TEMPLATE", subscriber));
    produce("wa.send.requests", crmKey, sendRequest(duplicated, "TEMPLATE", subscriber));
    produce("wa.send.requests", crmKey, sendRequest(later, "TEMPLATE", subscriber));

    // Then
    // once the later request's outputs are there, any of the duplicate's would be too
    outputs.await("wa.send.template", requestId(later), "the later request's template");
    outputs.await("wa.status", requestId(later), "the later request's status");
    assertThat(outputs.seen("wa.send.template", requestId(duplicated)))
        .as("templates sent for %s", duplicated)
        .hasSize(1)
        .allSatisfy(output -> assertThat(output.key()).isEqualTo(key));
    assertThat(outputs.seen("wa.status", requestId(duplicated)))
        .as("statuses of %s", duplicated)
        .hasSize(1)
        .allSatisfy(output -> assertStatus(json(output), duplicated, contact, "ROUTED_TEMPLATE"));
  }

  @Test
  void shouldFailARoutedRequestOnAProviderErrorWithANoteNamingThePerson() throws Exception {
    // Given
    String subscriber = newSubscriber();
    String contact = "+316" + subscriber;
    String key = conversationKey(contact);
    produce("wa.inbound", key, inbound(contact, "Can I move my appointment?", now()));
    awaitOpenWindow(key);
    String requestId = newRequestId();
    produce("wa.send.requests", "crm-" + requestId, sendRequest(requestId, "TEXT", subscriber));
    ConsumerRecord<String, String> routed =
        outputs.await("wa.status", requestId(requestId), "the routing outcome");
    assertStatus(json(routed), requestId, contact, "ROUTED_FREEFORM");

    // When
    // the provider reports 63016 with an empty title, as Twilio does
    produce("wa.status.callbacks", key, failedCallback(requestId, contact, "63016", now()));

    // Then
    ConsumerRecord<String, String> failed =
        outputs.await(
            "wa.status",
            requestId(requestId).and(record -> "FAILED".equals(field(record, "state"))),
            "the FAILED status");
    assertThat(failed.key()).isEqualTo(key);
    JsonNode status = json(failed);
    assertThat(status.path("requestId").asText()).isEqualTo(requestId);
    assertThat(status.path("businessNumber").asText()).isEqualTo(businessNumber);
    assertThat(status.path("contact").asText()).isEqualTo(contact);
    assertThat(status.path("code").asText()).isEqualTo("63016");
    assertUtcTime(status, "at");
    ConsumerRecord<String, String> note =
        outputs.await("wa.notes", requestId(requestId), "the failure's note");
    assertThat(note.key()).isEqualTo(key);
    assertNote(json(note), requestId, contact, "63016");
    // DOMAIN.md §4: 63016 closes the window, and the note says to use a template.
    assertThat(json(note).path("action").asText()).isEqualTo("CLOSE_WINDOW");
    assertThat(json(note).path("text").asText()).containsIgnoringCase("template");
    JsonNode closed =
        json(
            outputs.await(
                "wa.sessions",
                record -> key.equals(record.key()) && "false".equals(field(record, "windowOpen")),
                "a session with the window closed by the provider's 63016"));
    assertThat(closed.path("contact").asText()).isEqualTo(contact);
  }

  @Test
  void shouldSendUndecodableRequestsToTheDeadLetterQueueAndKeepProcessing() throws Exception {
    // Given
    String subscriber = newSubscriber();
    String contact = "+316" + subscriber;
    String crmKey = "crm-garbage-" + UUID.randomUUID();
    byte[] garbage = undecodable();
    String afterwards = newRequestId();

    // When
    RecordMetadata written = produceBytes("wa.send.requests", crmKey, garbage);
    produce("wa.send.requests", crmKey, sendRequest(afterwards, "TEXT", subscriber));

    // Then
    ConsumerRecord<String, byte[]> dead =
        deadLetters.await("wa.dlq", record -> crmKey.equals(record.key()), "the dead letter");
    assertThat(dead.value()).as("the original value bytes").isEqualTo(garbage);
    Map<String, String> headers = new LinkedHashMap<>();
    for (Header header : dead.headers()) {
      headers.put(header.key(), header.value() == null ? "" : new String(header.value(), UTF_8));
    }
    assertThat(headers)
        .as("dead-letter headers")
        .anySatisfy(
            (name, value) -> {
              assertThat(name).containsIgnoringCase("topic");
              assertThat(value).isEqualTo("wa.send.requests");
            })
        .anySatisfy(
            (name, value) -> {
              assertThat(name).containsIgnoringCase("partition");
              assertThat(value).isEqualTo(String.valueOf(written.partition()));
            })
        .anySatisfy(
            (name, value) -> {
              assertThat(name).containsIgnoringCase("offset");
              assertThat(value).isEqualTo(String.valueOf(written.offset()));
            })
        .anySatisfy(
            (name, value) -> {
              assertThat(name).doesNotContainIgnoringCase("topic");
              assertThat(name).doesNotContainIgnoringCase("partition");
              assertThat(name).doesNotContainIgnoringCase("offset");
              assertThat(value).as("a header naming the error").isNotBlank();
            });
    ConsumerRecord<String, String> next =
        outputs.await("wa.status", requestId(afterwards), "the next request's outcome");
    assertRejected(json(next), afterwards, contact, "OUTSIDE_WINDOW", "63016");
  }

  @Test
  void shouldConfirmStopAndRejectALaterTemplateAsOptedOut() throws Exception {
    // Given
    String subscriber = newSubscriber();
    String contact = "+316" + subscriber;
    String key = conversationKey(contact);

    // When
    produce("wa.inbound", key, inbound(contact, "STOP", now()));

    // Then
    ConsumerRecord<String, String> reply =
        outputs.await(
            "wa.send.freeform",
            record -> key.equals(record.key()) && "AUTO_REPLY".equals(field(record, "purpose")),
            "the opt-out confirmation");
    JsonNode confirmation = json(reply);
    assertThat(confirmation.path("requestId").asText()).isNotBlank();
    assertThat(confirmation.path("businessNumber").asText()).isEqualTo(businessNumber);
    assertThat(confirmation.path("to").asText()).isEqualTo(contact);
    assertThat(confirmation.path("kind").asText()).isEqualTo("TEXT");
    assertThat(confirmation.path("attempt").asInt()).isEqualTo(1);
    assertUtcTime(confirmation, "routedAt");
    // DOMAIN.md §2: the confirmation says how to opt in again.
    assertThat(confirmation.path("text").path("body").asText().toUpperCase(Locale.ROOT))
        .containsAnyOf("YES", "START", "UNSTOP", "SUBSCRIBE");
    outputs.await(
        "wa.sessions",
        record -> key.equals(record.key()) && "OPTED_OUT".equals(field(record, "optIn")),
        "a session that is OPTED_OUT after STOP");

    // When
    // a template follows, inside the window that STOP opened
    String requestId = newRequestId();
    produce("wa.send.requests", "crm-" + requestId, sendRequest(requestId, "TEMPLATE", subscriber));

    // Then
    ConsumerRecord<String, String> status =
        outputs.await("wa.status", requestId(requestId), "the routing outcome");
    assertThat(status.key()).isEqualTo(key);
    assertRejected(json(status), requestId, contact, "OPTED_OUT", "WAGATE-OPTED-OUT");
    ConsumerRecord<String, String> note =
        outputs.await("wa.notes", requestId(requestId), "the rejection's note");
    assertNote(json(note), requestId, contact, "WAGATE-OPTED-OUT");
  }

  @Test
  void shouldAnswerTheConversationQueryAfterAnInboundMessage() throws Exception {
    // Given
    String subscriber = newSubscriber();
    String contact = "+316" + subscriber;
    String key = conversationKey(contact);
    Instant occurredAt = now();
    produce("wa.inbound", key, inbound(contact, "Hello", occurredAt));
    awaitOpenWindow(key);

    // When
    HttpResponse<String> response =
        get(
            "/v1/conversations/"
                + URLEncoder.encode(businessNumber, UTF_8)
                + "/"
                + URLEncoder.encode(contact, UTF_8));

    // Then
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode view = JSON.readTree(response.body());
    assertSessionFields(view, contact);
    assertThat(view.path("windowOpen").asBoolean()).isTrue();
    assertThat(assertUtcTime(view, "lastInboundAt")).isEqualTo(occurredAt);
    assertUtcTime(view, "windowExpiresAt");
    assertThat(view.path("canSendFreeform").isBoolean()).as(view.toString()).isTrue();
    assertThat(view.path("canSendFreeform").asBoolean()).isTrue();
    JsonNode templates = view.path("canSendTemplate");
    assertThat(templates.isObject()).as("canSendTemplate per category: %s", view).isTrue();
    for (String category : List.of("MARKETING", "UTILITY", "AUTHENTICATION")) {
      // Templates are allowed inside an open window (DOMAIN.md §2).
      assertThat(templates.path(category).isBoolean()).as("%s in %s", category, templates).isTrue();
      assertThat(templates.path(category).asBoolean()).as(category).isTrue();
    }
  }

  @Test
  void shouldCarryAStopToTheNewNumberWhenTheContactChangesNumber() throws Exception {
    // Given a contact who said STOP
    String oldContact = "+316" + newSubscriber();
    String newSubscriber = newSubscriber();
    String newContact = "+316" + newSubscriber;
    String oldKey = conversationKey(oldContact);
    String newKey = conversationKey(newContact);
    produce("wa.inbound", oldKey, inbound(oldContact, "STOP", now().minusSeconds(30)));
    outputs.await(
        "wa.sessions",
        record -> oldKey.equals(record.key()) && "OPTED_OUT".equals(field(record, "optIn")),
        "the old number's session OPTED_OUT after STOP");

    // When WhatsApp says they changed number (a system notice, as the ingress writes it)
    produce("wa.inbound", oldKey, systemNumberChange(oldContact, newContact, now()));

    // Then the new number's session says where it came from and keeps the opt-out
    JsonNode moved =
        json(
            outputs.await(
                "wa.sessions",
                record -> newKey.equals(record.key()) && "OPTED_OUT".equals(field(record, "optIn")),
                "the new number's session, OPTED_OUT, carried from the old one"));
    assertThat(moved.path("movedFrom").asText()).isEqualTo(oldContact);
    outputs.await(
        "wa.sessions",
        record -> oldKey.equals(record.key()) && newContact.equals(field(record, "movedTo")),
        "the old number's session naming the new number");
    // and a template to the new number is refused as the old one would be
    String requestId = newRequestId();
    produce(
        "wa.send.requests", "crm-" + requestId, sendRequest(requestId, "TEMPLATE", newSubscriber));
    ConsumerRecord<String, String> status =
        outputs.await("wa.status", requestId(requestId), "the routing outcome");
    assertThat(status.key()).isEqualTo(newKey);
    assertRejected(json(status), requestId, newContact, "OPTED_OUT", "WAGATE-OPTED-OUT");
  }

  @Test
  void shouldSendMarketingAgainAfterTheContactSignsUpAgain() throws Exception {
    // Given a contact who consented to everything, then stopped promotions in WhatsApp
    String subscriber = newSubscriber();
    String contact = "+316" + subscriber;
    String key = conversationKey(contact);
    produce(
        "wa.consent",
        "crm-contact-" + subscriber,
        consentToAll(subscriber, now().minusSeconds(90)));
    produce("wa.inbound", key, userPreference(contact, "stop", now().minusSeconds(60)));
    ConsumerRecord<String, String> stopped = awaitMarketingOptOut(key);
    String before = newRequestId();
    produce(
        "wa.send.requests",
        "crm-" + before,
        templateRequest(before, subscriber, "spring_offer", "MARKETING"));
    assertRejected(
        json(outputs.await("wa.status", requestId(before), "the outcome before signup")),
        before,
        contact,
        "OPTED_OUT",
        "WAGATE-OPTED-OUT");

    // When they ask for marketing again
    produce("wa.inbound", key, userPreference(contact, "signup", now().minusSeconds(30)));

    // Then marketing goes out again
    outputs.await(
        "wa.sessions",
        record ->
            key.equals(record.key())
                && record.offset() > stopped.offset()
                && "OPTED_IN".equals(field(record, "optIn"))
                && !json(record).path("optedOutCategories").toString().contains("MARKETING"),
        "a session opted in to marketing again");
    String after = newRequestId();
    produce(
        "wa.send.requests",
        "crm-" + after,
        templateRequest(after, subscriber, "spring_offer", "MARKETING"));
    assertStatus(
        json(outputs.await("wa.status", requestId(after), "the outcome after signup")),
        after,
        contact,
        "ROUTED_TEMPLATE");
  }

  @Test
  void shouldCheckATemplateMetaMovedToMarketingAgainstTheMarketingOptOut() throws Exception {
    // Given a contact who consented to everything and then stopped promotions, and a template
    // the CRM still calls UTILITY
    String subscriber = newSubscriber();
    String contact = "+316" + subscriber;
    String key = conversationKey(contact);
    String template = "visit_reminder_" + hex().substring(0, 8);
    produce(
        "wa.consent",
        "crm-contact-" + subscriber,
        consentToAll(subscriber, now().minusSeconds(90)));
    produce("wa.inbound", key, userPreference(contact, "stop", now().minusSeconds(60)));
    awaitMarketingOptOut(key);
    String before = newRequestId();
    produce(
        "wa.send.requests",
        "crm-" + before,
        templateRequest(before, subscriber, template, "UTILITY"));
    assertStatus(
        json(outputs.await("wa.status", requestId(before), "the outcome as UTILITY")),
        before,
        contact,
        "ROUTED_TEMPLATE");

    // When Meta re-categorises the template as MARKETING
    produce("wa.account-events", "waba:102290129340398", categoryUpdate(template, now()));

    // Then wagate learns it, and the next request for it meets the marketing opt-out
    outputs.await(
        "wa.template-state",
        record ->
            (template + ":en_US").equals(record.key())
                && json(record).toString().contains("MARKETING"),
        "the template's learned category");
    // The global store follows its topic a moment later; a request decided before it was read
    // may still route, so ask until the learned category is in force (bounded by the deadline).
    Instant deadline = Instant.now().plus(OUTPUT_TIMEOUT);
    JsonNode outcome;
    String requestId;
    do {
      requestId = newRequestId();
      produce(
          "wa.send.requests",
          "crm-" + requestId,
          templateRequest(requestId, subscriber, template, "UTILITY"));
      outcome = json(outputs.await("wa.status", requestId(requestId), "the outcome as MARKETING"));
    } while ("ROUTED_TEMPLATE".equals(outcome.path("state").asText())
        && Instant.now().isBefore(deadline));
    assertRejected(outcome, requestId, contact, "OPTED_OUT", "WAGATE-OPTED-OUT");
  }

  // ---------------------------------------------------------------- records as CONTRACT.md shows

  private static String sendRequest(String requestId, String kind, String subscriber) {
    return sendRequest(requestId, kind, subscriber, now());
  }

  private static String sendRequest(
      String requestId, String kind, String subscriber, Instant createdAt) {
    return """
        {
          "requestId": "%s",
          "businessNumber": "%s",
          "to": "06 %s",
          "defaultRegion": "NL",
          "kind": "%s",
          "template": { "name": "appointment_confirmation", "language": "en_US",
                        "category": "UTILITY", "parameters": ["Anna", "Tue 10:00"] },
          "text": { "body": "See you tomorrow!", "previewUrl": false },
          "person": { "id": "p-1", "firstName": "Anna", "lastName": "Jansen" },
          "agentId": "u-7",
          "campaignId": "cmp-11",
          "smsFallback": false,
          "createdAt": "%s"
        }
        """
        .formatted(requestId, businessNumber, subscriber, kind, createdAt);
  }

  /**
   * The session that shows the contact opted in but out of marketing: both the CRM's consent and
   * the stop were applied, whichever came first.
   */
  private static ConsumerRecord<String, String> awaitMarketingOptOut(String key) {
    return outputs.await(
        "wa.sessions",
        record ->
            key.equals(record.key())
                && "OPTED_IN".equals(field(record, "optIn"))
                && json(record).path("optedOutCategories").toString().contains("MARKETING"),
        "a session opted in, but out of marketing");
  }

  private static String templateRequest(
      String requestId, String subscriber, String template, String category) {
    return """
        {
          "requestId": "%s",
          "businessNumber": "%s",
          "to": "06 %s",
          "defaultRegion": "NL",
          "kind": "TEMPLATE",
          "template": { "name": "%s", "language": "en_US", "category": "%s",
                        "parameters": ["Anna"] },
          "person": { "id": "p-1", "firstName": "Anna", "lastName": "Jansen" },
          "createdAt": "%s"
        }
        """
        .formatted(requestId, businessNumber, subscriber, template, category, now());
  }

  private static String consentToAll(String subscriber, Instant capturedAt) {
    return """
        { "businessNumber": "%s", "contact": "06 %s", "defaultRegion": "NL",
          "status": "OPTED_IN", "source": "membership-form", "capturedAt": "%s" }
        """
        .formatted(businessNumber, subscriber, capturedAt);
  }

  /** Meta's marketing preference (stop, resume, signup), as the ingress writes it. */
  private static String userPreference(String contact, String preference, Instant occurredAt) {
    return """
        { "provider": "META", "providerMessageId": null, "businessNumber": "%s",
          "contact": "%s", "profileName": "Anna", "type": "user_preferences", "text": "%s",
          "buttonPayload": null, "occurredAt": "%s" }
        """
        .formatted(businessNumber, contact, preference, occurredAt);
  }

  /** Meta's system notice of a number change, as the ingress writes it. */
  private static String systemNumberChange(String contact, String newContact, Instant occurredAt) {
    return """
        { "provider": "META", "providerMessageId": "wamid.HBgL%s", "businessNumber": "%s",
          "contact": "%s", "profileName": null, "type": "system", "text": "user_changed_number",
          "buttonPayload": null, "occurredAt": "%s", "newContact": "%s" }
        """
        .formatted(hex(), businessNumber, contact, occurredAt, newContact);
  }

  /** Meta's template_category_update, as the ingress writes it to wa.account-events. */
  private static String categoryUpdate(String template, Instant occurredAt) {
    return """
        { "provider": "META", "field": "template_category_update", "wabaId": "102290129340398",
          "businessNumber": null, "event": null, "templateId": "278077987957091",
          "templateName": "%s", "templateLanguage": "en_US", "category": "MARKETING",
          "previousCategory": "UTILITY", "quality": null, "messagingLimit": null,
          "reason": null, "occurredAt": "%s", "value": {} }
        """
        .formatted(template, occurredAt);
  }

  private static String consent(String subscriber, Instant capturedAt) {
    return """
        { "businessNumber": "%s", "contact": "06 %s", "defaultRegion": "NL",
          "status": "OPTED_IN", "categories": ["UTILITY"], "source": "booking-form",
          "capturedAt": "%s" }
        """
        .formatted(businessNumber, subscriber, capturedAt);
  }

  private static String inbound(String contact, String text, Instant occurredAt) {
    return """
        { "provider": "META", "providerMessageId": "wamid.HBgL%s", "businessNumber": "%s",
          "contact": "%s", "profileName": "Anna", "type": "text", "text": "%s",
          "buttonPayload": null, "occurredAt": "%s" }
        """
        .formatted(hex(), businessNumber, contact, text, occurredAt);
  }

  private static String failedCallback(
      String requestId, String contact, String errorCode, Instant occurredAt) {
    return """
        { "provider": "TWILIO", "providerMessageId": "SM%s", "requestId": "%s",
          "businessNumber": "%s", "contact": "%s", "status": "failed",
          "errorCode": "%s", "errorTitle": "", "occurredAt": "%s" }
        """
        .formatted(hex(), requestId, businessNumber, contact, errorCode, occurredAt);
  }

  /** Truncated JSON with a byte sequence that is not UTF-8. */
  private static byte[] undecodable() {
    byte[] start = ("{\"requestId\": \"" + newRequestId() + "\", \"to\": \"").getBytes(UTF_8);
    byte[] bytes = new byte[start.length + 3];
    System.arraycopy(start, 0, bytes, 0, start.length);
    bytes[start.length] = (byte) 0xC3;
    bytes[start.length + 1] = (byte) 0x28;
    bytes[start.length + 2] = (byte) 0xFF;
    return bytes;
  }

  // ---------------------------------------------------------------- contract assertions

  private static void assertStatus(
      JsonNode status, String requestId, String contact, String state) {
    assertThat(status.path("requestId").asText()).isEqualTo(requestId);
    assertThat(status.path("businessNumber").asText()).isEqualTo(businessNumber);
    assertThat(status.path("contact").asText()).isEqualTo(contact);
    assertThat(status.path("state").asText()).as("state in %s", status).isEqualTo(state);
    assertUtcTime(status, "at");
  }

  private static void assertRejected(
      JsonNode status, String requestId, String contact, String reason, String code) {
    assertStatus(status, requestId, contact, "REJECTED");
    assertThat(status.path("reason").asText()).as("reason in %s", status).isEqualTo(reason);
    assertThat(status.path("code").asText()).as("code in %s", status).isEqualTo(code);
  }

  private static void assertNote(JsonNode note, String requestId, String contact, String code) {
    assertThat(note.path("noteId").asText()).as("noteId in %s", note).isNotBlank();
    assertThat(note.path("requestId").asText()).isEqualTo(requestId);
    assertThat(note.path("personId").asText()).as("personId in %s", note).isEqualTo("p-1");
    assertThat(note.path("businessNumber").asText()).isEqualTo(businessNumber);
    assertThat(note.path("contact").asText()).isEqualTo(contact);
    assertThat(note.path("code").asText()).as("code in %s", note).isEqualTo(code);
    assertThat(note.path("text").asText()).as("text in %s", note).contains("Anna Jansen");
    assertThat(note.path("action").asText()).as("action in %s", note).isNotBlank();
    assertUtcTime(note, "createdAt");
  }

  private static void assertSessionFields(JsonNode session, String contact) {
    assertThat(session.path("businessNumber").asText()).isEqualTo(businessNumber);
    assertThat(session.path("contact").asText()).isEqualTo(contact);
    for (String field : SESSION_FIELDS) {
      assertThat(session.has(field)).as("%s in %s", field, session).isTrue();
    }
    assertThat(session.path("optedOutCategories").isArray()).as(session.toString()).isTrue();
    assertThat(session.path("reachable").asBoolean()).isTrue();
    assertThat(session.path("blocked").asBoolean()).isFalse();
    assertUtcTime(session, "updatedAt");
  }

  private static Instant assertUtcTime(JsonNode node, String field) {
    JsonNode value = node.path(field);
    assertThat(value.isTextual()).as("%s is a string in %s", field, node).isTrue();
    assertThat(value.asText()).as("%s is ISO-8601 UTC", field).matches(UTC_TIME);
    return Instant.parse(value.asText());
  }

  // ---------------------------------------------------------------- plumbing

  private static JsonNode awaitOpenWindow(String key) {
    return json(
        outputs.await(
            "wa.sessions",
            record -> key.equals(record.key()) && "true".equals(field(record, "windowOpen")),
            "a session with an open window"));
  }

  private static Predicate<ConsumerRecord<String, String>> requestId(String requestId) {
    return record -> requestId.equals(field(record, "requestId"));
  }

  private static String field(ConsumerRecord<String, String> record, String name) {
    return json(record).path(name).asText(null);
  }

  private static JsonNode json(ConsumerRecord<String, String> record) {
    return parse(record.value());
  }

  private static JsonNode parse(String value) {
    try {
      return JSON.readTree(value);
    } catch (IOException e) {
      throw new AssertionError("an output value that is not JSON: " + value, e);
    }
  }

  private static String conversationKey(String contact) {
    return businessNumber + "|" + contact;
  }

  /**
   * Eight digits after 06: a Dutch mobile number no other test uses. Only 061 to 066 and 068 are
   * mobile ranges; 067 and 069, for one, are not valid numbers.
   */
  private static String newSubscriber() {
    return String.valueOf(10_000_000 + ThreadLocalRandom.current().nextInt(50_000_000));
  }

  private static String newRequestId() {
    return "crm-" + UUID.randomUUID();
  }

  /** A new request id that wagate's intake handles on the same partition as {@code other}. */
  private static String newRequestIdBeside(String other) throws Exception {
    int partitions =
        admin
            .describeTopics(List.of("wa.send.requests"))
            .allTopicNames()
            .get(ADMIN_TIMEOUT.toSeconds(), TimeUnit.SECONDS)
            .get("wa.send.requests")
            .partitions()
            .size();
    int partition = Partitioning.partitionOf(other, partitions);
    String id;
    do {
      id = newRequestId();
    } while (Partitioning.partitionOf(id, partitions) != partition);
    return id;
  }

  private static String hex() {
    return UUID.randomUUID().toString().replace("-", "");
  }

  // Whole seconds, as a CRM writes times, so that an echoed time compares exactly.
  private static Instant now() {
    return Instant.now().truncatedTo(ChronoUnit.SECONDS);
  }

  private static RecordMetadata produce(String topic, String key, String value) throws Exception {
    return producer
        .send(new ProducerRecord<>(topic, key, value))
        .get(ADMIN_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
  }

  private static RecordMetadata produceBytes(String topic, String key, byte[] value)
      throws Exception {
    return bytesProducer
        .send(new ProducerRecord<>(topic, key, value))
        .get(ADMIN_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
  }

  private static Map<String, Object> producerConfig() {
    return Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
        bootstrapServers,
        ProducerConfig.ACKS_CONFIG,
        "all");
  }

  private static HttpResponse<String> get(String pathAndQuery) throws Exception {
    URI uri = URI.create("http://127.0.0.1:" + app.httpPort() + pathAndQuery);
    return HTTP.send(
        HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static int freePort() throws IOException {
    return StreamsJar.freePort();
  }

  private static void deleteContractTopicsLeftByOtherTests() throws Exception {
    List<String> present = presentContractTopics();
    if (!present.isEmpty()) {
      admin.deleteTopics(present).all().get(ADMIN_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }
    Instant deadline = Instant.now().plus(ADMIN_TIMEOUT);
    while (!presentContractTopics().isEmpty()) {
      assertThat(Instant.now()).as("contract topics deleted in time").isBefore(deadline);
    }
  }

  private static void createTopicsWithTheJar() throws Exception {
    Path log = workDir.resolve("create-topics.log");
    ProcessBuilder builder =
        StreamsJar.builder(Map.of("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers), log);
    builder.command().add("create-topics");
    Process process = builder.start();
    if (!process.waitFor(STARTUP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
      throw new AssertionError("create-topics did not finish: " + Files.readString(log, UTF_8));
    }
    assertThat(process.exitValue()).as(Files.readString(log, UTF_8)).isZero();
    Instant deadline = Instant.now().plus(ADMIN_TIMEOUT);
    while (presentContractTopics().size() < CONTRACT_TOPICS.size()) {
      assertThat(Instant.now()).as("created topics visible in time").isBefore(deadline);
    }
    // Requests, consent, inbound messages and callbacks of a conversation must be co-partitioned.
    Map<String, TopicDescription> inputs =
        admin
            .describeTopics(CONTRACT_TOPICS.subList(0, 4))
            .allTopicNames()
            .get(ADMIN_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    assertThat(inputs.values().stream().map(d -> d.partitions().size()).distinct()).hasSize(1);
    Map<ConfigResource, Config> configs =
        admin
            .describeConfigs(
                CONTRACT_TOPICS.stream()
                    .map(name -> new ConfigResource(ConfigResource.Type.TOPIC, name))
                    .toList())
            .all()
            .get(ADMIN_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    for (String topic : CONTRACT_TOPICS) {
      String policy =
          configs
              .get(new ConfigResource(ConfigResource.Type.TOPIC, topic))
              .get(TopicConfig.CLEANUP_POLICY_CONFIG)
              .value();
      assertThat(policy)
          .as("cleanup.policy of %s", topic)
          .isEqualTo(COMPACTED_TOPICS.contains(topic) ? "compact" : "delete");
    }
  }

  private static List<String> presentContractTopics() throws Exception {
    Set<String> names = admin.listTopics().names().get(ADMIN_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    return CONTRACT_TOPICS.stream().filter(names::contains).toList();
  }

  private static void dumpAppOutput() {
    if (app != null) {
      LOGGER.error("Last lines of wagate-streams.jar's output:\n{}", app.tail(80));
    }
  }

  private static void closeQuietly(AutoCloseable closeable) {
    if (closeable == null) {
      return;
    }
    try {
      closeable.close();
    } catch (Exception e) {
      LOGGER.warn("Closing {} failed: {}", closeable.getClass().getSimpleName(), e.toString());
    }
  }

  /**
   * Reads topics from the end they had when it was created, keeping every record it saw so that a
   * test can ask, once a later record arrived, what came before it.
   */
  private static final class TopicTail<V> implements AutoCloseable {

    private final KafkaConsumer<String, V> consumer;
    private final List<ConsumerRecord<String, V>> seen = new ArrayList<>();

    TopicTail(List<String> topics, Deserializer<V> valueDeserializer) {
      consumer =
          new KafkaConsumer<>(
              Map.of(
                  ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                  bootstrapServers,
                  ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                  "read_committed",
                  ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                  "false"),
              new StringDeserializer(),
              valueDeserializer);
      List<TopicPartition> partitions = new ArrayList<>();
      for (String topic : topics) {
        consumer
            .partitionsFor(topic, ADMIN_TIMEOUT)
            .forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
      }
      consumer.assign(partitions);
      consumer.seekToEnd(partitions);
      // seekToEnd is lazy; fixing the positions now keeps every record written from here on.
      partitions.forEach(partition -> consumer.position(partition, ADMIN_TIMEOUT));
    }

    /** The first record of {@code topic} matching {@code wanted}, seen already or polled. */
    ConsumerRecord<String, V> await(
        String topic, Predicate<ConsumerRecord<String, V>> wanted, String what) {
      Predicate<ConsumerRecord<String, V>> matching =
          record -> record.topic().equals(topic) && record.value() != null && wanted.test(record);
      int scanned = 0;
      Instant deadline = Instant.now().plus(OUTPUT_TIMEOUT);
      do {
        for (; scanned < seen.size(); scanned++) {
          if (matching.test(seen.get(scanned))) {
            return seen.get(scanned);
          }
        }
        consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
      } while (Instant.now().isBefore(deadline));
      for (; scanned < seen.size(); scanned++) {
        if (matching.test(seen.get(scanned))) {
          return seen.get(scanned);
        }
      }
      throw new AssertionError("no " + what + " on " + topic + " within " + OUTPUT_TIMEOUT);
    }

    /** Every record of {@code topic} seen so far that matches {@code wanted}. */
    List<ConsumerRecord<String, V>> seen(
        String topic, Predicate<ConsumerRecord<String, V>> wanted) {
      return seen.stream()
          .filter(record -> record.topic().equals(topic) && record.value() != null)
          .filter(wanted)
          .toList();
    }

    @Override
    public void close() {
      consumer.close(Duration.ofSeconds(5));
    }
  }

  /** {@code java -jar wagate-streams.jar} as a child process, its output in a file. */
}
