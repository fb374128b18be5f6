package io.wagate.local;

import io.wagate.ingress.IngressService;
import io.wagate.ingress.config.IngressConfig;
import io.wagate.kafka.EmbeddedKafka;
import io.wagate.local.simulator.ProviderSimulator;
import io.wagate.schemas.Topics;
import io.wagate.schemas.config.Environment;
import io.wagate.schemas.events.BusinessNumberConfig;
import io.wagate.schemas.events.TemplateRef;
import io.wagate.sender.SenderService;
import io.wagate.sender.config.SenderConfig;
import io.wagate.streams.app.WagateStreamsApp;
import io.wagate.streams.topics.TopicCreator;
import io.wagate.streams.topics.TopicCreator.TopicOutcome;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything wagate needs, in one process: an embedded Kafka broker whose data outlives the run,
 * the contract's topics, the demo business number, the streams app, the ingress, a provider
 * simulator and the sender that sends through it. {@link #start()} brings them up in that order,
 * telling what it does; {@link #close()} stops them in the reverse order, so that each stops while
 * what it needs still runs.
 *
 * <p>{@link #close()} may come from a shutdown hook while {@link #start()} is still under way; what
 * has started is stopped, and {@link #start()} ends with {@link StartAbortedException}.
 */
public final class LocalStack implements AutoCloseable {

  private static final Logger LOGGER = LoggerFactory.getLogger(LocalStack.class);

  /** The demo business number, registered on {@code wa.business-numbers} at every start. */
  public static final String BUSINESS_NUMBER = "+31201234567";

  /** The opt-in template of the demo business number. */
  public static final TemplateRef OPT_IN_TEMPLATE = new TemplateRef("demo_optin_request", "en_US");

  /** The streams app's {@code application.id}, apart from a production app's {@code wagate}. */
  public static final String APPLICATION_ID = "wagate-local";

  /** The variable the demo number's settings name for its (simulated) Twilio auth token. */
  private static final String DEMO_TWILIO_SECRET = "WAGATE_DEMO_TWILIO_AUTH_TOKEN";

  private static final int PARTITIONS = 3;
  private static final Duration KAFKA_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration STREAMS_START_TIMEOUT = Duration.ofMinutes(3);
  private static final Duration INGRESS_READY_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration READY_PROBE_INTERVAL = Duration.ofMillis(200);

  private final Settings settings;
  private final DemoSecrets secrets;
  private final PrintStream out;

  private @Nullable EmbeddedKafka kafka;
  private @Nullable WagateStreamsApp streams;
  private @Nullable IngressService ingress;
  private @Nullable ProviderSimulator simulator;
  private @Nullable SenderService sender;
  private int streamsPort;
  private int ingressPort;
  private int senderPort;
  private boolean closed;

  /**
   * What to run with.
   *
   * @param dataDir where the broker's data ({@code kafka/}), the streams state ({@code streams/})
   *     and the log ({@code wagate.log}) live
   * @param kafkaPort the broker's port; another free one when taken, 0 for any
   * @param httpPort the streams app's HTTP port; another free one when taken, 0 for any
   * @param ingressPort the ingress's port; another free one when taken, 0 for any
   * @param senderPort the sender's health and metrics port; another free one when taken, 0 for any
   */
  public record Settings(
      Path dataDir, int kafkaPort, int httpPort, int ingressPort, int senderPort) {

    /** Settings with the sender's health and metrics on any free port. */
    public Settings(Path dataDir, int kafkaPort, int httpPort, int ingressPort) {
      this(dataDir, kafkaPort, httpPort, ingressPort, 0);
    }
  }

  /** Thrown by {@link #start()} when {@link #close()} came first. */
  public static final class StartAbortedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    StartAbortedException() {
      super("stopped while starting");
    }
  }

  /**
   * A stack that is not started yet.
   *
   * @param settings what to run with
   * @param secrets the ingress's secrets
   * @param out where to tell what happens
   */
  public LocalStack(Settings settings, DemoSecrets secrets, PrintStream out) {
    this.settings = settings;
    this.secrets = secrets;
    this.out = out;
  }

  /**
   * Starts the broker, creates the topics, registers the demo business number, and starts the
   * streams app and the ingress, each ready before the next.
   *
   * @throws StartAbortedException when {@link #close()} was called meanwhile
   * @throws IllegalStateException when a part does not come up; the message says which and why
   * @throws InterruptedException when interrupted while waiting
   */
  public void start() throws InterruptedException {
    startKafka();
    createTopics();
    registerBusinessNumber();
    startStreams();
    startIngress();
    startSimulator();
    startSender();
  }

  private void startKafka() {
    Path dataDir = settings.dataDir().resolve("kafka");
    int port = settings.kafkaPort();
    if (port != 0 && !Ports.isFree(port)) {
      out.println("Port " + port + " is taken, so Kafka takes a free port instead.");
      port = 0;
    }
    out.println("Starting Kafka (one KRaft node, data in " + dataDir + ") ...");
    EmbeddedKafka started = EmbeddedKafka.start(dataDir, port).withoutShutdownHook();
    synchronized (this) {
      if (closed) {
        started.close();
        throw new StartAbortedException();
      }
      kafka = started;
    }
    out.println(
        "  Kafka is up at " + started.bootstrapServers() + " (log " + started.logFile() + ")");
  }

  private void createTopics() {
    out.println("Creating the topics ...");
    Properties properties = new Properties();
    properties.setProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    List<TopicOutcome> outcomes;
    try (Admin admin = Admin.create(properties)) {
      outcomes =
          new TopicCreator(admin, KAFKA_TIMEOUT).createMissing(Topics.ALL, PARTITIONS, (short) 1);
    }
    List<String> failed =
        outcomes.stream()
            .filter(outcome -> outcome.result() == TopicOutcome.Result.FAILED)
            .map(outcome -> outcome.name() + ": " + outcome.detail())
            .toList();
    if (!failed.isEmpty()) {
      throw new IllegalStateException("topics could not be created: " + String.join("; ", failed));
    }
    long created =
        outcomes.stream()
            .filter(outcome -> outcome.result() == TopicOutcome.Result.CREATED)
            .count();
    out.println(
        "  "
            + outcomes.size()
            + " topics ready: "
            + created
            + " created, "
            + (outcomes.size() - created)
            + " already there from an earlier run");
  }

  private void registerBusinessNumber() {
    out.println(
        "Registering the demo business number "
            + BUSINESS_NUMBER
            + " with opt-in template "
            + OPT_IN_TEMPLATE.name()
            + " on "
            + Topics.BUSINESS_NUMBERS.name());
    BusinessNumberConfig number =
        new BusinessNumberConfig(BUSINESS_NUMBER, true, OPT_IN_TEMPLATE, null, null);
    Properties properties = new Properties();
    properties.setProperty(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    properties.setProperty(ProducerConfig.ACKS_CONFIG, "all");
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(properties, new StringSerializer(), new ByteArraySerializer())) {
      producer
          .send(
              new ProducerRecord<>(
                  Topics.BUSINESS_NUMBERS.name(),
                  BUSINESS_NUMBER,
                  Topics.BUSINESS_NUMBERS
                      .valueSerde()
                      .serializer()
                      .serialize(Topics.BUSINESS_NUMBERS.name(), number)))
          .get(KAFKA_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("could not register the demo business number: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while registering the business number", e);
    }
  }

  private void startStreams() throws InterruptedException {
    Ports.Choice port = Ports.choose(settings.httpPort());
    sayIfFellBack("The streams app", port);
    Path stateDir = settings.dataDir().resolve("streams");
    out.println(
        "Starting the streams app (application id "
            + APPLICATION_ID
            + ", state in "
            + stateDir
            + ") ...");
    WagateStreamsApp app =
        WagateStreamsApp.create(
            Environment.of(
                Map.of(
                    "KAFKA_BOOTSTRAP_SERVERS",
                    bootstrapServers(),
                    "KAFKA_APPLICATION_ID",
                    APPLICATION_ID,
                    "KAFKA_STATE_DIR",
                    stateDir.toString(),
                    "WAGATE_HTTP_HOST",
                    Ports.HOST,
                    "WAGATE_HTTP_PORT",
                    Integer.toString(port.port()),
                    "WAGATE_ADVERTISED_HOST",
                    "localhost",
                    // Static membership: after a crash, the next run takes its partitions back
                    // at once instead of waiting out the dead member's session (45 s).
                    "WAGATE_INSTANCE_ID",
                    "local")));
    synchronized (this) {
      if (closed) {
        throw new StartAbortedException();
      }
      streams = app;
      app.start();
      streamsPort = app.httpPort();
    }
    if (!app.awaitRunning(STREAMS_START_TIMEOUT)) {
      throw new IllegalStateException(
          "the streams app did not reach RUNNING within "
              + STREAMS_START_TIMEOUT.toMinutes()
              + " minutes (state "
              + app.state()
              + ")");
    }
    out.println("  The streams app is RUNNING, HTTP on " + streamsUrl());
  }

  private void startIngress() throws InterruptedException {
    Ports.Choice port = Ports.choose(settings.ingressPort());
    sayIfFellBack("The ingress", port);
    out.println("Starting the webhook ingress ...");
    IngressConfig config =
        IngressConfig.from(
            Environment.of(
                Map.of(
                    "KAFKA_BOOTSTRAP_SERVERS",
                    bootstrapServers(),
                    IngressConfig.HOST,
                    Ports.HOST,
                    IngressConfig.PORT,
                    Integer.toString(port.port()),
                    IngressConfig.META_APP_SECRET,
                    secrets.metaAppSecret(),
                    IngressConfig.META_VERIFY_TOKEN,
                    secrets.metaVerifyToken(),
                    IngressConfig.TWILIO_AUTH_TOKEN,
                    secrets.twilioAuthToken(),
                    IngressConfig.PUBLIC_BASE_URL,
                    "http://localhost:" + port.port(),
                    IngressConfig.READINESS_INTERVAL,
                    "PT1S")));
    IngressService service;
    try {
      service = IngressService.start(config);
    } catch (Exception e) {
      throw new IllegalStateException("the ingress could not start: " + e.getMessage(), e);
    }
    synchronized (this) {
      if (closed) {
        service.close();
        throw new StartAbortedException();
      }
      ingress = service;
      ingressPort = service.port();
    }
    awaitIngressReady();
    out.println("  The ingress is ready, HTTP on " + ingressUrl());
  }

  private void startSimulator() {
    out.println("Starting the provider simulator (answers as Meta's Cloud API and Twilio) ...");
    ProviderSimulator started;
    try {
      started =
          ProviderSimulator.start(
              0,
              new ProviderSimulator.Callbacks(
                  ingressLocalUrl(), secrets.metaAppSecret(), secrets.twilioAuthToken()));
    } catch (IOException e) {
      throw new IllegalStateException("the provider simulator could not start: " + e, e);
    }
    synchronized (this) {
      if (closed) {
        started.close();
        throw new StartAbortedException();
      }
      simulator = started;
    }
    out.println(
        "  The simulator answers on "
            + started.baseUrl()
            + " and posts signed delivery webhooks to the ingress");
  }

  private void startSender() {
    Ports.Choice port = Ports.choose(settings.senderPort());
    sayIfFellBack("The sender", port);
    out.println(
        "Starting the sender ("
            + BUSINESS_NUMBER
            + " sends through the simulated Twilio; its status callbacks come back to the"
            + " ingress) ...");
    Map<String, String> env = new java.util.HashMap<>();
    env.put("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers());
    env.put(SenderConfig.HOST, Ports.HOST);
    env.put(SenderConfig.PORT, Integer.toString(port.port()));
    env.put(SenderConfig.INSTANCE_ID, "local");
    env.put(SenderConfig.NUMBERS, numbers());
    env.put(DEMO_TWILIO_SECRET, secrets.twilioAuthToken());
    env.put(SenderConfig.PUBLIC_BASE_URL, ingressUrl());
    env.put(SenderConfig.TWILIO_BASE_URL, simulatorUrl());
    env.put(SenderConfig.META_BASE_URL, simulatorUrl());
    SenderService service;
    try {
      service = SenderService.start(SenderConfig.from(Environment.of(env)));
    } catch (IOException e) {
      throw new IllegalStateException("the sender could not start: " + e.getMessage(), e);
    }
    synchronized (this) {
      if (closed) {
        service.close();
        throw new StartAbortedException();
      }
      sender = service;
      senderPort = service.port();
    }
    out.println("  The sender reads wa.send.*, health and metrics on " + senderUrl());
  }

  /**
   * The demo number sends through Twilio; its Content SIDs are made up, as the simulator accepts
   * any.
   */
  private static String numbers() {
    return """
        { "numbers": [
          { "businessNumber": "%s", "provider": "TWILIO",
            "accountSid": "ACdemo0000000000000000000000000000",
            "authToken": { "env": "%s" },
            "contentSids": {
              "%s:%s": "HXdemo00000000000000000000000000optin",
              "appointment_reminder:en_US": "HXdemo0000000000000000000000reminder" } } ] }
        """
        .formatted(
            BUSINESS_NUMBER,
            DEMO_TWILIO_SECRET,
            OPT_IN_TEMPLATE.name(),
            OPT_IN_TEMPLATE.language());
  }

  private String simulatorUrl() {
    ProviderSimulator running = simulator;
    if (running == null) {
      throw new IllegalStateException("the simulator is not started");
    }
    return running.baseUrl();
  }

  private void sayIfFellBack(String server, Ports.Choice port) {
    if (port.fellBack()) {
      out.println(
          "Port "
              + port.requested()
              + " is taken, so "
              + server
              + " listens on "
              + port.port()
              + ".");
    }
  }

  /**
   * Asks {@code /health/ready} until it answers 200. The ingress checks Kafka on a timer and
   * notifies no one, so there is nothing to wait on but the answer; the pause between two probes is
   * short and the whole wait bounded.
   */
  private void awaitIngressReady() throws InterruptedException {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(localUrl(ingressPort) + "/health/ready"))
            .timeout(Duration.ofSeconds(5))
            .build();
    long deadline = System.nanoTime() + INGRESS_READY_TIMEOUT.toNanos();
    String last = "no answer";
    while (System.nanoTime() < deadline) {
      try {
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200) {
          return;
        }
        last = response.statusCode() + " " + response.body();
      } catch (IOException e) {
        last = e.toString();
      }
      LockSupport.parkNanos(READY_PROBE_INTERVAL.toNanos());
      if (Thread.interrupted()) {
        throw new InterruptedException("interrupted while waiting for the ingress");
      }
    }
    throw new IllegalStateException(
        "the ingress was not ready within "
            + INGRESS_READY_TIMEOUT.toSeconds()
            + " s; last answer: "
            + last);
  }

  /** The broker's {@code bootstrap.servers}. */
  public synchronized String bootstrapServers() {
    if (kafka == null) {
      throw new IllegalStateException("Kafka is not started");
    }
    return kafka.bootstrapServers();
  }

  /** The broker's data directory. */
  public Path kafkaDataDir() {
    return settings.dataDir().resolve("kafka");
  }

  /** The streams app's base URL, as a person types it. */
  public String streamsUrl() {
    return "http://localhost:" + streamsPort;
  }

  /** The ingress's base URL, as a person types it; also its {@code WAGATE_PUBLIC_BASE_URL}. */
  public String ingressUrl() {
    return "http://localhost:" + ingressPort;
  }

  /** The sender's base URL (health and metrics), as a person types it. */
  public String senderUrl() {
    return "http://localhost:" + senderPort;
  }

  /** The sender's base URL on the address it listens on. */
  public String senderLocalUrl() {
    return localUrl(senderPort);
  }

  /** The provider simulator, which the demo tells which sends should fail. */
  public synchronized ProviderSimulator simulator() {
    if (simulator == null) {
      throw new IllegalStateException("the simulator is not started");
    }
    return simulator;
  }

  /** The streams app's base URL on the address it listens on. */
  public String streamsLocalUrl() {
    return localUrl(streamsPort);
  }

  /** The ingress's base URL on the address it listens on. */
  public String ingressLocalUrl() {
    return localUrl(ingressPort);
  }

  private static String localUrl(int port) {
    return "http://" + Ports.HOST + ":" + port;
  }

  /** Whether {@link #close()} was called. */
  public synchronized boolean isClosed() {
    return closed;
  }

  /**
   * Stops the ingress (in-flight webhooks finish), then the streams app (it commits and closes its
   * stores), then Kafka (its data stays). Idempotent.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (sender != null) {
      out.println("Stopping the sender (sends at the provider finish and are committed first) ...");
      sender.close();
      out.println("  sender stopped");
    }
    if (simulator != null) {
      simulator.close();
    }
    if (ingress != null) {
      out.println("Stopping the webhook ingress (webhooks in flight finish first) ...");
      ingress.close();
      out.println("  ingress stopped");
    }
    if (streams != null) {
      out.println("Stopping the streams app (it commits its work and closes its state stores) ...");
      streams.close();
      out.println("  streams app stopped");
    }
    if (kafka != null) {
      out.println("Stopping Kafka (its data stays in " + kafkaDataDir() + ") ...");
      kafka.close();
      out.println("  Kafka stopped");
    }
    LOGGER.info("Local run stopped");
  }
}
