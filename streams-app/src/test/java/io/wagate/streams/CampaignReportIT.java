package io.wagate.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.wagate.kafka.KafkaFixture;
import io.wagate.schemas.Json;
import io.wagate.schemas.Topic;
import io.wagate.schemas.Topics;
import io.wagate.schemas.config.Environment;
import io.wagate.schemas.events.BusinessNumberConfig;
import io.wagate.schemas.events.CampaignReport;
import io.wagate.schemas.events.Category;
import io.wagate.schemas.events.ConsentEvent;
import io.wagate.schemas.events.ConsentStatus;
import io.wagate.schemas.events.InboundMessage;
import io.wagate.schemas.events.Kind;
import io.wagate.schemas.events.LifecycleState;
import io.wagate.schemas.events.OutboundMessage;
import io.wagate.schemas.events.Person;
import io.wagate.schemas.events.Provider;
import io.wagate.schemas.events.RequestStatus;
import io.wagate.schemas.events.SendRequest;
import io.wagate.schemas.events.Session;
import io.wagate.schemas.events.StatusCallback;
import io.wagate.schemas.events.TemplateContent;
import io.wagate.schemas.events.TemplateRef;
import io.wagate.schemas.events.TextContent;
import io.wagate.streams.app.ServiceSettings;
import io.wagate.streams.app.WagateStreamsApp;
import io.wagate.streams.config.WagateConfig;
import io.wagate.streams.topics.ContractTopics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A campaign of 5,000 requests on a real broker, exactly once: the streams app decides them,
 * statuses come back shuffled and many twice, half of them before a restart of the app and half
 * after, some requests are retried, contacts opt out; the campaign's report (from the query API and
 * on {@code wa.reports.campaigns}), the day reports and a contact's counts equal what the test
 * computes from its own inputs and the contract's rules.
 */
class CampaignReportIT {

  private static final Logger LOGGER = LoggerFactory.getLogger(CampaignReportIT.class);

  private static final Duration TIMEOUT = Duration.ofSeconds(120);
  private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
  // A Utrecht landline no other test uses: every conversation this test touches is new.
  private static final String BUSINESS =
      "+3130" + (2_000_000 + ThreadLocalRandom.current().nextInt(7_000_000));
  private static final String CAMPAIGN = "cmp-it-" + RUN;
  private static final String AGENT = "u-it-" + RUN;
  private static final Person PERSON = new Person("p-it", "Fictitious", "Member");
  private static final int CONTACTS = 1_000;
  private static final int REQUESTS_PER_CONTACT = 5;
  private static final int PARTITIONS = 3;
  private static final List<String> FAILURE_CODES = List.of("63005", "63021", "63032");

  @TempDir static Path stateDir;

  private static Admin admin;
  private static KafkaProducer<String, byte[]> producer;
  private static Watch watch;
  private static WagateStreamsApp app;
  private static Environment environment;

  private final HttpClient http = HttpClient.newHttpClient();
  private final Random random = new Random(RUN.hashCode());

