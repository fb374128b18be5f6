package io.wagate.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.wagate.local.demo.WebhookSigning;
import io.wagate.schemas.Topic;
import io.wagate.schemas.Topics;
import io.wagate.schemas.events.BusinessNumberConfig;
import io.wagate.schemas.events.Category;
import io.wagate.schemas.events.ConsentEvent;
import io.wagate.schemas.events.ConsentStatus;
import io.wagate.schemas.events.Kind;
import io.wagate.schemas.events.LifecycleState;
import io.wagate.schemas.events.Note;
import io.wagate.schemas.events.NumberState;
import io.wagate.schemas.events.Person;
import io.wagate.schemas.events.Portfolio;
import io.wagate.schemas.events.RequestStatus;
import io.wagate.schemas.events.SendRequest;
import io.wagate.schemas.events.TemplateContent;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Black-box, issue 13 "What it must show" 3: Meta's account-level webhooks, signed and posted to
 * the running ingress, change what the streams app does with the next send request. The bodies are
 * shaped like the corpus's {@code phone-number-quality-update.json}, {@code
 * account-update-disabled.json} and {@code business-capability-update.json}, with this test's own
 * business number and WhatsApp Business Account id.
 *
 * <p>The ingress keys an account event by the business number the change names ({@code
 * display_phone_number}), else by {@code waba:<entry id>}; the streams app finds a number's account
 * from its {@code wabaId} on {@code wa.business-numbers} (or from a quality update that names
 * both), so each number here is registered with its account.
 */
class AccountWebhooksIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final Person ANNA = new Person("p-1", "Anna", "Jansen");

  private static DemoSecrets secrets;
  private static LocalStack stack;

  private final String run = UUID.randomUUID().toString().substring(0, 8);
  private final HttpClient http = HttpClient.newHttpClient();
  private KafkaProducer<byte[], byte[]> producer;
  private Outputs outputs;

  /**
   * One stack for the class, stopped after it: a stack left running would compete for the CPU with
   * the next test class of this JVM (LocalRunIT's Ctrl-C test timed out beside one).
   */
  @BeforeAll
  static void startStack(@TempDir Path dataDir) throws Exception {
    secrets = DemoSecrets.generate(new SecureRandom());
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    stack = new LocalStack(new LocalStack.Settings(dataDir, 0, 0, 0), secrets, quiet);
    stack.start();
  }

  @AfterAll
  static void stopStack() {
    if (stack != null) {
      stack.close();
    }
  }

  @BeforeEach
  void connect() throws Exception {
    producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                stack.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG,
                "all"),
            new ByteArraySerializer(),
            new ByteArraySerializer());
    outputs = new Outputs(stack.bootstrapServers());
  }

  @AfterEach
  void disconnect() {
    if (outputs != null) {
      outputs.close();
    }
    if (producer != null) {
      producer.close();
    }
  }

  @Test
  void shouldHoldTheNextMarketingTemplateOfANumberMetaFlaggedWhileUtilityStillGoes()
      throws Exception {
    // Given a number of its own account, and a contact who opted in
    Line line = registeredLine();
    String contact = consentedContact(line, 0);
    // When Meta flags the number
    postSigned(
        """
        {"object": "whatsapp_business_account", "entry": [{"id": "%s", "time": %d, "changes": [{
          "field": "phone_number_quality_update",
          "value": {"display_phone_number": "%s", "event": "FLAGGED",
                    "current_limit": "TIER_2K", "max_daily_conversations_per_business": "TIER_2K"}
        }]}]}
        """
            .formatted(line.wabaId, Instant.now().getEpochSecond(), line.digits()));
    outputs.awaitNumberState(line.number, state -> state.flaggedAt() != null);
    String marketing = firstDecidedAs(line, contact, Category.MARKETING, LifecycleState.HELD);
    String utility = sendTemplate(line, contact, Category.UTILITY);
    // Then the marketing template waits for the flag, the utility template goes
    assertThat(outputs.awaitStatus(marketing, LifecycleState.HELD))
        .extracting(RequestStatus::reason)
        .isEqualTo("NUMBER_FLAGGED");
    outputs.awaitStatus(utility, LifecycleState.ROUTED_TEMPLATE);
    outputs.pollUntilQuiet();
    assertThat(outputs.statusesOf(marketing))
        .extracting(RequestStatus::state)
        .containsExactly(LifecycleState.HELD);
  }

  @Test
  void shouldRejectTheNextSendOfABannedAccountsNumberWithANote() throws Exception {
    // Given
    Line line = registeredLine();
    String contact = consentedContact(line, 0);
    // When Meta bans the account
    postSigned(
        """
        {"object": "whatsapp_business_account", "entry": [{"id": "%s", "time": %d, "changes": [{
          "field": "account_update",
          "value": {"event": "DISABLED_UPDATE",
                    "ban_info": {"waba_ban_state": "DISABLE", "waba_ban_date": "November 22, 2026"}}
        }]}]}
        """
            .formatted(line.wabaId, Instant.now().getEpochSecond()));
    outputs.awaitNumberState(NumberState.wabaKey(line.wabaId), state -> state.disabledAt() != null);
    String requestId = firstDecidedAs(line, contact, Category.UTILITY, LifecycleState.REJECTED);
    // Then
    RequestStatus rejected = outputs.awaitStatus(requestId, LifecycleState.REJECTED);
    assertThat(rejected.reason()).isEqualTo("NUMBER_DISABLED");
    assertThat(rejected.code()).isEqualTo("63020");
    Note note = outputs.awaitNote(requestId);
    assertThat(note.code()).isEqualTo("63020");
    assertThat(note.action()).isEqualTo("ENABLE_NUMBER");
    assertThat(note.text()).contains("switched off");
  }

  @Test
  void shouldReleaseHeldTemplatesWhenMetaRaisesTheAccountsLimit() throws Exception {
    // Given a portfolio the operator limited to one contact, who was reached, and one held
    Line line = registeredLine();
    send(
        Topics.PORTFOLIOS,
        line.number,
        new Portfolio(line.number, 1, Instant.now().minus(Duration.ofHours(1))));
    String first = consentedContact(line, 0);
    String second = consentedContact(line, 1);
    String reached = sendTemplate(line, first, Category.UTILITY);
    outputs.awaitStatus(reached, LifecycleState.ROUTED_TEMPLATE);
    String held = sendTemplate(line, second, Category.UTILITY);
    assertThat(outputs.awaitStatus(held, LifecycleState.HELD))
        .extracting(RequestStatus::reason)
        .isEqualTo("MESSAGING_LIMIT");
    // When Meta announces a limit of 2,000 for the account
    postSigned(
        """
        {"object": "whatsapp_business_account", "entry": [{"id": "%s", "time": %d, "changes": [{
          "field": "business_capability_update",
          "value": {"max_daily_conversation_per_phone": 2000,
                    "max_daily_conversations_per_business": "TIER_2K",
                    "max_phone_numbers_per_waba": 25}
        }]}]}
        """
            .formatted(line.wabaId, Instant.now().getEpochSecond()));
    // Then the held template goes, once
    outputs.awaitStatus(held, LifecycleState.ROUTED_TEMPLATE);
    outputs.pollUntilQuiet();
    assertThat(outputs.statusesOf(held))
        .extracting(RequestStatus::state)
        .containsExactly(LifecycleState.HELD, LifecycleState.ROUTED_TEMPLATE);
  }

  // ---------------------------------------------------------------- the business

  /** A business number of this test's own, in an account of its own. */
  private record Line(String number, String wabaId) {
    String digits() {
      return number.substring(1);
    }
  }

  /** Contact {@code i} of {@code line}, opted in to everything, its consent applied. */
  private String consentedContact(Line line, int i) throws Exception {
    String contact = "+3162" + line.number.substring(line.number.length() - 6) + i;
    String key = line.number + "|" + contact;
    send(
        Topics.CONSENT,
        key,
        new ConsentEvent(
            line.number,
            contact,
            null,
            ConsentStatus.OPTED_IN,
            null,
            "booking-form",
            Instant.now().minusSeconds(60)));
    outputs.awaitSession(key);
    return contact;
  }

  /**
   * Registers a new number with its account on {@code wa.business-numbers}, an hour ago: what Meta
   * says from now on is later than the operator's settings.
   */
  private Line registeredLine() throws Exception {
    String number = "+3120" + ThreadLocalRandom.current().nextInt(1_000_000, 9_999_999);
    String wabaId =
        "1" + ThreadLocalRandom.current().nextLong(10_000_000_000_000L, 99_999_999_999_999L);
    send(
        Topics.BUSINESS_NUMBERS,
        number,
        new BusinessNumberConfig(
            number,
            true,
            null,
            null,
            null,
            Instant.now().minus(Duration.ofHours(1)),
            null,
            wabaId));
    return new Line(number, wabaId);
  }

  /**
   * Sends templates until one is decided {@code expected}, and answers its request id. The app's
   * global store reads {@code wa.number-state} a moment after the test saw the record there, so a
   * request decided before that may still go out as before; the deadline bounds the retries.
   */
  private String firstDecidedAs(
      Line line, String contact, Category category, LifecycleState expected) throws Exception {
    Instant deadline = Instant.now().plus(TIMEOUT);
    while (true) {
      String requestId = sendTemplate(line, contact, category);
      RequestStatus first = outputs.awaitFirstStatus(requestId);
      if (first.state() == expected) {
        return requestId;
      }
      assertThat(Instant.now())
          .as("a %s template decided %s in time (last: %s)", category, expected, first.state())
          .isBefore(deadline);
    }
  }

  private String sendTemplate(Line line, String contact, Category category) throws Exception {
    String requestId = "acct-it-" + run + "-" + UUID.randomUUID().toString().substring(0, 8);
    send(
        Topics.SEND_REQUESTS,
        requestId,
        new SendRequest(
            requestId,
            line.number,
            contact,
            null,
            Kind.TEMPLATE,
            new TemplateContent(
                "account_it_" + category.name().toLowerCase(java.util.Locale.ROOT),
                "en_US",
                category,
                List.of("Anna")),
            null,
            ANNA,
            null,
            null,
            false,
            Instant.now()));
    return requestId;
  }

  private <V> void send(Topic<String, V> topic, String key, V value) throws Exception {
    producer
        .send(
            new ProducerRecord<>(
                topic.name(),
                topic.keySerde().serializer().serialize(topic.name(), key),
                topic.valueSerde().serializer().serialize(topic.name(), value)))
        .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
  }

  /** Posts a webhook to the ingress as Meta does, signed with the app secret; expects 200. */
  private void postSigned(String json) throws Exception {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(stack.ingressLocalUrl() + "/webhooks/meta"))
                .header("Content-Type", "application/json")
                .header("X-Hub-Signature-256", WebhookSigning.meta(secrets.metaAppSecret(), body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
  }

  // ---------------------------------------------------------------- reading

  /**
   * What wagate writes, read {@code read_committed} from where each topic ended when the test
   * began.
   */
  private static final class Outputs implements AutoCloseable {
    private static final Duration QUIET = Duration.ofSeconds(2);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final List<RequestStatus> statuses = new ArrayList<>();
    private final List<Note> notes = new ArrayList<>();
    private final List<String> sessionKeys = new ArrayList<>();
    private final List<NumberState> numberStates = new ArrayList<>();

    Outputs(String bootstrapServers) {
      consumer =
          new KafkaConsumer<>(
              Map.of(
                  ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                  bootstrapServers,
                  ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                  "read_committed",
                  ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                  false),
              new ByteArrayDeserializer(),
              new ByteArrayDeserializer());
      List<TopicPartition> partitions = new ArrayList<>();
      for (Topic<String, ?> topic :
          List.of(Topics.STATUS, Topics.NOTES, Topics.SESSIONS, Topics.NUMBER_STATE)) {
        consumer
            .partitionsFor(topic.name(), TIMEOUT)
            .forEach(info -> partitions.add(new TopicPartition(info.topic(), info.partition())));
      }
      consumer.assign(partitions);
      consumer.seekToEnd(partitions);
      partitions.forEach(partition -> consumer.position(partition, TIMEOUT));
    }

    List<RequestStatus> statusesOf(String requestId) {
      return statuses.stream().filter(status -> status.requestId().equals(requestId)).toList();
    }

    RequestStatus awaitStatus(String requestId, LifecycleState state) {
      return await(
          "a " + state + " status of " + requestId,
          () ->
              statusesOf(requestId).stream()
                  .filter(status -> status.state() == state)
                  .findFirst()
                  .orElse(null));
    }

    /** The first status of {@code requestId}, whatever it is. */
    RequestStatus awaitFirstStatus(String requestId) {
      return await(
          "a status of " + requestId,
          () -> statusesOf(requestId).stream().findFirst().orElse(null));
    }

    Note awaitNote(String requestId) {
      return await(
          "a note for " + requestId,
          () ->
              notes.stream()
                  .filter(note -> requestId.equals(note.requestId()))
                  .findFirst()
                  .orElse(null));
    }

    void awaitSession(String conversationKey) {
      await(
          "the session of " + conversationKey,
          () -> sessionKeys.contains(conversationKey) ? conversationKey : null);
    }

    /** Waits until wagate wrote what it learned about {@code key} to {@code wa.number-state}. */
    NumberState awaitNumberState(String key, Predicate<NumberState> match) {
      return await(
          "the learned state of " + key,
          () ->
              numberStates.stream()
                  .filter(state -> state.businessNumber().equals(key) && match.test(state))
                  .findFirst()
                  .orElse(null));
    }

    /** Polls until nothing new arrives for {@link #QUIET}, so a late second outcome would show. */
    void pollUntilQuiet() {
      Instant deadline = Instant.now().plus(TIMEOUT);
      Instant quietSince = Instant.now();
      while (Instant.now().isBefore(quietSince.plus(QUIET))) {
        assertThat(Instant.now()).as("outputs quiet in time").isBefore(deadline);
        if (poll() > 0) {
          quietSince = Instant.now();
        }
      }
    }

    private interface Lookup<T> {
      T find();
    }

    private <T> T await(String what, Lookup<T> lookup) {
      Instant deadline = Instant.now().plus(TIMEOUT);
      T found;
      while ((found = lookup.find()) == null) {
        if (Instant.now().isAfter(deadline)) {
          fail("no %s within %s", what, TIMEOUT);
        }
        poll();
      }
      return found;
    }

    private int poll() {
      int count = 0;
      for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
        count++;
        String topic = record.topic();
        if (topic.equals(Topics.STATUS.name())) {
          statuses.add(decode(Topics.STATUS, record));
        } else if (topic.equals(Topics.NOTES.name())) {
          notes.add(decode(Topics.NOTES, record));
        } else if (topic.equals(Topics.SESSIONS.name())) {
          sessionKeys.add(
              Topics.SESSIONS.keySerde().deserializer().deserialize(topic, record.key()));
        } else if (record.value() != null) {
          numberStates.add(decode(Topics.NUMBER_STATE, record));
        }
      }
      return count;
    }

    private static <V> V decode(Topic<String, V> topic, ConsumerRecord<byte[], byte[]> record) {
      return topic.valueSerde().deserializer().deserialize(record.topic(), record.value());
    }

    @Override
    public void close() {
      consumer.close();
    }
  }
}
