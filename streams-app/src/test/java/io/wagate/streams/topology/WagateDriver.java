package io.wagate.streams.topology;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.wagate.schemas.Topic;
import io.wagate.schemas.Topics;
import io.wagate.schemas.config.Environment;
import io.wagate.schemas.events.AccountEvent;
import io.wagate.schemas.events.BusinessNumberConfig;
import io.wagate.schemas.events.Category;
import io.wagate.schemas.events.ConsentEvent;
import io.wagate.schemas.events.ConsentStatus;
import io.wagate.schemas.events.ErrorCatalogEntry;
import io.wagate.schemas.events.InboundMessage;
import io.wagate.schemas.events.Kind;
import io.wagate.schemas.events.Note;
import io.wagate.schemas.events.NumberState;
import io.wagate.schemas.events.OutboundMessage;
import io.wagate.schemas.events.Person;
import io.wagate.schemas.events.Portfolio;
import io.wagate.schemas.events.Provider;
import io.wagate.schemas.events.RequestStatus;
import io.wagate.schemas.events.SendRequest;
import io.wagate.schemas.events.Session;
import io.wagate.schemas.events.StatusCallback;
import io.wagate.schemas.events.TemplateContent;
import io.wagate.schemas.events.TemplateDefinition;
import io.wagate.schemas.events.TemplateRef;
import io.wagate.schemas.events.TextContent;
import io.wagate.streams.config.WagateConfig;
import io.wagate.streams.processor.ConversationMetrics;
import io.wagate.streams.processor.ProcessingHook;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/**
 * A {@link TopologyTestDriver} around wagate's topology, with the contract's topics and a few words
 * for the events tests need. Both clocks start at {@link #START}: record time moves with each
 * event's timestamp, wall-clock time with {@link #advanceWallClock}.
 */
final class WagateDriver implements AutoCloseable {

  static final Instant START = Instant.parse("2026-11-22T09:00:00Z");
  static final String BUSINESS = "+31201234567";
  static final String CONTACT = "+31612345678";
  static final String KEY = BUSINESS + "|" + CONTACT;
  static final Person ANNA = new Person("p-1", "Anna", "Jansen");

  final TopologyTestDriver driver;
  final TestInputTopic<String, SendRequest> requests;
  final TestInputTopic<String, ConsentEvent> consent;
  final TestInputTopic<String, InboundMessage> inbound;
  final TestInputTopic<String, StatusCallback> callbacks;
  final TestInputTopic<String, TemplateDefinition> templates;
  final TestInputTopic<String, BusinessNumberConfig> numbers;
  final TestInputTopic<String, ErrorCatalogEntry> catalog;
  final TestInputTopic<String, AccountEvent> accountEvents;
  final TestInputTopic<String, Portfolio> portfolios;
  final TestInputTopic<byte[], byte[]> rawRequests;
  final TestOutputTopic<String, RequestStatus> status;
  final TestOutputTopic<String, Note> notes;
  final TestOutputTopic<String, Session> sessions;
  final TestOutputTopic<String, OutboundMessage> template;
  final TestOutputTopic<String, OutboundMessage> freeform;
  final TestOutputTopic<String, OutboundMessage> smsFallback;
  final TestOutputTopic<String, NumberState> numberStates;
  final TestOutputTopic<String, io.wagate.schemas.events.TemplateState> templateStates;
  final TestOutputTopic<byte[], byte[]> dlq;
  final WagateConfig config;

  /** wagate's own metrics of this topology. */
  final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  private final Path stateDir;
  private int messages;
  private Instant wallClock = START;

  WagateDriver() {
    this(Map.of());
  }

  WagateDriver(Map<String, String> env) {
    this(env, 1, ProcessingHook.NONE);
  }