  @BeforeAll
  static void startApp() throws Exception {
    String bootstrapServers = KafkaFixture.bootstrapServers();
    admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    // Fresh topics of PARTITIONS each, whatever partition counts an earlier test of this JVM left.
    ContractTopics.recreate(admin, PARTITIONS, Duration.ofSeconds(60));
    producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.LINGER_MS_CONFIG,
                5),
            new StringSerializer(),
            new ByteArraySerializer());
    watch = new Watch(bootstrapServers);
    environment =
        Environment.of(
            Map.of(
                "KAFKA_BOOTSTRAP_SERVERS",
                bootstrapServers,
                "KAFKA_APPLICATION_ID",
                "wagate-report-it-" + RUN,
                "KAFKA_STATE_DIR",
                stateDir.toString(),
                "KAFKA_COMMIT_INTERVAL_MS",
                "200",
                "WAGATE_HTTP_HOST",
                "127.0.0.1",
                "WAGATE_HTTP_PORT",
                "0",
                "WAGATE_ADVERTISED_HOST",
                "127.0.0.1",
                // Retries are due a few seconds after a failure, and reports are written once per
                // punctuation: check the clock every second.
                "WAGATE_PUNCTUATION_INTERVAL",
                "PT1S",
                // Static membership, as a StatefulSet runs it: the restarted instance takes its
                // tasks back at once instead of after the old member's session timeout.
                "KAFKA_GROUP_INSTANCE_ID",
                "report-it-" + RUN));
    app = startedApp();
  }

  @AfterAll
  static void stopApp() {
    if (app != null) {
      app.close();
    }
    if (watch != null) {
      watch.close();
    }
    if (producer != null) {
      producer.close();
    }
    if (admin != null) {
      admin.close();
    }
  }

  @Test
  void shouldReportTheCampaignExactlyAsItsInputsSayAcrossARestart() throws Exception {
    long started = System.nanoTime();
    // Given a number with an opt-in template and 1,000 contacts in ten groups
    List<String> contacts = new ArrayList<>();
    int base = 10_000_000 + ThreadLocalRandom.current().nextInt(80_000_000);
    for (int i = 0; i < CONTACTS; i++) {
      contacts.add("+316" + String.format("%08d", base + i));
    }
    Instant now = Instant.now();
    send(
        Topics.BUSINESS_NUMBERS,
        BUSINESS,
        new BusinessNumberConfig(
            BUSINESS, true, new TemplateRef("optin_request", "en_US"), null, null));
    Set<String> announced = new HashSet<>();
    int inbound = 0;
    for (int i = 0; i < CONTACTS; i++) {
      String contact = contacts.get(i);
      int group = group(i);
      if (group <= 5 || group == 6) {
        // 0-5 consented to everything in the CRM, 6 opted out of everything
        send(
            Topics.CONSENT,
            key(contact),
            new ConsentEvent(
                BUSINESS,
                contact,
                null,
                group == 6 ? ConsentStatus.OPTED_OUT : ConsentStatus.OPTED_IN,
                null,
                "signup-form",
                now.minusSeconds(3_600),
                null));
        announced.add(key(contact));
      } else if (group == 9) {
        // 9 wrote in: their window is open
        send(Topics.INBOUND, key(contact), inbound(contact, "wamid.hi-" + i, "Hi", now));
        announced.add(key(contact));
        inbound++;
      }
    }
    producer.flush();
    watch.awaitUntil(
        "a session for each of " + announced.size() + " contacts",
        () -> watch.sessionKeys.containsAll(announced));
    long setUp = System.nanoTime();

    // When 5,000 campaign requests come (5% of them twice)
    Map<String, Integer> groupOf = new TreeMap<>();
    Map<String, String> contactOf = new HashMap<>();
    List<SendRequest> requests = new ArrayList<>();
    for (int i = 0; i < CONTACTS; i++) {
      for (int n = 0; n < REQUESTS_PER_CONTACT; n++) {
        String requestId = "it-" + RUN + "-" + i + "-" + n;
        int group = group(i);
        groupOf.put(requestId, group);
        contactOf.put(requestId, contacts.get(i));
        requests.add(request(requestId, group, contacts.get(i), n));
      }
    }
    for (SendRequest request : requests) {
      send(Topics.SEND_REQUESTS, request.requestId(), request);
      if (random.nextInt(20) == 0) {
        send(Topics.SEND_REQUESTS, request.requestId(), request);
      }
    }
    producer.flush();
    watch.awaitUntil(
        "an outcome (or parking) for each of " + requests.size() + " requests",
        () -> watch.firstStates.keySet().containsAll(groupOf.keySet()));
    long decided = System.nanoTime();

    // And the provider's statuses come shuffled, many twice, half before a restart of the app
    Expected expected = new Expected(groupOf);
    List<String> retried = new ArrayList<>();
    List<ProducerRecord<String, byte[]>> callbacks = new ArrayList<>();
    for (Map.Entry<String, Integer> entry : groupOf.entrySet()) {
      String requestId = entry.getKey();
      if (!Expected.routed(entry.getValue())) {
        continue;
      }
      String contact = contactOf.get(requestId);
      if (retried.size() < 100 && entry.getValue() == 0 && requestId.endsWith("-0")) {
        retried.add(requestId);
        continue;
      }
      for (String status : expected.outcome(requestId, random)) {
        ProducerRecord<String, byte[]> record =
            callback(requestId, contact, status, expected.codeOf(requestId), now);
        callbacks.add(record);
        if (random.nextBoolean()) {
          callbacks.add(record);
        }
      }
    }
    Collections.shuffle(callbacks, random);
    int half = callbacks.size() / 2;
    callbacks.subList(0, half).forEach(producer::send);
    for (String requestId : retried) {
      // A retryable failure (the pair rate limit) whose retry is due at once
      producer.send(
          callback(requestId, contactOf.get(requestId), "failed", "131056", now.minusSeconds(60)));
    }
    producer.flush();
    app.close();
    app = startedApp();
    long restarted = System.nanoTime();
    callbacks.subList(half, callbacks.size()).forEach(producer::send);
    producer.flush();
    watch.awaitUntil(
        "the second attempt of each of " + retried.size() + " retried requests",
        () -> watch.secondAttempts.containsAll(retried));
    for (String requestId : retried) {
      for (int i = 0; i < 2; i++) {
        producer.send(
            callback(requestId, contactOf.get(requestId), "delivered", null, Instant.now()));
      }
      expected.delivered(requestId);
    }
    // And contacts of groups 1 and 2 opt out after the campaign's messages
    int optOuts = 0;
    for (int i = 0; i < CONTACTS; i++) {
      int group = group(i);
      if (group == 1 || group == 2) {
        String text = group == 1 ? "STOP" : "STOP PROMOTIONS";
        send(
            Topics.INBOUND,
            key(contacts.get(i)),
            inbound(contacts.get(i), "wamid.stop-" + i, text, Instant.now()));
        inbound++;
        optOuts++;
      }
    }
    producer.flush();

    // Then the campaign's report is what the inputs say
    CampaignReport want = expected.report(optOuts / 2);
    CampaignReport report = awaitCampaign(want);
    long reported = System.nanoTime();
    assertThat(report)
        .usingRecursiveComparison()
        .ignoringFields("updatedAt", "firstSendAt", "lastSendAt")
        .isEqualTo(want);
    assertThat(report.firstSendAt()).isNotNull();
    assertThat(report.lastSendAt()).isAfterOrEqualTo(report.firstSendAt());
    watch.awaitUntil(
        "the same report on wa.reports.campaigns", () -> report.equals(watch.campaign(CAMPAIGN)));

    // And the day reports: the agent's messages and replies, the number's messages both ways
    long routed = want.routed();
    long optInRequests = CONTACTS / 10;
    long replies = want.optOuts();
    awaitJson(
        dayPath("/v1/agents/" + AGENT),
        body -> body.path("sent").asLong() == routed && body.path("received").asLong() == replies,
        "the agent's " + routed + " messages and " + replies + " replies");
    long numberSent = routed + optInRequests + replies;
    int received = inbound;
    awaitJson(
        dayPath("/v1/activity/" + BUSINESS.replace("+", "%2B")),
        body ->
            body.path("sent").asLong() == numberSent && body.path("received").asLong() == received,
        "the number's " + numberSent + " messages sent and " + received + " received");
    // And a contact who stopped: five campaign messages and the confirmation, one message back
    String stopped = contacts.get(1);
    awaitJson(
        "/v1/conversations/"
            + BUSINESS.replace("+", "%2B")
            + "/"
            + stopped.replace("+", "%2B")
            + "/counts",
        body -> body.path("sent").asLong() == 6 && body.path("received").asLong() == 1,
        "6 messages sent and 1 received in one conversation");

    LOGGER.info(
        "Campaign report IT: {} requests, {} callbacks ({} before the restart), {} retried, {}"
            + " opt-outs; set-up {} s, decided {} s, restarted {} s, reported {} s after the start",
        requests.size(),
        callbacks.size(),
        half,
        retried.size(),
        optOuts,
        seconds(started, setUp),
        seconds(started, decided),
        seconds(started, restarted),
        seconds(started, reported));
  }

  // ---------------------------------------------------------------- the plan

  /**
   * What each contact's requests become: 0-5 consented (templates, routed), 6 opted out (rejected
   * OPTED_OUT), 7 no consent (parked for opt-in), 8 texts outside the window (the first to an
   * invalid number, rejected INVALID_PHONE, the others OUTSIDE_WINDOW), 9 wrote in (texts, routed).
   */
  private static int group(int contactIndex) {
    return contactIndex % 10;
  }

  private static SendRequest request(String requestId, int group, String contact, int n) {
    boolean text = group >= 8;
    String to = group == 8 && n == 0 ? "12" : contact;
    return new SendRequest(
        requestId,
        BUSINESS,
        to,
        null,
        text ? Kind.TEXT : Kind.TEMPLATE,
        text
            ? null
            : new TemplateContent(
                "spring_offer", "en_US", Category.MARKETING, List.of("Fictitious")),
        text ? new TextContent("Our spring offer is on", false) : null,
        PERSON,
        AGENT,
        CAMPAIGN,
        false,
        Instant.now());
  }

  /** What the report must say, computed from the plan and the statuses the test sends. */
  private static final class Expected {
    private final Map<String, Integer> groupOf;
    private final Map<String, Set<String>> statuses = new HashMap<>();
    private final Map<String, String> codes = new HashMap<>();

    Expected(Map<String, Integer> groupOf) {
      this.groupOf = groupOf;
    }

    static boolean routed(int group) {
      return group <= 5 || group == 9;
    }

    /**
     * The statuses the provider reports for a routed request. Without a failure the furthest one is
     * the request's state whatever their order; a failure comes alone, as a failure after a
     * delivery would be ignored only when it arrived later.
     */
    List<String> outcome(String requestId, Random random) {
      List<List<String>> outcomes =
          List.of(
              List.of("sent", "delivered", "read"),
              List.of("read"),
              List.of("sent", "delivered"),
              List.of("delivered", "read"),
              List.of("sent"),
              List.of("failed"),
              List.of());
      List<String> outcome = outcomes.get(random.nextInt(outcomes.size()));
      statuses.put(requestId, Set.copyOf(outcome));
      if (outcome.contains("failed")) {
        codes.put(requestId, FAILURE_CODES.get(random.nextInt(FAILURE_CODES.size())));
      }
      return outcome;
    }

    @Nullable String codeOf(String requestId) {
      return codes.get(requestId);
    }

    void delivered(String requestId) {
      statuses.put(requestId, Set.of("delivered"));
    }

    CampaignReport report(long marketingOptOuts) {
      long requests = groupOf.size();
      long routed = groupOf.values().stream().filter(Expected::routed).count();
      long awaiting = groupOf.values().stream().filter(group -> group == 7).count();
      long optedOut = groupOf.values().stream().filter(group -> group == 6).count();
      long invalid = groupOf.values().stream().filter(group -> group == 8).count() / 5;
      long outsideWindow = groupOf.values().stream().filter(group -> group == 8).count() - invalid;
      long sent = 0;
      long delivered = 0;
      long read = 0;
      Map<String, Long> failedByCode = new TreeMap<>();
      for (Map.Entry<String, Set<String>> entry : statuses.entrySet()) {
        Set<String> said = entry.getValue();
        if (said.contains("failed")) {
          failedByCode.merge(codes.get(entry.getKey()), 1L, Long::sum);
          continue;
        }
        sent += said.isEmpty() ? 0 : 1;
        delivered += said.contains("delivered") || said.contains("read") ? 1 : 0;
        read += said.contains("read") ? 1 : 0;
      }
      long failed = failedByCode.values().stream().mapToLong(Long::longValue).sum();
      return new CampaignReport(
          CAMPAIGN,
          requests,
          routed,
          awaiting,
          optedOut + invalid + outsideWindow,
          Map.of("OPTED_OUT", optedOut, "INVALID_PHONE", invalid, "OUTSIDE_WINDOW", outsideWindow),
          0,
          sent,
          delivered,
          read,
          failed,
          failedByCode,
          marketingOptOuts * 2,
          marketingOptOuts,
          null,
          null,
          Instant.EPOCH);
    }
  }

  // ---------------------------------------------------------------- reading and writing

  private static WagateStreamsApp startedApp() throws InterruptedException {
    WagateStreamsApp started =
        new WagateStreamsApp(WagateConfig.from(environment), ServiceSettings.from(environment));
    started.start();
    if (!started.awaitRunning(TIMEOUT)) {
      started.close();
      fail("the streams app did not run within %s", TIMEOUT);
    }
    return started;
  }

  private CampaignReport awaitCampaign(CampaignReport want) throws Exception {
    Instant deadline = Instant.now().plus(TIMEOUT);
    CampaignReport last = null;
    while (Instant.now().isBefore(deadline)) {
      HttpResponse<byte[]> response = get("/v1/campaigns/" + CAMPAIGN);
      if (response.statusCode() == 200) {
        last =
            Topics.REPORTS_CAMPAIGNS
                .valueSerde()
                .deserializer()
                .deserialize(Topics.REPORTS_CAMPAIGNS.name(), response.body());
        if (withoutTimes(last).equals(withoutTimes(want))) {
          return last;
        }
      }
      watch.poll();
    }
    if (last == null) {
      fail("no report of the campaign within %s", TIMEOUT);
    }
    // Compared field by field by the caller, which says what differs.
    return last;
  }

  private void awaitJson(String path, java.util.function.Predicate<JsonNode> done, String what)
      throws Exception {
    Instant deadline = Instant.now().plus(TIMEOUT);
    JsonNode last = null;
    while (Instant.now().isBefore(deadline)) {
      HttpResponse<byte[]> response = get(path);
      if (response.statusCode() == 200) {
        last = Json.MAPPER.readTree(response.body());
        if (done.test(last)) {
          return;
        }
      }
      watch.poll();
    }
    fail("%s not reported within %s; last answer %s", what, TIMEOUT, last);
  }

  private HttpResponse<byte[]> get(String path) throws Exception {
    URI uri = URI.create("http://127.0.0.1:" + app.httpPort() + path);
    return http.send(
        HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  /** The day reports from yesterday to tomorrow (UTC), so a run across midnight adds up too. */
  private static String dayPath(String prefix) {
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    return prefix + "?from=" + today.minusDays(1) + "&to=" + today.plusDays(1);
  }

  private static CampaignReport withoutTimes(CampaignReport report) {
    return new CampaignReport(
        report.campaignId(),
        report.requests(),
        report.routed(),
        report.awaitingOptIn(),
        report.rejected(),
        report.rejectedByReason(),
        report.expired(),
        report.sent(),
        report.delivered(),
        report.read(),
        report.failed(),
        report.failedByCode(),
        report.optOuts(),
        report.marketingOptOuts(),
        null,
        null,
        Instant.EPOCH);
  }

  private static String key(String contact) {
    return BUSINESS + "|" + contact;
  }

  private static InboundMessage inbound(String contact, String id, String text, Instant at) {
    return new InboundMessage(
        Provider.META, id + "-" + RUN, BUSINESS, contact, "Member", "text", text, null, at);
  }

  private static ProducerRecord<String, byte[]> callback(
      String requestId, String contact, String status, @Nullable String code, Instant at) {
    StatusCallback callback =
        new StatusCallback(
            Provider.TWILIO,
            "SM" + requestId + "-" + status,
            requestId,
            BUSINESS,
            contact,
            status,
            code,
            "",
            at,
            null);
    return new ProducerRecord<>(
        Topics.STATUS_CALLBACKS.name(),
        key(contact),
        Topics.STATUS_CALLBACKS.valueSerde().serializer().serialize("", callback));
  }

  private static <V> void send(Topic<String, V> topic, String key, V value) {
    producer.send(
        new ProducerRecord<>(
            topic.name(), key, topic.valueSerde().serializer().serialize(topic.name(), value)));
  }

  private static double seconds(long from, long to) {
    return Math.round((to - from) / 100_000_000.0) / 10.0;
  }

  /**
   * wagate's outputs this test waits for, read committed from the offsets they had when it began.
   */
  private static final class Watch implements AutoCloseable {
    private final KafkaConsumer<String, byte[]> consumer;
    final Set<String> sessionKeys = new HashSet<>();
    final Map<String, LifecycleState> firstStates = new HashMap<>();
    final Set<String> secondAttempts = new HashSet<>();
    private final Map<String, CampaignReport> campaigns = new HashMap<>();

    Watch(String bootstrapServers) {
      consumer =
          new KafkaConsumer<>(
              Map.of(
                  ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                  bootstrapServers,
                  ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                  "read_committed",
                  ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                  false),
              new StringDeserializer(),
              new ByteArrayDeserializer());
      List<TopicPartition> partitions = new ArrayList<>();
      for (Topic<?, ?> topic :
          List.of(
              Topics.SESSIONS,
              Topics.STATUS,
              Topics.SEND_TEMPLATE,
              Topics.SEND_FREEFORM,
              Topics.REPORTS_CAMPAIGNS)) {
        consumer
            .partitionsFor(topic.name(), TIMEOUT)
            .forEach(
                info -> {
                  partitions.add(new TopicPartition(info.topic(), info.partition()));
                });
      }
      consumer.assign(partitions);
      consumer.endOffsets(partitions, TIMEOUT).forEach(consumer::seek);
    }

    void awaitUntil(String what, BooleanSupplier condition) {
      Instant deadline = Instant.now().plus(TIMEOUT);
      while (!condition.getAsBoolean()) {
        if (Instant.now().isAfter(deadline)) {
          fail("no %s within %s", what, TIMEOUT);
        }
        poll();
      }
    }

    void poll() {
      for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
        String topic = record.topic();
        if (topic.equals(Topics.SESSIONS.name()) && record.value() != null) {
          Session session = decode(Topics.SESSIONS, record.value());
          sessionKeys.add(session.businessNumber() + "|" + session.contact());
        } else if (topic.equals(Topics.STATUS.name())) {
          RequestStatus status = decode(Topics.STATUS, record.value());
          firstStates.putIfAbsent(status.requestId(), status.state());
        } else if (topic.equals(Topics.REPORTS_CAMPAIGNS.name())) {
          campaigns.put(
              record.key(),
              record.value() == null ? null : decode(Topics.REPORTS_CAMPAIGNS, record.value()));
        } else {
          OutboundMessage message = decode(Topics.SEND_TEMPLATE, record.value());
          if (message.attempt() == 2) {
            secondAttempts.add(message.requestId());
          }
        }
      }
    }

    /** The campaign's latest record on {@code wa.reports.campaigns} read so far. */
    @Nullable CampaignReport campaign(String campaignId) {
      return campaigns.get(campaignId);
    }

    private static <V> V decode(Topic<String, V> topic, byte[] value) {
      return topic.valueSerde().deserializer().deserialize(topic.name(), value);
    }

    @Override
    public void close() {
      consumer.close();
    }
  }
}
