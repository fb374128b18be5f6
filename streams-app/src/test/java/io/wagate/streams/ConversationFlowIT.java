package io.wagate.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.wagate.kafka.KafkaFixture;
import io.wagate.schemas.Topic;
import io.wagate.schemas.Topics;
import io.wagate.schemas.config.Environment;
import io.wagate.schemas.events.Category;
import io.wagate.schemas.events.ConsentEvent;
import io.wagate.schemas.events.ConsentStatus;
import io.wagate.schemas.events.InboundMessage;
import io.wagate.schemas.events.Kind;
import io.wagate.schemas.events.LifecycleState;
import io.wagate.schemas.events.Note;
import io.wagate.schemas.events.Person;
import io.wagate.schemas.events.Provider;
import io.wagate.schemas.events.RequestStatus;
import io.wagate.schemas.events.SendRequest;
import io.wagate.schemas.events.Session;
import io.wagate.schemas.events.StatusCallback;
import io.wagate.schemas.events.TemplateContent;
import io.wagate.schemas.events.TextContent;
import io.wagate.streams.app.TopicCheck;
import io.wagate.streams.config.WagateConfig;
import io.wagate.streams.processor.ConversationMetrics;
import io.wagate.streams.topics.TopicCreator;
import io.wagate.streams.topology.WagateTopology;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The streams app on a real broker with exactly-once processing: thousands of mixed records in, the
 * contract's guarantees out, and state that survives a restart.
 *
 * <p>The contract topics are shared with other integration tests on the same broker, so this class
 * uses a business number of its own (every conversation key it touches is new), request ids with a
 * run suffix, and reads outputs only from the offsets they had before it started.
 */
class ConversationFlowIT {

  private static final Logger LOGGER = LoggerFactory.getLogger(ConversationFlowIT.class);

  private static final Duration TIMEOUT = Duration.ofSeconds(90);
  private static final Duration QUIET = Duration.ofSeconds(3);
  private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
  // An Amsterdam landline no other test uses, so no other test's state or settings apply.
  private static final String BUSINESS =
      "+3120" + (5_000_000 + ThreadLocalRandom.current().nextInt(4_000_000));
  private static final int CONTACTS = 300;
  private static final int REQUESTS = 5_000;
  private static final int GARBAGE = 100;
  private static final String DLQ_TOPIC_HEADER = "__streams.errors.topic";
  private static final Person ANNA = new Person("p-1", "Anna", "Jansen");
  private static final List<String> FAILURE_CODES = List.of("63016", "131026", "63024");
  private static final Set<LifecycleState> OUTCOMES =
      EnumSet.of(
          LifecycleState.ROUTED_TEMPLATE,
          LifecycleState.ROUTED_FREEFORM,
          LifecycleState.REJECTED,
          LifecycleState.EXPIRED);

  /** The conversation topics' partition count here (this test creates them when missing). */
  private static final int PARTITIONS = 3;

  @TempDir static Path stateDir;

  private static Admin admin;
  private static KafkaProducer<byte[], byte[]> producer;
  private static Outputs outputs;
  private static Properties streamsProperties;
  private static WagateConfig config;
  private static App app;
  private static int contactBase;