  /**
   * A driver whose topology believes its conversation topics have {@code partitions} partitions.
   * The test driver puts every record on partition 0, so with more than one, every record whose key
   * belongs elsewhere takes its repartition topic, as a record written by another partitioner
   * would.
   */
  WagateDriver(Map<String, String> env, int partitions, ProcessingHook hook) {
    try {
      stateDir = Files.createTempDirectory("wagate-ttd");
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
    Map<String, String> variables = new HashMap<>(env);
    variables.put("KAFKA_BOOTSTRAP_SERVERS", "unused:9092");
    variables.put("KAFKA_STATE_DIR", stateDir.toString());
    // The rule tests decide; the reports' sub-topologies would only slow each piped record down.
    // The report tests, and the tests that check the reports leave decisions alone, turn them on.
    variables.putIfAbsent("WAGATE_REPORTS", "false");
    config = WagateConfig.from(Environment.of(variables)).withPartitions(partitions);
    Properties props = config.kafka();
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE);
    driver =
        new TopologyTestDriver(
            WagateTopology.build(config, new ConversationMetrics(registry), hook), props, START);
    requests = input(Topics.SEND_REQUESTS);
    consent = input(Topics.CONSENT);
    inbound = input(Topics.INBOUND);
    callbacks = input(Topics.STATUS_CALLBACKS);
    templates = input(Topics.TEMPLATES);
    numbers = input(Topics.BUSINESS_NUMBERS);
    catalog = input(Topics.ERROR_CATALOG);
    accountEvents = input(Topics.ACCOUNT_EVENTS);
    portfolios = input(Topics.PORTFOLIOS);
    rawRequests =
        driver.createInputTopic(
            Topics.SEND_REQUESTS.name(),
            Serdes.ByteArray().serializer(),
            Serdes.ByteArray().serializer());
    status = output(Topics.STATUS);
    notes = output(Topics.NOTES);
    sessions = output(Topics.SESSIONS);
    template = output(Topics.SEND_TEMPLATE);
    freeform = output(Topics.SEND_FREEFORM);
    smsFallback = output(Topics.SEND_SMS_FALLBACK);
    numberStates = output(Topics.NUMBER_STATE);
    templateStates = output(Topics.TEMPLATE_STATE);
    dlq =
        driver.createOutputTopic(
            Topics.DLQ.name(),
            Serdes.ByteArray().deserializer(),
            Serdes.ByteArray().deserializer());
  }

  private <V> TestInputTopic<String, V> input(Topic<String, V> topic) {
    return driver.createInputTopic(
        topic.name(), topic.keySerde().serializer(), topic.valueSerde().serializer());
  }

  private <V> TestOutputTopic<String, V> output(Topic<String, V> topic) {
    return driver.createOutputTopic(
        topic.name(), topic.keySerde().deserializer(), topic.valueSerde().deserializer());
  }

  // ------------------------------------------------------------ requests

  static SendRequest text(String requestId, String body) {
    return new SendRequest(
        requestId,
        BUSINESS,
        CONTACT,
        null,
        Kind.TEXT,
        null,
        new TextContent(body, false),
        ANNA,
        "u-7",
        null,
        false,
        START);
  }

  static SendRequest template(String requestId, Category category, String... parameters) {
    return new SendRequest(
        requestId,
        BUSINESS,
        CONTACT,
        null,
        Kind.TEMPLATE,
        new TemplateContent("appointment_confirmation", "en_US", category, List.of(parameters)),
        null,
        ANNA,
        "u-7",
        null,
        false,
        START);
  }

  void send(SendRequest request, Instant at) {
    requests.pipeInput(request.requestId(), request, at);
  }

  // ------------------------------------------------------------ inbound, consent, statuses

  void userWrites(String text, Instant at) {
    userWrites(text, null, at);
  }

  void userWrites(String text, String buttonPayload, Instant at) {
    String id = "wamid." + (++messages);
    inbound.pipeInput(
        KEY,
        new InboundMessage(
            Provider.META,
            id,
            BUSINESS,
            CONTACT,
            "Anna",
            buttonPayload == null ? "text" : "button",
            text,
            buttonPayload,
            at,
            null,
            null),
        at);
  }

  void inboundMessage(InboundMessage message) {
    inbound.pipeInput(KEY, message, message.occurredAt());
  }

  void preference(String value, Instant at) {
    inbound.pipeInput(
        KEY,
        new InboundMessage(
            Provider.META,
            "pref." + (++messages),
            BUSINESS,
            CONTACT,
            null,
            "user_preferences",
            value,
            null,
            at,
            null,
            null),
        at);
  }

  void consents(ConsentStatus status, List<Category> categories, Instant at) {
    consent.pipeInput(
        "crm-key",
        new ConsentEvent(BUSINESS, "06 12345678", "NL", status, categories, "booking-form", at),
        at);
  }

  void providerSays(String requestId, String status, String errorCode, Instant at) {
    providerSays(requestId, "SM" + requestId + "-" + status, status, errorCode, at);
  }

  void providerSays(
      String requestId, String messageId, String status, String errorCode, Instant at) {
    callbacks.pipeInput(
        KEY,
        new StatusCallback(
            Provider.TWILIO,
            messageId,
            requestId,
            BUSINESS,
            CONTACT,
            status,
            errorCode,
            "",
            at,
            null),
        at);
  }

