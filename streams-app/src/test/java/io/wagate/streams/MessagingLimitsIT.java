package io.wagate.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.wagate.kafka.KafkaFixture;
import io.wagate.schemas.Topic;
import io.wagate.schemas.Topics;
import io.wagate.schemas.config.Environment;
import io.wagate.schemas.events.BusinessNumberConfig;
import io.wagate.schemas.events.Category;
import io.wagate.schemas.events.ConsentEvent;
import io.wagate.schemas.events.ConsentStatus;
import io.wagate.schemas.events.Kind;
import io.wagate.schemas.events.LifecycleState;
import io.wagate.schemas.events.Person;
import io.wagate.schemas.events.Portfolio;
import io.wagate.schemas.events.RequestStatus;
import io.wagate.schemas.events.SendRequest;
import io.wagate.schemas.events.TemplateContent;
import io.wagate.streams.app.TopicCheck;
import io.wagate.streams.config.WagateConfig;
import io.wagate.streams.processor.ConversationMetrics;
import io.wagate.streams.topics.ContractTopics;
import io.wagate.streams.topology.Partitioning;
import io.wagate.streams.topology.WagateTopology;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
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
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issue 13, "What it must show" 2: the messaging limit counted exactly on a real broker by two
 * instances of the app, for several portfolios whose conversations lie on every partition, across a
 * restart of one instance in the middle of the load; then an operator raises one portfolio's limit
 * on {@code wa.portfolios} and its held requests go, in order.
 *
 * <p>Every portfolio's requests meet in one task of the {@code portfolio-processor} (through the
 * {@code admissions-by-portfolio} repartition topic), whichever instance owns their conversations;
 * this test checks from {@code wa.status} alone, read as consumers read it ({@code
 * read_committed}), that no portfolio reaches more contacts than its limit, that nothing held is
 * lost or routed twice, and that a held request does not overtake one held before it.
 */
class MessagingLimitsIT {

  private static final Logger LOGGER = LoggerFactory.getLogger(MessagingLimitsIT.class);

  private static final int PARTITIONS = 4;
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final Duration QUIET = Duration.ofSeconds(2);
  private static final Person ANNA = new Person("p-1", "Anna", "Jansen");
  private static final Set<LifecycleState> OUTCOMES =
      EnumSet.of(
          LifecycleState.ROUTED_TEMPLATE,
          LifecycleState.ROUTED_FREEFORM,
          LifecycleState.REJECTED,
          LifecycleState.EXPIRED);

  private final String run = UUID.randomUUID().toString().substring(0, 8);
  private final int numberBase = ThreadLocalRandom.current().nextInt(1_000_000, 8_000_000);

  @TempDir Path stateDirs;

  private Admin admin;
  private KafkaProducer<byte[], byte[]> producer;
  private StatusLog statusLog;
  private WagateConfig config;
  private final List<Instance> instances = new ArrayList<>();
  private Instant started = Instant.now();

