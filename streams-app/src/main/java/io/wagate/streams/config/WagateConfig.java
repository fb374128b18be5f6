package io.wagate.streams.config;

import io.wagate.schemas.Topics;
import io.wagate.schemas.config.Environment;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.apache.kafka.streams.errors.LogAndContinueProcessingExceptionHandler;

/**
 * The streams app's configuration, read once from the environment.
 *
 * @param kafka Kafka Streams properties: wagate's defaults overlaid with every {@code KAFKA_*}
 * @param httpPort {@code WAGATE_HTTP_PORT}: health, metrics and the query API
 * @param windowSafetyMargin {@code WAGATE_WINDOW_SAFETY_MARGIN}: how much earlier than WhatsApp
 *     wagate closes the 24-hour window
 * @param optInRequestInterval {@code WAGATE_OPT_IN_REQUEST_INTERVAL}: at most one opt-in request
 *     per contact in this time
 * @param parkedRequestTtl {@code WAGATE_PARKED_REQUEST_TTL}: how long a request waits for opt-in
 * @param maxSendAttempts {@code WAGATE_MAX_SEND_ATTEMPTS}: attempts of a retryable failure,
 *     including the first
 * @param requireRegisteredTemplates {@code WAGATE_REQUIRE_REGISTERED_TEMPLATES}
 * @param requestRetention {@code WAGATE_REQUEST_RETENTION}: how long request ids are remembered for
 *     de-duplication and status correlation
 * @param punctuationInterval {@code WAGATE_PUNCTUATION_INTERVAL}: how often the wall clock is
 *     checked for expired windows, due retries and expired requests
 * @param keywords the consent keywords and button payloads ({@code WAGATE_KEYWORDS_*})
 * @param disabledNumberReply {@code WAGATE_DISABLED_NUMBER_REPLY}: the automatic reply of a
 *     disabled number that configures none
 */
public record WagateConfig(
    Properties kafka,
    int httpPort,
    Duration windowSafetyMargin,
    Duration optInRequestInterval,
    Duration parkedRequestTtl,
    int maxSendAttempts,
    boolean requireRegisteredTemplates,
    Duration requestRetention,
    Duration punctuationInterval,
    Keywords keywords,
    String disabledNumberReply) {

  /** The 24 hours WhatsApp keeps a customer-service window open after the user's last message. */
  public static final Duration WINDOW = Duration.ofHours(24);

  /** Default application id, also the prefix of internal topics. */
  public static final String DEFAULT_APPLICATION_ID = "wagate";

  public static final String DEFAULT_DISABLED_NUMBER_REPLY =
      "This number does not take WhatsApp messages. Please contact us another way.";

  public WagateConfig {
    kafka = copy(kafka);
    if (maxSendAttempts < 1) {
      throw new Environment.ConfigurationException("WAGATE_MAX_SEND_ATTEMPTS must be at least 1");
    }
    if (windowSafetyMargin.isNegative() || windowSafetyMargin.compareTo(WINDOW) >= 0) {
      throw new Environment.ConfigurationException(
          "WAGATE_WINDOW_SAFETY_MARGIN must be between PT0S and PT24H");
    }
  }

  /** Reads the configuration from {@code env}, failing fast with the variable that is wrong. */
  public static WagateConfig from(Environment env) {
    Properties kafka = defaults();
    kafka.putAll(env.kafkaProperties());
    if (!kafka.containsKey(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG)) {
      throw new Environment.ConfigurationException("KAFKA_BOOTSTRAP_SERVERS must be set");
    }
    Keywords defaults = Keywords.DEFAULTS;
    Keywords keywords =
        new Keywords(
            wordsOr(env, "WAGATE_KEYWORDS_OPT_OUT", defaults.optOut()),
            wordsOr(env, "WAGATE_KEYWORDS_MARKETING_OPT_OUT", defaults.marketingOptOut()),
            wordsOr(env, "WAGATE_KEYWORDS_OPT_IN", defaults.optIn()),
            wordsOr(env, "WAGATE_KEYWORDS_DECLINE", defaults.decline()));
    return new WagateConfig(
        kafka,
        env.getInt("WAGATE_HTTP_PORT", 8081),
        env.getDuration("WAGATE_WINDOW_SAFETY_MARGIN", Duration.ofMinutes(5)),
        env.getDuration("WAGATE_OPT_IN_REQUEST_INTERVAL", Duration.ofHours(24)),
        env.getDuration("WAGATE_PARKED_REQUEST_TTL", Duration.ofHours(72)),
        env.getInt("WAGATE_MAX_SEND_ATTEMPTS", 4),
        env.getBoolean("WAGATE_REQUIRE_REGISTERED_TEMPLATES", false),
        env.getDuration("WAGATE_REQUEST_RETENTION", Duration.ofDays(7)),
        env.getDuration("WAGATE_PUNCTUATION_INTERVAL", Duration.ofSeconds(5)),
        keywords,
        env.get("WAGATE_DISABLED_NUMBER_REPLY", DEFAULT_DISABLED_NUMBER_REPLY));
  }

  /** A configuration with every wagate default, for tests and embedded runs. */
  public static WagateConfig defaults(String bootstrapServers) {
    return from(Environment.of(java.util.Map.of("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers)));
  }

  /** Kafka Streams properties wagate needs unless the environment overrides them. */
  private static Properties defaults() {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, DEFAULT_APPLICATION_ID);
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    props.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, Topics.DLQ.name());
    props.put(
        StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
        LogAndContinueExceptionHandler.class.getName());
    props.put(
        StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG,
        LogAndContinueProcessingExceptionHandler.class.getName());
    props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, "true");
    props.put(StreamsConfig.TOPOLOGY_OPTIMIZATION_CONFIG, StreamsConfig.NO_OPTIMIZATION);
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(StreamsConfig.producerPrefix(ProducerConfig.ACKS_CONFIG), "all");
    return props;
  }

  private static java.util.Set<String> wordsOr(
      Environment env, String name, java.util.Set<String> fallback) {
    String value = env.get(name);
    return value == null ? fallback : Keywords.words(value);
  }

  private static Properties copy(Properties source) {
    Properties copy = new Properties();
    copy.putAll(source);
    return copy;
  }

  /** A copy of the Kafka Streams properties. */
  @Override
  public Properties kafka() {
    return copy(kafka);
  }

  /** The application id in force. */
  public String applicationId() {
    return kafka.getProperty(StreamsConfig.APPLICATION_ID_CONFIG);
  }
}