  // ------------------------------------------------------------ reference data

  void registerTemplate(String name, Category category, String status, int params, String body) {
    templates.pipeInput(
        TemplateDefinition.key(name, "en_US"),
        new TemplateDefinition(
            name,
            "en_US",
            category,
            io.wagate.schemas.events.TemplateStatus.valueOf(status),
            params,
            body),
        START);
  }

  void registerTemplateNow(String name, Category category, String status, int params, String body) {
    templates.pipeInput(
        TemplateDefinition.key(name, "en_US"),
        new TemplateDefinition(
            name,
            "en_US",
            category,
            io.wagate.schemas.events.TemplateStatus.valueOf(status),
            params,
            body));
  }

  void configureNumber(boolean enabled, boolean withOptInTemplate, String autoReply) {
    numbers.pipeInput(
        BUSINESS,
        new BusinessNumberConfig(
            BUSINESS,
            enabled,
            withOptInTemplate ? new TemplateRef("optin_request", "en_US") : null,
            autoReply,
            null));
  }

  /** A business number of portfolio {@code portfolioId}, in account {@code wabaId}. */
  void configureNumber(
      String businessNumber, boolean withOptInTemplate, String portfolioId, String wabaId) {
    numbers.pipeInput(
        businessNumber,
        new BusinessNumberConfig(
            businessNumber,
            true,
            withOptInTemplate ? new TemplateRef("optin_request", "en_US") : null,
            null,
            null,
            null,
            portfolioId,
            wabaId),
        START);
  }

  /** The operator's messaging limit of {@code portfolioId}. */
  void limit(String portfolioId, int limit) {
    portfolios.pipeInput(portfolioId, new Portfolio(portfolioId, limit, null), START);
  }

  /** An account-level webhook as the ingress writes it. */
  void accountEvent(
      String field,
      String businessNumber,
      String wabaId,
      String event,
      Integer messagingLimit,
      String templateName,
      String category,
      String reason,
      com.fasterxml.jackson.databind.JsonNode value,
      Instant at) {
    AccountEvent record =
        new AccountEvent(
            Provider.META,
            field,
            wabaId,
            businessNumber,
            event,
            templateName == null ? null : "tpl-" + templateName,
            templateName,
            templateName == null ? null : "en_US",
            category,
            null,
            null,
            messagingLimit,
            reason,
            at,
            value == null ? io.wagate.schemas.Json.MAPPER.createObjectNode() : value);
    accountEvents.pipeInput(record.key(), record, at);
  }

  /** A template request of {@code category} from {@code businessNumber} to {@code contact}. */
  void sendTemplate(
      String requestId, String businessNumber, String contact, Category category, Instant at) {
    requests.pipeInput(
        requestId,
        new SendRequest(
            requestId,
            businessNumber,
            contact,
            null,
            Kind.TEMPLATE,
            new TemplateContent("reminder", "en_US", category, List.of("Anna")),
            null,
            ANNA,
            null,
            null,
            null,
            at),
        at);
  }

  /** A CRM opt-in of {@code contact} to everything from {@code businessNumber}. */
  void optedIn(String businessNumber, String contact, Instant at) {
    consent.pipeInput(
        businessNumber + "|" + contact,
        new ConsentEvent(businessNumber, contact, null, ConsentStatus.OPTED_IN, null, "crm", at),
        at);
  }

  /** A message of {@code contact} to {@code businessNumber}. */
  void contactWrites(String businessNumber, String contact, String text, Instant at) {
    inbound.pipeInput(
        businessNumber + "|" + contact,
        new InboundMessage(
            Provider.META,
            "wamid.x" + (++messages),
            businessNumber,
            contact,
            null,
            "text",
            text,
            null,
            at),
        at);
  }

  // ------------------------------------------------------------ clocks and reading

  void advanceWallClock(Duration duration) {
    wallClock = wallClock.plus(duration);
    driver.advanceWallClockTime(duration);
  }

  /** The driver's wall clock now: {@link #START} plus every advance. */
  Instant wallClock() {
    return wallClock;
  }

  List<RequestStatus> statuses() {
    return status.readValuesToList();
  }

  @Override
  public void close() {
    driver.close();
    try (var files = Files.walk(stateDir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static Instant at(Duration sinceStart) {
    return START.plus(sinceStart);
  }

  static Duration minutes(long minutes) {
    return Duration.ofMinutes(minutes);
  }

  static Duration hours(long hours) {
    return Duration.ofHours(hours);
  }

  static ConsentStatus optedIn() {
    return ConsentStatus.OPTED_IN;
  }
}
