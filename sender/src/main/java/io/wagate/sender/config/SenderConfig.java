package io.wagate.sender.config;

import io.wagate.schemas.config.Environment;
import io.wagate.schemas.config.Environment.ConfigurationException;
import io.wagate.schemas.events.Provider;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The sender's configuration, read once from the environment (README, "Sender").
 *
 * @param host the address of the health and metrics server
 * @param port its port; 0 picks a free one
 * @param numbers the provider settings of every business number the sender may send from
 * @param publicBaseUrl the ingress's public URL, for Twilio's {@code StatusCallback}; required when
 *     a Twilio number is configured
 * @param metaBaseUrl Meta's Graph API, overridable for tests and the local simulator
 * @param metaApiVersion the Graph API version in the path, e.g. {@code v24.0}
 * @param twilioBaseUrl Twilio's REST API, overridable likewise
 * @param pacing whether sends are paced per number and per contact (off only for benchmarks)
 * @param numberBurst how many sends a number may make at once before its rate applies
 * @param contactInterval the time one send to a contact takes from its allowance
 * @param contactBurst how many sends to one contact may go at once
 * @param retryAttempts attempts of a rate-limited or unavailable send, the first included
 * @param retryDelay the first backoff
 * @param retryMaxDelay the longest backoff; a {@code Retry-After} longer than this ends the retries
 * @param httpTimeout how long a provider may take to answer
 * @param maxInFlight sends awaiting an answer at once, over all numbers
 * @param maxBuffered records a partition may hold beyond its committed offset before it is paused
 * @param commitInterval how long a transaction may collect outcomes before it commits
 * @param shutdownTimeout how long a stop waits for sends in flight
 * @param kafka the Kafka client properties from {@code KAFKA_*}, with the sender's defaults
 */