  @BeforeEach
  void createTopicsOnFourPartitions() throws Exception {
    String bootstrapServers = KafkaFixture.bootstrapServers();
    started = Instant.now();
    admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    // Four partitions, whatever an earlier test of this JVM created.
    if (!onFourPartitions()) {
      ContractTopics.recreate(admin, PARTITIONS, TIMEOUT);
    }
    config =
        WagateConfig.from(
                Environment.of(
                    Map.of(
                        "KAFKA_BOOTSTRAP_SERVERS",
                        bootstrapServers,
                        "KAFKA_APPLICATION_ID",
                        "wagate-limits-it-" + run,
                        "KAFKA_COMMIT_INTERVAL_MS",
                        "200",
                        // Releases run on wall-clock punctuation: every second, not every five.
                        "WAGATE_PUNCTUATION_INTERVAL",
                        "PT1S")))
            .withPartitions(PARTITIONS);
    TopicCheck.ensureCommandsTopic(
        admin, WagateTopology.commandsTopic(config), PARTITIONS, TIMEOUT);
    producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                true),
            new ByteArraySerializer(),
            new ByteArraySerializer());
    statusLog = new StatusLog(bootstrapServers);
  }

  /** Whether every contract topic exists with {@link #PARTITIONS} partitions. */
  private boolean onFourPartitions() throws Exception {
    List<String> present = ContractTopics.present(admin, TIMEOUT);
    if (present.size() != ContractTopics.NAMES.size()) {
      return false;
    }
    return admin
        .describeTopics(present)
        .allTopicNames()
        .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)
        .values()
        .stream()
        .allMatch(description -> description.partitions().size() == PARTITIONS);
  }

  @AfterEach
  void stop() {
    instances.forEach(Instance::close);
    if (statusLog != null) {
      statusLog.close();
    }
    if (producer != null) {
      producer.close();
    }
    if (admin != null) {
      admin.close();
    }
  }

  @Test
  void shouldCountEachPortfolioExactlyAcrossInstancesAndARestartAndReleaseInOrderWhenRaised()
      throws Exception {
    // Given three portfolios of two numbers each, their contacts on all four partitions, opted in
    List<Load> loads =
        List.of(
            new Load(portfolio("a"), 5, 7),
            new Load(portfolio("b"), 10, 6),
            new Load(portfolio("c"), 25, 8));
    for (Load load : loads) {
      for (String number : load.numbers) {
        send(
            Topics.BUSINESS_NUMBERS,
            number,
            new BusinessNumberConfig(
                number, true, null, null, null, Instant.now(), load.portfolioId, null));
      }
      send(
          Topics.PORTFOLIOS,
          load.portfolioId,
          new Portfolio(load.portfolioId, load.limit, Instant.now()));
    }
    Set<String> conversations = new LinkedHashSet<>();
    loads.forEach(load -> load.requests.forEach(request -> conversations.add(request.key())));
    for (String key : conversations) {
      String number = key.substring(0, key.indexOf('|'));
      String contact = key.substring(key.indexOf('|') + 1);
      send(
          Topics.CONSENT,
          key,
          new ConsentEvent(
              number,
              contact,
              null,
              ConsentStatus.OPTED_IN,
              null,
              "booking-form",
              Instant.now().minusSeconds(60)));
    }
    producer.flush();
    assertThat(conversations.stream().map(key -> Partitioning.partitionOf(key, PARTITIONS)))
        .as("partitions of the conversations")
        .containsOnly(0, 1, 2, 3)
        .contains(0, 1, 2, 3);
    phase("topics and reference data");
    // Both at once: one rebalance hands each its tasks.
    instances.add(Instance.launch(config, stateDirs.resolve("one")));
    instances.add(Instance.launch(config, stateDirs.resolve("two")));
    for (Instance instance : instances) {
      instance.awaitRunning();
    }
    phase("two instances RUNNING");
    statusLog.awaitUntil(
        "consent in every conversation", () -> statusLog.sessionKeys().containsAll(conversations));

    // When the requests arrive, interleaved, and one instance restarts in the middle of them
    List<Request> all = interleaved(loads);
    List<Request> first = all.subList(0, all.size() / 2);
    List<Request> second = all.subList(all.size() / 2, all.size());
    first.forEach(this::sendRequest);
    producer.flush();
    statusLog.awaitUntil(
        "a first decision",
        () -> first.stream().anyMatch(request -> !statusLog.of(request.id()).isEmpty()));
    phase("consent applied, first half decided in part");
    instances.get(1).close();
    phase("second instance closed");
    second.forEach(this::sendRequest);
    producer.flush();
    // It rejoins while the first instance works through the second half: a rebalance under load.
    instances.set(1, Instance.launch(config, stateDirs.resolve("two")));
    statusLog.awaitUntil(
        "every request routed or held",
        () -> all.stream().allMatch(request -> !statusLog.of(request.id()).isEmpty()));
    instances.get(1).awaitRunning();
    phase("second instance RUNNING again, every request routed or held");
    statusLog.pollUntilQuiet();

    // Then each portfolio reached exactly its limit of distinct contacts, and held the rest
    loads.forEach(this::assertLimitReachedAndRestHeld);

    // When an operator raises portfolio a's limit by three
    Load raised = loads.get(0);
    Map<Integer, List<String>> heldOrder = statusLog.heldOrderByPartition(raised);
    send(
        Topics.PORTFOLIOS,
        raised.portfolioId,
        new Portfolio(raised.portfolioId, raised.limit + 3, Instant.now()));
    producer.flush();
    statusLog.awaitUntil(
        "three held contacts released",
        () -> contactsIn(raised, LifecycleState.ROUTED_TEMPLATE).size() == raised.limit + 3);
    statusLog.pollUntilQuiet();
    phase("partial release");

    // Then three contacts go, on each partition the ones held first, in the order they were held
    assertThat(contactsIn(raised, LifecycleState.ROUTED_TEMPLATE)).hasSize(raised.limit + 3);
    Set<String> released = assertReleasedInOrder(raised, heldOrder, Set.of(), true);

    // When the operator raises it to room for everyone
    send(
        Topics.PORTFOLIOS,
        raised.portfolioId,
        new Portfolio(raised.portfolioId, raised.limit + raised.extra, Instant.now()));
    producer.flush();
    statusLog.awaitUntil(
        "every held request of " + raised.portfolioId + " routed",
        () -> raised.requests.stream().allMatch(request -> outcomes(request.id()).size() == 1));
    statusLog.pollUntilQuiet();
    phase("full release");

    // Then every request of it has exactly one routing outcome, in held order per partition, and
    // the other portfolios' held requests still wait
    for (Request request : raised.requests) {
      assertThat(outcomes(request.id()))
          .as("routing outcomes of %s", request.id())
          .extracting(RequestStatus::state)
          .containsExactly(LifecycleState.ROUTED_TEMPLATE);
    }
    assertReleasedInOrder(raised, heldOrder, released, false);
    loads.subList(1, loads.size()).forEach(this::assertLimitReachedAndRestHeld);
    for (Instance instance : instances) {
      instance.checkHealthy();
    }
    LOGGER.info(
        "Messaging limits IT: {} requests to {} conversations of {} portfolios, {} statuses read",
        all.size(),
        conversations.size(),
        loads.size(),
        statusLog.statusCount());
  }

  /**
   * {@code load}'s portfolio routed exactly its limit of distinct contacts, every request to them
   * once, and holds every other request, once.
   */
  private void assertLimitReachedAndRestHeld(Load load) {
    Set<String> routed = contactsIn(load, LifecycleState.ROUTED_TEMPLATE);
    Set<String> held = contactsIn(load, LifecycleState.HELD);
    assertThat(routed).as("contacts reached by %s", load.portfolioId).hasSize(load.limit);
    assertThat(held)
        .as("contacts held by %s", load.portfolioId)
        .hasSize(load.extra)
        .doesNotContainAnyElementsOf(routed);
    for (Request request : load.requests) {
      assertThat(statusLog.of(request.id()))
          .as("statuses of %s to a %s contact", request.id(), load.portfolioId)
          .extracting(RequestStatus::state, RequestStatus::reason)
          .containsExactly(
              routed.contains(request.contact())
                  ? org.assertj.core.groups.Tuple.tuple(LifecycleState.ROUTED_TEMPLATE, null)
                  : org.assertj.core.groups.Tuple.tuple(LifecycleState.HELD, "MESSAGING_LIMIT"));
    }
  }

  /** Logs how long the test took so far, to see where its time goes on a loaded machine. */
  private void phase(String what) {
    LOGGER.info("{} after {} ms", what, Duration.between(started, Instant.now()).toMillis());
  }

  /**
   * On each partition of {@code wa.status}, the contacts released from {@code load}'s hold so far
   * were held before any still held (all of them unless {@code partial}), and the requests released
   * since {@code before} were routed in the order they were held. The portfolio's task holds and
   * releases in one order; a partition shows that order for its conversations. (A contact's second
   * request goes with its first, before others that still wait for room: it needs none.)
   *
   * @return the requests released so far
   */
  private Set<String> assertReleasedInOrder(
      Load load, Map<Integer, List<String>> heldOrder, Set<String> before, boolean partial) {
    Map<String, String> contactOf = new HashMap<>();
    load.requests.forEach(request -> contactOf.put(request.id(), request.contact()));
    Map<Integer, List<String>> routedOrder = statusLog.routedOrderByPartition(load);
    Set<String> releasedSoFar = new HashSet<>(before);
    for (Map.Entry<Integer, List<String>> entry : heldOrder.entrySet()) {
      List<String> held = entry.getValue();
      List<String> releasedNow =
          routedOrder.getOrDefault(entry.getKey(), List.of()).stream()
              .filter(id -> held.contains(id) && !before.contains(id))
              .toList();
      releasedSoFar.addAll(releasedNow);
      List<String> heldContacts = held.stream().map(contactOf::get).distinct().toList();
      Set<String> releasedContacts =
          held.stream()
              .filter(releasedSoFar::contains)
              .map(contactOf::get)
              .collect(Collectors.toSet());
      assertThat(heldContacts.stream().filter(releasedContacts::contains).toList())
          .as("released contacts on partition %d, in the order they were held", entry.getKey())
          .isEqualTo(heldContacts.subList(0, releasedContacts.size()));
      assertThat(releasedNow)
          .as("requests released on partition %d, in the order they were routed", entry.getKey())
          .isEqualTo(
              held.stream()
                  .filter(
                      id -> !before.contains(id) && releasedContacts.contains(contactOf.get(id)))
                  .toList());
      if (!partial) {
        assertThat(held)
            .as("held on partition %d", entry.getKey())
            .allMatch(releasedSoFar::contains);
      }
    }
    return releasedSoFar;
  }

  private Set<String> contactsIn(Load load, LifecycleState state) {
    return load.requests.stream()
        .filter(
            request ->
                statusLog.of(request.id()).stream().anyMatch(status -> status.state() == state))
        .map(Request::contact)
        .collect(Collectors.toSet());
  }

  private List<RequestStatus> outcomes(String requestId) {
    return statusLog.of(requestId).stream()
        .filter(status -> OUTCOMES.contains(status.state()))
        .toList();
  }

  // ---------------------------------------------------------------- load

  private String portfolio(String name) {
    return "limits-it-" + run + "-" + name;
  }

  /** One send request, to {@code contact} from {@code number}. */
  private record Request(String id, String number, String contact) {
    String key() {
      return number + "|" + contact;
    }
  }

  /**
   * A portfolio with two numbers, its limit, and templates to {@code limit + extra} distinct
   * contacts (every third twice, in the same conversation), the contacts chosen round the four
   * partitions.
   */
  private final class Load {
    final String portfolioId;
    final int limit;
    final int extra;
    final List<String> numbers = new ArrayList<>();
    final List<Request> requests = new ArrayList<>();

    Load(String portfolioId, int limit, int extra) {
      this.portfolioId = portfolioId;
      this.limit = limit;
      this.extra = extra;
      int portfolioIndex = portfolioId.charAt(portfolioId.length() - 1) - 'a';
      for (int n = 0; n < 2; n++) {
        numbers.add("+3120" + (numberBase + portfolioIndex * 10 + n));
      }
      int candidate = 0;
      for (int i = 0; i < limit + extra; i++) {
        String number = numbers.get(i % 2);
        String contact;
        do {
          contact = "+3161" + String.format(Locale.ROOT, "%07d", (numberBase + candidate++));
        } while (Partitioning.partitionOf(number + "|" + contact, PARTITIONS) != i % PARTITIONS);
        String id = portfolioId + "-" + i;
        requests.add(new Request(id, number, contact));
        if (i % 3 == 0) {
          requests.add(new Request(id + "-again", number, contact));
        }
      }
    }
  }

  /** The portfolios' requests taken in turn, so each portfolio's task sees them spread in time. */
  private static List<Request> interleaved(List<Load> loads) {
    List<Request> all = new ArrayList<>();
    int longest = loads.stream().mapToInt(load -> load.requests.size()).max().orElse(0);
    for (int i = 0; i < longest; i++) {
      for (Load load : loads) {
        if (i < load.requests.size()) {
          all.add(load.requests.get(i));
        }
      }
    }
    return all;
  }

  private void sendRequest(Request request) {
    // Keyed by request id, as CRMs do: the request takes the repartition topic to its conversation.
    send(
        Topics.SEND_REQUESTS,
        request.id(),
        new SendRequest(
            request.id(),
            request.number(),
            request.contact(),
            null,
            Kind.TEMPLATE,
            new TemplateContent(
                "limits_it_reminder", "en_US", Category.UTILITY, List.of("Anna", "Tue 10:00")),
            null,
            ANNA,
            null,
            null,
            false,
            Instant.now()));
  }

  private <V> void send(Topic<String, V> topic, String key, V value) {
    producer.send(
        new ProducerRecord<>(
            topic.name(),
            topic.keySerde().serializer().serialize(topic.name(), key),
            topic.valueSerde().serializer().serialize(topic.name(), value)));
  }

  // ---------------------------------------------------------------- the app

  /** One KafkaStreams of the app with a state directory of its own. */
  private static final class Instance implements AutoCloseable {
    private final KafkaStreams streams;
    private final AtomicReference<Throwable> error = new AtomicReference<>();
    private final CountDownLatch running = new CountDownLatch(1);

    private Instance(WagateConfig config, Path stateDir) {
      Properties properties = config.kafka();
      properties.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
      streams =
          new KafkaStreams(
              WagateTopology.build(config, ConversationMetrics.discarding()), properties);
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
    }

    /** Starts an instance; {@link #awaitRunning()} waits for it. */
    static Instance launch(WagateConfig config, Path stateDir) {
      Instance instance = new Instance(config, stateDir);
      instance.streams.start();
      return instance;
    }

    /** Starts an instance and waits until it is RUNNING. */
    static Instance start(WagateConfig config, Path stateDir) throws InterruptedException {
      return launch(config, stateDir).awaitRunning();
    }

    Instance awaitRunning() throws InterruptedException {
      if (!running.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        fail("Kafka Streams not RUNNING within %s: %s", TIMEOUT, error.get());
      }
      return this;
    }

    void checkHealthy() {
      if (error.get() != null) {
        throw new AssertionError("an instance failed", error.get());
      }
    }

    @Override
    public void close() {
      streams.close(
          CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
              .withTimeout(Duration.ofSeconds(30)));
    }
  }

  // ---------------------------------------------------------------- reading

  /**
   * {@code wa.status} and {@code wa.sessions} read {@code read_committed} from the start (the
   * topics are new), with each status's partition, so order per partition can be checked.
   */
  private final class StatusLog implements AutoCloseable {
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Map<String, List<RequestStatus>> byRequest = new HashMap<>();
    private final Map<Integer, List<RequestStatus>> byPartition = new HashMap<>();
    private final Set<String> sessionKeys = new HashSet<>();
    private int count;

    StatusLog(String bootstrapServers) {
      consumer =
          new KafkaConsumer<>(
              Map.of(
                  ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                  bootstrapServers,
                  ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                  "read_committed",
                  ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                  false,
                  ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                  "earliest"),
              new ByteArrayDeserializer(),
              new ByteArrayDeserializer());
      List<TopicPartition> partitions = new ArrayList<>();
      for (Topic<?, ?> topic : List.of(Topics.STATUS, Topics.SESSIONS)) {
        consumer
            .partitionsFor(topic.name(), TIMEOUT)
            .forEach(info -> partitions.add(new TopicPartition(info.topic(), info.partition())));
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
    }

    List<RequestStatus> of(String requestId) {
      return byRequest.getOrDefault(requestId, List.of());
    }

    Set<String> sessionKeys() {
      return sessionKeys;
    }

    int statusCount() {
      return count;
    }

    /** The held requests of {@code load}, per partition in the order they were held. */
    Map<Integer, List<String>> heldOrderByPartition(Load load) {
      return orderByPartition(load, LifecycleState.HELD);
    }

    /** The routed requests of {@code load}, per partition in the order they were routed. */
    Map<Integer, List<String>> routedOrderByPartition(Load load) {
      return orderByPartition(load, LifecycleState.ROUTED_TEMPLATE);
    }

    private Map<Integer, List<String>> orderByPartition(Load load, LifecycleState state) {
      Set<String> ids =
          load.requests.stream().map(Request::id).collect(Collectors.toUnmodifiableSet());
      Map<Integer, List<String>> order = new LinkedHashMap<>();
      byPartition.forEach(
          (partition, statuses) ->
              order.put(
                  partition,
                  statuses.stream()
                      .filter(status -> status.state() == state && ids.contains(status.requestId()))
                      .map(RequestStatus::requestId)
                      .toList()));
      return order;
    }

    void awaitUntil(String what, BooleanSupplier condition) {
      Instant deadline = Instant.now().plus(TIMEOUT);
      while (!condition.getAsBoolean()) {
        instances.forEach(Instance::checkHealthy);
        if (Instant.now().isAfter(deadline)) {
          fail("no %s within %s (%d statuses read)", what, TIMEOUT, count);
        }
        poll();
      }
    }

    /** Polls until nothing new arrives for {@link #QUIET}, so a late duplicate would be seen. */
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

    private int poll() {
      int polled = 0;
      for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
        polled++;
        if (record.topic().equals(Topics.SESSIONS.name())) {
          sessionKeys.add(
              Topics.SESSIONS.keySerde().deserializer().deserialize(record.topic(), record.key()));
          continue;
        }
        RequestStatus status =
            Topics.STATUS.valueSerde().deserializer().deserialize(record.topic(), record.value());
        count++;
        byRequest.computeIfAbsent(status.requestId(), id -> new ArrayList<>()).add(status);
        byPartition.computeIfAbsent(record.partition(), p -> new ArrayList<>()).add(status);
      }
      return polled;
    }

    @Override
    public void close() {
      consumer.close();
    }
  }
}