  @BeforeAll
  static void startApp() throws Exception {
    String bootstrapServers = KafkaFixture.bootstrapServers();
    admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    int partitions = createContractTopics();
    producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                true,
                ProducerConfig.LINGER_MS_CONFIG,
                5),
            new ByteArraySerializer(),
            new ByteArraySerializer());
    outputs = new Outputs(bootstrapServers);
    config =
        WagateConfig.from(
                Environment.of(
                    Map.of(
                        "KAFKA_BOOTSTRAP_SERVERS",
                        bootstrapServers,
                        "KAFKA_APPLICATION_ID",
                        "wagate-flow-it-" + RUN,
                        "KAFKA_STATE_DIR",
                        stateDir.toString(),
                        // Exactly-once output is visible at each commit; the default 100 ms of EOS
                        // is fine, but say it so a changed default cannot slow this test down.
                        "KAFKA_COMMIT_INTERVAL_MS",
                        "200")))
            .withPartitions(partitions);
    TopicCheck.ensureCommandsTopic(
        admin, WagateTopology.commandsTopic(config), partitions, Duration.ofSeconds(30));
    streamsProperties = config.kafka();
    contactBase = 1_000_000 + ThreadLocalRandom.current().nextInt(8_000_000);
    app = App.start(config, streamsProperties);
  }

  @AfterAll
  static void stopApp() {
    if (app != null) {
      app.close();
    }
    if (outputs != null) {
      outputs.close();
    }
    if (producer != null) {
      producer.close();
    }
    if (admin != null) {
      admin.close();
    }
  }

  @Test
  void shouldGiveEveryRequestOneOutcomeAndEveryRejectionAndFailureOneNote() {
    // Given
    List<String> contacts = contacts(CONTACTS, 0);
    Instant now = Instant.now();
    Map<String, byte[]> dlqExpected = new LinkedHashMap<>();
    int inbound = sendInbound(contacts, now);
    int consent = sendConsent(contacts, now);
    dlqExpected.putAll(sendGarbage(now));
    outputs.awaitUntil(
        "a session for every contact with inbound messages or consent",
        () -> sessionsFor(contacts).size() == contactsWithHistory(contacts).size());

    // When
    Map<String, Expected> expected = new LinkedHashMap<>();
    int requests = sendRequests(contacts, now, expected, dlqExpected);
    outputs.awaitUntil(
        "a routing outcome for each of " + expected.size() + " requests",
        () -> outcomesByRequest(expected.keySet()).size() == expected.size());
    Map<String, String> failures = new HashMap<>();
    int callbacks = sendCallbacks(expected, outputs.statuses(), now, failures);
    outputs.awaitUntil(
        "notes for every rejection and failure, and every dead letter",
        () ->
            notesByRequest(expected.keySet()).size() == expectedNoteCount(expected, failures)
                && missingDeadLetters(dlqExpected).isEmpty());
    outputs.pollUntilQuiet();

    // Then
    Map<String, List<RequestStatus>> outcomes = outcomesByRequest(expected.keySet());
    for (Map.Entry<String, Expected> entry : expected.entrySet()) {
      assertThat(outcomes.get(entry.getKey()))
          .as("routing outcomes of %s", entry.getKey())
          .singleElement()
          .satisfies(
              status -> {
                assertThat(status.state()).isEqualTo(entry.getValue().state());
                assertThat(status.reason()).isEqualTo(entry.getValue().reason());
              });
    }
    assertThat(outputs.statuses())
        .as("no request is routed twice, and AWAITING_OPT_IN never stands in for an outcome")
        .filteredOn(record -> expected.containsKey(record.value().requestId()))
        .allSatisfy(
            record -> {
              Expected request = expected.get(record.value().requestId());
              if (request.key() != null) {
                assertThat(record.key()).isEqualTo(request.key());
              }
            });
    Map<String, List<Note>> notes = notesByRequest(expected.keySet());
    for (Map.Entry<String, Expected> entry : expected.entrySet()) {
      String requestId = entry.getKey();
      List<Note> notesOfRequest = notes.getOrDefault(requestId, List.of());
      if (entry.getValue().state() == LifecycleState.REJECTED) {
        assertThat(notesOfRequest)
            .as("notes of rejected %s", requestId)
            .singleElement()
            .extracting(Note::code)
            .isEqualTo(entry.getValue().code());
      } else if (failures.containsKey(requestId)) {
        assertThat(notesOfRequest)
            .as("notes of failed %s", requestId)
            .singleElement()
            .satisfies(
                note -> {
                  assertThat(note.code()).isEqualTo(failures.get(requestId));
                  assertThat(note.text()).contains("Anna Jansen");
                });
      } else {
        assertThat(notesOfRequest).as("notes of %s, which did not fail", requestId).isEmpty();
      }
    }
    assertThat(missingDeadLetters(dlqExpected)).as("records missing from wa.dlq").isEmpty();

    Map<LifecycleState, Long> byState =
        outcomes.values().stream()
            .map(list -> list.get(0).state())
            .collect(Collectors.groupingBy(state -> state, Collectors.counting()));
    LOGGER.info(
        "Flow IT: sent {} requests ({} distinct ids), {} inbound, {} consent, {} callbacks, {}"
            + " dead-letter records; outcomes {}, {} notes, {} failures noted",
        requests,
        expected.size(),
        inbound,
        consent,
        callbacks,
        dlqExpected.size(),
        byState,
        notes.values().stream().mapToInt(List::size).sum(),
        failures.size());
    assertThat(requests + inbound + consent + callbacks + GARBAGE).isGreaterThanOrEqualTo(10_000);
    assertThat(byState)
        .containsKeys(
            LifecycleState.ROUTED_FREEFORM,
            LifecycleState.ROUTED_TEMPLATE,
            LifecycleState.REJECTED);
  }

  @Test
  void shouldKeepAWindowOpenAcrossARestart() {
    // Given
    String contact = contacts(1, CONTACTS + 50).get(0);
    String key = BUSINESS + "|" + contact;
    Instant now = Instant.now();
    send(
        Topics.INBOUND,
        key,
        inbound(
            contact, "wamid.restart-" + RUN, "Can I move my appointment?", now.minusSeconds(60)),
        now.minusSeconds(60));
    outputs.awaitUntil(
        "an open window on wa.sessions",
        () ->
            outputs.sessions().stream()
                .anyMatch(record -> record.key().equals(key) && record.value().windowOpen()));

    // When
    app.close();
    app = App.start(config, streamsProperties);
    String requestId = "restart-" + RUN;
    send(
        Topics.SEND_REQUESTS,
        requestId,
        text(requestId, contact, "Yes, Thursday at 10 works."),
        Instant.now());
    outputs.awaitUntil(
        "a routing outcome after the restart",
        () -> outcomesByRequest(Set.of(requestId)).containsKey(requestId));

    // Then
    assertThat(outcomesByRequest(Set.of(requestId)).get(requestId))
        .singleElement()
        .extracting(RequestStatus::state)
        .isEqualTo(LifecycleState.ROUTED_FREEFORM);
  }

  // ---------------------------------------------------------------- traffic

  /**
   * What each contact did before the requests: group 0 wrote in, 1 wrote in and STOP, 2 wrote in
   * and YES, 3 consented to UTILITY in the CRM, 4 opted out in the CRM, 5 nothing.
   */
  private static int group(int contactIndex) {
    return contactIndex % 6;
  }

  private static int sendInbound(List<String> contacts, Instant now) {
    int sent = 0;
    for (int i = 0; i < contacts.size(); i++) {
      int group = group(i);
      if (group > 2) {
        continue;
      }
      String contact = contacts.get(i);
      String key = BUSINESS + "|" + contact;
      int messages = 7 + i % 5;
      for (int m = 0; m < messages; m++) {
        Instant at = now.minus(Duration.ofMinutes(30)).plusSeconds(m);
        String body = "Question " + m + " about my appointment";
        if (m == messages - 1 && group == 1) {
          body = "STOP";
        } else if (m == messages - 1 && group == 2) {
          body = "yes";
        }
        InboundMessage message = inbound(contact, "wamid." + RUN + "." + i + "." + m, body, at);
        send(Topics.INBOUND, key, message, at);
        sent++;
        if (m == 0) {
          // Providers deliver webhooks more than once.
          send(Topics.INBOUND, key, message, at);
          sent++;
        }
      }
    }
    return sent;
  }

  private static int sendConsent(List<String> contacts, Instant now) {
    int sent = 0;
    for (int i = 0; i < contacts.size(); i++) {
      int group = group(i);
      if (group != 3 && group != 4) {
        continue;
      }
      // The national form, as CRMs store it: wagate must find the same conversation.
      String national = "0" + contacts.get(i).substring(3);
      for (int r = 0; r < 6; r++) {
        ConsentEvent event =
            group == 3
                ? new ConsentEvent(
                    BUSINESS,
                    national,
                    "NL",
                    ConsentStatus.OPTED_IN,
                    List.of(Category.UTILITY),
                    "booking-form",
                    now.minus(Duration.ofHours(1)))
                : new ConsentEvent(
                    BUSINESS,
                    national,
                    "NL",
                    ConsentStatus.OPTED_OUT,
                    null,
                    "phone-call",
                    now.minus(Duration.ofHours(1)));
        send(Topics.CONSENT, "crm-contact-" + i, event, now);
        sent++;
      }
    }
    return sent;
  }

  /** Undecodable values, spread over the input topics; answers them by a unique label. */
  private static Map<String, byte[]> sendGarbage(Instant now) {
    List<Topic<String, ?>> inputs =
        List.of(Topics.SEND_REQUESTS, Topics.CONSENT, Topics.INBOUND, Topics.STATUS_CALLBACKS);
    Map<String, byte[]> sent = new LinkedHashMap<>();
    for (int j = 0; j < GARBAGE; j++) {
      Topic<String, ?> topic = inputs.get(j % inputs.size());
      byte[] value =
          switch (j % 3) {
            case 0 -> ("{not json " + RUN + "-" + j).getBytes(StandardCharsets.UTF_8);
            case 1 ->
                j < 12
                    ? "[]".getBytes(StandardCharsets.UTF_8)
                    : ("[" + j + "]").getBytes(StandardCharsets.UTF_8);
            default -> randomBytes(j);
          };
      byte[] key = (RUN + "-garbage-" + j).getBytes(StandardCharsets.UTF_8);
      producer.send(new ProducerRecord<>(topic.name(), null, now.toEpochMilli(), key, value));
      sent.put(topic.name() + "#" + j, dlqEntry(topic.name(), key, value));
    }
    producer.flush();
    return sent;
  }

  private static byte[] randomBytes(int j) {
    byte[] bytes = new byte[32];
    ThreadLocalRandom.current().nextBytes(bytes);
    // An invalid UTF-8 sequence first, so no random draw can be valid JSON.
    bytes[0] = (byte) 0xC3;
    bytes[1] = (byte) 0x28;
    bytes[2] = (byte) j;
    return bytes;
  }

  private static int sendRequests(
      List<String> contacts,
      Instant now,
      Map<String, Expected> expected,
      Map<String, byte[]> dlqExpected) {
    int sent = 0;
    List<SendRequest> duplicates = new ArrayList<>();
    for (int i = 0; i < REQUESTS; i++) {
      int contactIndex = i % contacts.size();
      String contact = contacts.get(contactIndex);
      String requestId = RUN + "-req-" + i;
      SendRequest request;
      Expected outcome;
      if (i % 97 == 0) {
        request = text(requestId, "12", "Your appointment is confirmed.");
        outcome = Expected.rejected(null, "INVALID_PHONE", "WAGATE-INVALID-PHONE");
      } else if (i % 89 == 0) {
        request = withoutTemplate(requestId, contact);
        outcome = Expected.rejected(key(contact), "INVALID_REQUEST", "WAGATE-INVALID-REQUEST");
      } else {
        int kind = (i / contacts.size()) % 3;
        request =
            switch (kind) {
              case 0 -> text(requestId, contact, "See you tomorrow at " + (i % 12) + ":00.");
              case 1 -> template(requestId, contact, Category.UTILITY);
              default -> template(requestId, contact, Category.MARKETING);
            };
        outcome = expectedOutcome(group(contactIndex), kind, key(contact));
      }
      // The CRM's own key: a duplicate with another key lands in another input partition.
      send(Topics.SEND_REQUESTS, "crm-" + i, request, now);
      expected.put(requestId, outcome);
      sent++;
      if (i % 10 == 3) {
        duplicates.add(request);
      }
      if (i % 500 == 250) {
        dlqExpected.put("no-request-id#" + i, sendWithoutRequestId(contact, i, now));
        sent++;
      }
    }
    for (SendRequest duplicate : duplicates) {
      send(Topics.SEND_REQUESTS, "crm-retry-" + duplicate.requestId(), duplicate, now);
      sent++;
    }
    producer.flush();
    return sent;
  }

  private static Expected expectedOutcome(int group, int kind, String key) {
    boolean textRequest = kind == 0;
    return switch (group) {
      case 0, 2 ->
          textRequest
              ? Expected.routed(key, LifecycleState.ROUTED_FREEFORM)
              : Expected.routed(key, LifecycleState.ROUTED_TEMPLATE);
      case 1, 4 -> Expected.rejected(key, "OPTED_OUT", "WAGATE-OPTED-OUT");
      case 3 ->
          switch (kind) {
            case 0 -> Expected.rejected(key, "OUTSIDE_WINDOW", "63016");
            case 1 -> Expected.routed(key, LifecycleState.ROUTED_TEMPLATE);
            default -> Expected.rejected(key, "NO_OPT_IN", "WAGATE-NO-OPT-IN");
          };
      default ->
          textRequest
              ? Expected.rejected(key, "OUTSIDE_WINDOW", "63016")
              : Expected.rejected(key, "NO_OPT_IN", "WAGATE-NO-OPT-IN");
    };
  }

  private static byte[] sendWithoutRequestId(String contact, int i, Instant now) {
    SendRequest request = text(null, contact, "No id " + RUN + "-" + i);
    byte[] key = ("crm-noid-" + i).getBytes(StandardCharsets.UTF_8);
    byte[] value =
        Topics.SEND_REQUESTS
            .valueSerde()
            .serializer()
            .serialize(Topics.SEND_REQUESTS.name(), request);
    producer.send(
        new ProducerRecord<>(Topics.SEND_REQUESTS.name(), null, now.toEpochMilli(), key, value));
    return dlqEntry(Topics.SEND_REQUESTS.name(), key, value);
  }

  /**
   * Provider statuses for the routed requests: every fifth fails (some failures reported twice),
   * others get delivery statuses out of order. Answers the failures' codes by request id.
   */
  private static int sendCallbacks(
      Map<String, Expected> expected,
      List<ConsumerRecord<String, RequestStatus>> statuses,
      Instant now,
      Map<String, String> failures) {
    int sent = 0;
    int routed = 0;
    for (ConsumerRecord<String, RequestStatus> record : statuses) {
      RequestStatus status = record.value();
      if (!expected.containsKey(status.requestId())
          || (status.state() != LifecycleState.ROUTED_FREEFORM
              && status.state() != LifecycleState.ROUTED_TEMPLATE)) {
        continue;
      }
      String requestId = status.requestId();
      String messageId = "SM" + requestId;
      Instant at = now.plusSeconds(2);
      switch (routed % 5) {
        case 0 -> {
          String code = FAILURE_CODES.get((routed / 5) % FAILURE_CODES.size());
          sent += callback(record.key(), requestId, messageId, "sent", null, at);
          sent += callback(record.key(), requestId, messageId, "failed", code, at.plusSeconds(1));
          if (routed % 3 == 0) {
            sent += callback(record.key(), requestId, messageId, "failed", code, at.plusSeconds(2));
          }
          failures.put(requestId, code);
        }
        case 1 -> {
          sent += callback(record.key(), requestId, messageId, "read", null, at.plusSeconds(2));
          sent +=
              callback(record.key(), requestId, messageId, "delivered", null, at.plusSeconds(1));
          sent += callback(record.key(), requestId, messageId, "sent", null, at);
        }
        case 2 -> {
          sent += callback(record.key(), requestId, messageId, "sent", null, at);
          sent +=
              callback(record.key(), requestId, messageId, "delivered", null, at.plusSeconds(1));
          sent +=
              callback(record.key(), requestId, messageId, "delivered", null, at.plusSeconds(1));
        }
        default -> sent += callback(record.key(), requestId, messageId, "sent", null, at);
      }
      routed++;
    }
    producer.flush();
    return sent;
  }

  private static int callback(
      String key,
      String requestId,
      String messageId,
      String status,
      @Nullable String code,
      Instant at) {
    String contact = key.substring(key.indexOf('|') + 1);
    send(
        Topics.STATUS_CALLBACKS,
        key,
        new StatusCallback(
            Provider.TWILIO, messageId, requestId, BUSINESS, contact, status, code, "", at, null),
        at);
    return 1;
  }

  // ---------------------------------------------------------------- records

  private static List<String> contacts(int count, int offset) {
    List<String> contacts = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      contacts.add("+3161" + String.format("%07d", (contactBase + offset + i) % 10_000_000));
    }
    return contacts;
  }

  private static String key(String contact) {
    return BUSINESS + "|" + contact;
  }

  private static InboundMessage inbound(String contact, String id, String text, Instant at) {
    return new InboundMessage(
        Provider.META, id, BUSINESS, contact, "Anna", "text", text, null, at, null, null);
  }

  private static SendRequest text(@Nullable String requestId, String to, String body) {
    return new SendRequest(
        requestId,
        BUSINESS,
        to,
        "NL",
        Kind.TEXT,
        null,
        new TextContent(body, false),
        ANNA,
        "u-7",
        null,
        false,
        Instant.now());
  }

  private static SendRequest template(String requestId, String to, Category category) {
    return new SendRequest(
        requestId,
        BUSINESS,
        to,
        "NL",
        Kind.TEMPLATE,
        new TemplateContent("flow_it_" + RUN, "en_US", category, List.of("Anna", "Tue 10:00")),
        null,
        ANNA,
        "u-7",
        "cmp-11",
        false,
        Instant.now());
  }

  private static SendRequest withoutTemplate(String requestId, String to) {
    return new SendRequest(
        requestId, BUSINESS, to, "NL", Kind.TEMPLATE, null, null, ANNA, "u-7", null, false, null);
  }

  private static <V> void send(Topic<String, V> topic, String key, V value, Instant timestamp) {
    producer.send(
        new ProducerRecord<>(
            topic.name(),
            null,
            timestamp.toEpochMilli(),
            topic.keySerde().serializer().serialize(topic.name(), key),
            topic.valueSerde().serializer().serialize(topic.name(), value)));
  }

  private static byte[] dlqEntry(String topic, byte[] key, byte[] value) {
    return (topic + "\n" + Arrays.toString(key) + "\n" + Arrays.toString(value))
        .getBytes(StandardCharsets.UTF_8);
  }

  // ---------------------------------------------------------------- reading

  private static Map<String, List<RequestStatus>> outcomesByRequest(Set<String> requestIds) {
    return outputs.statuses().stream()
        .map(ConsumerRecord::value)
        .filter(status -> requestIds.contains(status.requestId()))
        .filter(status -> OUTCOMES.contains(status.state()))
        .collect(Collectors.groupingBy(RequestStatus::requestId));
  }

  private static Map<String, List<Note>> notesByRequest(Set<String> requestIds) {
    return outputs.notes().stream()
        .map(ConsumerRecord::value)
        .filter(note -> note.requestId() != null && requestIds.contains(note.requestId()))
        .collect(Collectors.groupingBy(Note::requestId));
  }

  private static int expectedNoteCount(
      Map<String, Expected> expected, Map<String, String> failures) {
    Set<String> noted = new HashSet<>(failures.keySet());
    expected.forEach(
        (requestId, outcome) -> {
          if (outcome.state() == LifecycleState.REJECTED) {
            noted.add(requestId);
          }
        });
    return noted.size();
  }

  private static Set<String> contactsWithHistory(List<String> contacts) {
    Set<String> keys = new HashSet<>();
    for (int i = 0; i < contacts.size(); i++) {
      if (group(i) < 5) {
        keys.add(key(contacts.get(i)));
      }
    }
    return keys;
  }

  private static Set<String> sessionsFor(List<String> contacts) {
    Set<String> wanted = contactsWithHistory(contacts);
    return outputs.sessions().stream()
        .map(ConsumerRecord::key)
        .filter(wanted::contains)
        .collect(Collectors.toSet());
  }

  /** The expected dead letters not (yet) on wa.dlq, matched by source topic, key and value. */
  private static List<String> missingDeadLetters(Map<String, byte[]> expected) {
    Map<String, Integer> onDlq = new HashMap<>();
    for (ConsumerRecord<byte[], byte[]> record : outputs.deadLetters()) {
      Header topic = record.headers().lastHeader(DLQ_TOPIC_HEADER);
      String source = topic == null ? "?" : new String(topic.value(), StandardCharsets.UTF_8);
      onDlq.merge(
          new String(dlqEntry(source, record.key(), record.value()), StandardCharsets.UTF_8),
          1,
          Integer::sum);
    }
    List<String> missing = new ArrayList<>();
    for (Map.Entry<String, byte[]> entry : expected.entrySet()) {
      String wanted = new String(entry.getValue(), StandardCharsets.UTF_8);
      Integer count = onDlq.get(wanted);
      if (count == null || count == 0) {
        missing.add(entry.getKey());
      } else {
        onDlq.put(wanted, count - 1);
      }
    }
    return missing;
  }

  // ---------------------------------------------------------------- fixtures

  /** Creates the topics that are missing; answers the conversation topics' partition count. */
  private static int createContractTopics() throws Exception {
    List<TopicCreator.TopicOutcome> created =
        new TopicCreator(admin, Duration.ofSeconds(30))
            .createMissing(Topics.ALL, PARTITIONS, (short) 1);
    assertThat(created)
        .as("contract topics")
        .noneMatch(outcome -> outcome.result() == TopicCreator.TopicOutcome.Result.FAILED);
    // Requests, consent, inbound messages and callbacks of one conversation meet in one task only
    // when the inputs are co-partitioned; another test on this broker may have made them otherwise.
    List<String> inputs =
        List.of(
            Topics.SEND_REQUESTS.name(),
            Topics.CONSENT.name(),
            Topics.INBOUND.name(),
            Topics.STATUS_CALLBACKS.name());
    Map<String, TopicDescription> descriptions =
        admin.describeTopics(inputs).allTopicNames().get(30, TimeUnit.SECONDS);
    assertThat(descriptions.values().stream().map(d -> d.partitions().size()).distinct())
        .as("partition counts of the input topics")
        .hasSize(1);
    return descriptions.values().iterator().next().partitions().size();
  }

  /** What a request must end in. */
  private record Expected(
      @Nullable String key, LifecycleState state, @Nullable String reason, @Nullable String code) {

    static Expected routed(String key, LifecycleState state) {
      return new Expected(key, state, null, null);
    }

    static Expected rejected(@Nullable String key, String reason, String code) {
      return new Expected(key, LifecycleState.REJECTED, reason, code);
    }
  }

  /** One running KafkaStreams on the topology, started and awaited until RUNNING. */
  private static final class App implements AutoCloseable {

    private final KafkaStreams streams;
    private final AtomicReference<Throwable> error;

    private App(KafkaStreams streams, AtomicReference<Throwable> error) {
      this.streams = streams;
      this.error = error;
    }

    static App start(WagateConfig config, Properties properties) {
      KafkaStreams streams =
          new KafkaStreams(
              WagateTopology.build(config, ConversationMetrics.discarding()), properties);
      AtomicReference<Throwable> error = new AtomicReference<>();
      CountDownLatch running = new CountDownLatch(1);
      streams.setStateListener(
          (newState, oldState) -> {
            if (newState == KafkaStreams.State.RUNNING) {
              running.countDown();
            }
          });
      streams.setUncaughtExceptionHandler(
          exception -> {
            error.set(exception);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
          });
      streams.start();
      App app = new App(streams, error);
      try {
        if (!running.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
          app.close();
          fail("Kafka Streams not RUNNING within %s: %s", TIMEOUT, error.get());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        app.close();
        throw new IllegalStateException(e);
      }
      app.checkHealthy();
      return app;
    }

    void checkHealthy() {
      if (error.get() != null) {
        throw new AssertionError("the streams app failed", error.get());
      }
    }

    @Override
    public void close() {
      // Leaving the group lets the next instance take the tasks at once, not after a session
      // timeout.
      streams.close(
          CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
              .withTimeout(Duration.ofSeconds(30)));
    }
  }

  /** A read_committed consumer of the output topics, from where they ended when it was made. */
  private static final class Outputs implements AutoCloseable {

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final List<ConsumerRecord<String, RequestStatus>> statuses = new ArrayList<>();
    private final List<ConsumerRecord<String, Note>> notes = new ArrayList<>();
    private final List<ConsumerRecord<String, Session>> sessions = new ArrayList<>();
    private final List<ConsumerRecord<byte[], byte[]>> deadLetters = new ArrayList<>();

    Outputs(String bootstrapServers) {
      consumer =
          new KafkaConsumer<>(
              Map.of(
                  ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                  bootstrapServers,
                  ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                  IsolationLevel.READ_COMMITTED.toString().toLowerCase(java.util.Locale.ROOT),
                  ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                  false),
              new ByteArrayDeserializer(),
              new ByteArrayDeserializer());
      List<TopicPartition> partitions = new ArrayList<>();
      for (Topic<?, ?> topic : List.of(Topics.STATUS, Topics.NOTES, Topics.SESSIONS, Topics.DLQ)) {
        consumer
            .partitionsFor(topic.name(), TIMEOUT)
            .forEach(info -> partitions.add(new TopicPartition(info.topic(), info.partition())));
      }
      consumer.assign(partitions);
      consumer.endOffsets(partitions, TIMEOUT).forEach(consumer::seek);
    }

    List<ConsumerRecord<String, RequestStatus>> statuses() {
      return statuses;
    }

    List<ConsumerRecord<String, Note>> notes() {
      return notes;
    }

    List<ConsumerRecord<String, Session>> sessions() {
      return sessions;
    }

    List<ConsumerRecord<byte[], byte[]>> deadLetters() {
      return deadLetters;
    }

    /** Polls until {@code condition} holds, failing with {@code what} after the timeout. */
    void awaitUntil(String what, BooleanSupplier condition) {
      Instant deadline = Instant.now().plus(TIMEOUT);
      while (!condition.getAsBoolean()) {
        app.checkHealthy();
        if (Instant.now().isAfter(deadline)) {
          fail(
              "no %s within %s (read %d statuses, %d notes, %d sessions, %d dead letters)",
              what, TIMEOUT, statuses.size(), notes.size(), sessions.size(), deadLetters.size());
        }
        poll();
      }
    }

    /** Polls until nothing new arrives for {@link #QUIET}, so late duplicates would be seen. */
    void pollUntilQuiet() {
      Instant deadline = Instant.now().plus(TIMEOUT);
      Instant quietSince = Instant.now();
      while (Instant.now().isBefore(quietSince.plus(QUIET))) {
        assertThat(Instant.now()).as("outputs quiet in time").isBefore(deadline);
        if (poll() > 0) {
          quietSince = Instant.now();
        }
      }
      app.checkHealthy();
    }

    private int poll() {
      int count = 0;
      for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
        count++;
        switch (record.topic()) {
          case "wa.status" -> statuses.add(decode(Topics.STATUS, record));
          case "wa.notes" -> notes.add(decode(Topics.NOTES, record));
          case "wa.sessions" -> sessions.add(decode(Topics.SESSIONS, record));
          default -> deadLetters.add(record);
        }
      }
      return count;
    }

    private static <V> ConsumerRecord<String, V> decode(
        Topic<String, V> topic, ConsumerRecord<byte[], byte[]> record) {
      String key = topic.keySerde().deserializer().deserialize(record.topic(), record.key());
      V value = topic.valueSerde().deserializer().deserialize(record.topic(), record.value());
      return new ConsumerRecord<>(record.topic(), record.partition(), record.offset(), key, value);
    }

    @Override
    public void close() {
      consumer.close();
    }
  }
}