public record SenderConfig(
    String host,
    int port,
    Map<String, NumberSettings> numbers,
    @Nullable String publicBaseUrl,
    String metaBaseUrl,
    String metaApiVersion,
    String twilioBaseUrl,
    boolean pacing,
    int numberBurst,
    Duration contactInterval,
    int contactBurst,
    int retryAttempts,
    Duration retryDelay,
    Duration retryMaxDelay,
    Duration httpTimeout,
    int maxInFlight,
    int maxBuffered,
    Duration commitInterval,
    Duration shutdownTimeout,
    Properties kafka) {

  /** {@code WAGATE_SENDER_HOST}. */
  public static final String HOST = "WAGATE_SENDER_HOST";

  /** {@code WAGATE_SENDER_PORT}. */
  public static final String PORT = "WAGATE_SENDER_PORT";

  /** {@code WAGATE_SENDER_NUMBERS_FILE}: the per-number settings as a file. */
  public static final String NUMBERS_FILE = "WAGATE_SENDER_NUMBERS_FILE";

  /** {@code WAGATE_SENDER_NUMBERS}: the per-number settings inline. */
  public static final String NUMBERS = "WAGATE_SENDER_NUMBERS";

  /** {@code WAGATE_PUBLIC_BASE_URL}, the same public URL the ingress is configured with. */
  public static final String PUBLIC_BASE_URL = "WAGATE_PUBLIC_BASE_URL";

  /** {@code WAGATE_SENDER_META_BASE_URL}. */
  public static final String META_BASE_URL = "WAGATE_SENDER_META_BASE_URL";

  /** {@code WAGATE_SENDER_META_API_VERSION}. */
  public static final String META_API_VERSION = "WAGATE_SENDER_META_API_VERSION";

  /** {@code WAGATE_SENDER_TWILIO_BASE_URL}. */
  public static final String TWILIO_BASE_URL = "WAGATE_SENDER_TWILIO_BASE_URL";

  /** {@code WAGATE_SENDER_PACING}. */
  public static final String PACING = "WAGATE_SENDER_PACING";

  /** {@code WAGATE_SENDER_MESSAGES_PER_SECOND}: the throughput of numbers that set none. */
  public static final String MESSAGES_PER_SECOND = "WAGATE_SENDER_MESSAGES_PER_SECOND";

  /** {@code WAGATE_SENDER_NUMBER_BURST}. */
  public static final String NUMBER_BURST = "WAGATE_SENDER_NUMBER_BURST";

  /** {@code WAGATE_SENDER_CONTACT_INTERVAL}. */
  public static final String CONTACT_INTERVAL = "WAGATE_SENDER_CONTACT_INTERVAL";

  /** {@code WAGATE_SENDER_CONTACT_BURST}. */
  public static final String CONTACT_BURST = "WAGATE_SENDER_CONTACT_BURST";

  /** {@code WAGATE_SENDER_RETRY_ATTEMPTS}. */
  public static final String RETRY_ATTEMPTS = "WAGATE_SENDER_RETRY_ATTEMPTS";

  /** {@code WAGATE_SENDER_RETRY_DELAY}. */
  public static final String RETRY_DELAY = "WAGATE_SENDER_RETRY_DELAY";

  /** {@code WAGATE_SENDER_RETRY_MAX_DELAY}. */
  public static final String RETRY_MAX_DELAY = "WAGATE_SENDER_RETRY_MAX_DELAY";

  /** {@code WAGATE_SENDER_HTTP_TIMEOUT}. */
  public static final String HTTP_TIMEOUT = "WAGATE_SENDER_HTTP_TIMEOUT";

  /** {@code WAGATE_SENDER_MAX_IN_FLIGHT}. */
  public static final String MAX_IN_FLIGHT = "WAGATE_SENDER_MAX_IN_FLIGHT";

  /** {@code WAGATE_SENDER_MAX_BUFFERED}. */
  public static final String MAX_BUFFERED = "WAGATE_SENDER_MAX_BUFFERED";

  /** {@code WAGATE_SENDER_COMMIT_INTERVAL}. */
  public static final String COMMIT_INTERVAL = "WAGATE_SENDER_COMMIT_INTERVAL";

  /** {@code WAGATE_SENDER_SHUTDOWN_TIMEOUT}. */
  public static final String SHUTDOWN_TIMEOUT = "WAGATE_SENDER_SHUTDOWN_TIMEOUT";

  /**
   * {@code WAGATE_SENDER_INSTANCE_ID}: names this instance's transactional id and, when set, its
   * static group membership.
   */
  public static final String INSTANCE_ID = "WAGATE_SENDER_INSTANCE_ID";

  private static final int MAX_PORT = 65_535;

  /** Copies the mutable components. */
  public SenderConfig {
    Objects.requireNonNull(host, "host");
    numbers = Map.copyOf(numbers);
    Properties copy = new Properties();
    copy.putAll(Objects.requireNonNull(kafka, "kafka"));
    kafka = copy;
  }

  /**
   * Reads the configuration, failing with a message that names the variable that is wrong.
   *
   * @param env the environment
   * @return the configuration
   * @throws ConfigurationException when a variable is missing or malformed
   */
  public static SenderConfig from(Environment env) {
    env.require("KAFKA_BOOTSTRAP_SERVERS");
    int port = env.getInt(PORT, 8082);
    if (port < 0 || port > MAX_PORT) {
      throw new ConfigurationException(PORT + " must be between 0 and " + MAX_PORT);
    }
    int perSecond = env.getInt(MESSAGES_PER_SECOND, 80);
    if (perSecond < 1 || perSecond > NumbersFile.MAX_MESSAGES_PER_SECOND) {
      throw new ConfigurationException(
          MESSAGES_PER_SECOND + " must be between 1 and " + NumbersFile.MAX_MESSAGES_PER_SECOND);
    }
    Map<String, NumberSettings> numbers = numbers(env, perSecond);
    String publicBaseUrl = url(env, PUBLIC_BASE_URL, null);
    if (publicBaseUrl == null
        && numbers.values().stream().anyMatch(n -> n.provider() == Provider.TWILIO)) {
      // Twilio's status callbacks carry the requestId only through the URL the sender gives.
      throw new ConfigurationException(
          PUBLIC_BASE_URL + " must be set when a Twilio number is configured");
    }
    Duration retryDelay = positive(env, RETRY_DELAY, Duration.ofSeconds(1));
    Duration retryMaxDelay = positive(env, RETRY_MAX_DELAY, Duration.ofMinutes(1));
    if (retryMaxDelay.compareTo(retryDelay) < 0) {
      throw new ConfigurationException(RETRY_MAX_DELAY + " must be at least " + RETRY_DELAY);
    }
    Duration commitInterval = positive(env, COMMIT_INTERVAL, Duration.ofMillis(100));
    Duration httpTimeout = positive(env, HTTP_TIMEOUT, Duration.ofSeconds(10));
    return new SenderConfig(
        env.get(HOST, "0.0.0.0"),
        port,
        numbers,
        publicBaseUrl,
        url(env, META_BASE_URL, "https://graph.facebook.com"),
        env.get(META_API_VERSION, "v24.0"),
        url(env, TWILIO_BASE_URL, "https://api.twilio.com"),
        env.getBoolean(PACING, true),
        atLeast(env, NUMBER_BURST, 1, 1),
        positive(env, CONTACT_INTERVAL, Duration.ofSeconds(6)),
        atLeast(env, CONTACT_BURST, 3, 1),
        atLeast(env, RETRY_ATTEMPTS, 5, 1),
        retryDelay,
        retryMaxDelay,
        httpTimeout,
        atLeast(env, MAX_IN_FLIGHT, 64, 1),
        atLeast(env, MAX_BUFFERED, 10_000, 1),
        commitInterval,
        positive(env, SHUTDOWN_TIMEOUT, Duration.ofSeconds(30)),
        kafka(env, httpTimeout));
  }

  private static Map<String, NumberSettings> numbers(Environment env, int perSecond) {
    String inline = env.get(NUMBERS);
    String file = env.get(NUMBERS_FILE);
    if (inline != null && file != null) {
      throw new ConfigurationException("set only one of " + NUMBERS + " and " + NUMBERS_FILE);
    }
    if (inline != null) {
      return NumbersFile.parse(inline, NUMBERS, env, perSecond);
    }
    if (file == null) {
      throw new ConfigurationException(
          NUMBERS_FILE + " (or " + NUMBERS + ") must name the business numbers to send from");
    }
    try {
      return NumbersFile.parse(
          Files.readString(Path.of(file), StandardCharsets.UTF_8), file, env, perSecond);
    } catch (IOException e) {
      throw new ConfigurationException(
          NUMBERS_FILE + " names a file that cannot be read: " + e.getClass().getSimpleName());
    }
  }

  /**
   * The Kafka properties: what {@code KAFKA_*} sets, over the sender's defaults. A stable
   * transactional id lets a restarted instance abort what its predecessor left open at once,
   * instead of consumers waiting for the transaction timeout.
   */
  private static Properties kafka(Environment env, Duration httpTimeout) {
    Properties properties = new Properties();
    properties.setProperty("group.id", "wagate-sender");
    properties.setProperty("auto.offset.reset", "earliest");
    properties.setProperty("max.poll.records", "500");
    // A crashed instance's partitions move after this long without heartbeats (45 s by default);
    // its messages wait that long, so a shorter timeout is the shorter outage.
    properties.setProperty("session.timeout.ms", "10000");
    properties.setProperty("heartbeat.interval.ms", "3000");
    String stable = env.get(INSTANCE_ID);
    String instance = stable != null ? stable : env.get("HOSTNAME", UUID.randomUUID().toString());
    properties.setProperty(
        "transactional.id", "wagate-sender-" + instance.toLowerCase(Locale.ROOT));
    if (stable != null) {
      // Static membership: a restarted instance takes its partitions back at once instead of
      // after the dead one's session timeout. Only for ids that outlive a restart (a StatefulSet,
      // a fixed host): a static member that never returns holds its partitions that long.
      properties.setProperty(
          "group.instance.id", "wagate-sender-" + stable.toLowerCase(Locale.ROOT));
    }
    // A transaction stays open while a revoked partition's sends finish (up to the HTTP timeout).
    long timeout = Math.max(30_000, 3 * httpTimeout.toMillis());
    properties.setProperty("transaction.timeout.ms", Long.toString(timeout));
    // A transaction's first records meet the previous one's commit markers still being written
    // (CONCURRENT_TRANSACTIONS) and are retried: 100 ms of default backoff held every commit up,
    // and with it every outcome in the window between a provider's answer and its commit.
    properties.setProperty("retry.backoff.ms", "10");
    properties.putAll(env.kafkaProperties());
    // What at most one send per message rests on; not overridable.
    properties.setProperty("isolation.level", "read_committed");
    properties.setProperty("enable.auto.commit", "false");
    properties.setProperty("enable.idempotence", "true");
    properties.setProperty("acks", "all");
    return properties;
  }

  /** The Kafka client properties; a copy. */
  @Override
  public Properties kafka() {
    Properties copy = new Properties();
    copy.putAll(kafka);
    return copy;
  }

  /** The consumer group the sender's instances share. */
  public String groupId() {
    return kafka.getProperty("group.id");
  }

  /** Where Kafka is, for log lines. */
  public String bootstrapServers() {
    return kafka.getProperty("bootstrap.servers");
  }

  /** Never prints a credential. */
  @Override
  public String toString() {
    return "SenderConfig[host="
        + host
        + ", port="
        + port
        + ", numbers="
        + numbers.keySet().size()
        + ", publicBaseUrl="
        + publicBaseUrl
        + ", metaBaseUrl="
        + metaBaseUrl
        + ", twilioBaseUrl="
        + twilioBaseUrl
        + ", pacing="
        + pacing
        + ", bootstrapServers="
        + bootstrapServers()
        + "]";
  }

  private static int atLeast(Environment env, String name, int fallback, int minimum) {
    int value = env.getInt(name, fallback);
    if (value < minimum) {
      throw new ConfigurationException(name + " must be at least " + minimum);
    }
    return value;
  }

  private static Duration positive(Environment env, String name, Duration fallback) {
    Duration value = env.getDuration(name, fallback);
    if (value.isNegative() || value.isZero()) {
      throw new ConfigurationException(name + " must be a positive duration");
    }
    return value;
  }

  private static @Nullable String url(Environment env, String name, @Nullable String fallback) {
    String value = env.get(name, fallback == null ? "" : fallback);
    if (value.isEmpty()) {
      return null;
    }
    String trimmed = value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
    try {
      URI uri = new URI(trimmed);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
        throw new ConfigurationException(name + " must be an absolute http(s) URL");
      }
    } catch (URISyntaxException e) {
      throw new ConfigurationException(name + " must be an absolute http(s) URL");
    }
    return trimmed;
  }
}
