package io.wagate.streams.config;

import io.wagate.schemas.DeadLetterRecords;
import io.wagate.schemas.Topics;
import io.wagate.schemas.config.Environment;
import io.wagate.streams.errors.DeadLetterHandler;
import java.time.Duration;
import java.util.Locale;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

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
 * @param inboundDedupRetention {@code WAGATE_INBOUND_DEDUP_RETENTION}: how long inbound message ids
 *     are remembered, so a webhook the provider delivers again acts once
 * @param maxRecordBytes {@code WAGATE_MAX_RECORD_BYTES}: the largest record wagate writes, dead
 *     letters included (a dead letter that would be larger is cut, and says so)
 * @param reports how the reports keep and attribute what they count ({@code WAGATE_REPORT_*})
 * @param messagingLimits {@code WAGATE_MESSAGING_LIMITS}: whether business-initiated templates are
 *     counted per portfolio and held beyond its messaging limit
 * @param defaultMessagingLimit {@code WAGATE_DEFAULT_MESSAGING_LIMIT}: the limit of a portfolio
 *     nobody (operator or Meta) said one for; -1 for none
 * @param holdTtl {@code WAGATE_HOLD_TTL}: how long a held template waits before it ends {@code
 *     EXPIRED}
 * @param holdFlaggedMarketing {@code WAGATE_FLAGGED_MARKETING=HOLD}: whether marketing templates of
 *     a number Meta flagged are held until the flag is lifted ({@code SEND} lets them go)
 * @param partitions the partition count of the conversation topics, which every repartition topic
 *     shares; found at start-up ({@link #withPartitions}), {@link #UNKNOWN_PARTITIONS} until then
 *     (a topology cannot be built without it)
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
    String disabledNumberReply,
    Duration inboundDedupRetention,
    int maxRecordBytes,
    ReportConfig reports,
    boolean messagingLimits,
    int defaultMessagingLimit,
    Duration holdTtl,
    boolean holdFlaggedMarketing,
    int partitions) {

  /** The 24 hours WhatsApp keeps a customer-service window open after the user's last message. */
  public static final Duration WINDOW = Duration.ofHours(24);

  /** The smallest {@code WAGATE_MAX_RECORD_BYTES}: room for a record and what wagate adds to it. */
  static final int MIN_RECORD_BYTES = 64 * 1024;

  private static final int INPUT_HEADROOM = 16 * 1024;

  /** {@link #partitions} before {@link #withPartitions} says it. */
  public static final int UNKNOWN_PARTITIONS = 0;

  /** Default application id, also the prefix of internal topics. */
  public static final String DEFAULT_APPLICATION_ID = "wagate";

  public static final String DEFAULT_DISABLED_NUMBER_REPLY =
      "This number does not take WhatsApp messages. Please contact us another way.";

  public WagateConfig {
    kafka = copy(kafka);
    kafka.put(DeadLetterHandler.MAX_RECORD_BYTES_CONFIG, Integer.toString(maxRecordBytes));
    if (maxSendAttempts < 1) {
      throw new Environment.ConfigurationException("WAGATE_MAX_SEND_ATTEMPTS must be at least 1");
    }
    if (maxRecordBytes < MIN_RECORD_BYTES) {
      throw new Environment.ConfigurationException(
          "WAGATE_MAX_RECORD_BYTES must be at least " + MIN_RECORD_BYTES);
    }
    if (partitions < UNKNOWN_PARTITIONS) {
      throw new IllegalArgumentException("partitions must not be negative, was " + partitions);
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
    Failover.apply(kafka, env.get(Failover.INSTANCE_ID));
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
        env.get("WAGATE_DISABLED_NUMBER_REPLY", DEFAULT_DISABLED_NUMBER_REPLY),
        env.getDuration("WAGATE_INBOUND_DEDUP_RETENTION", Duration.ofDays(7)),
        env.getInt("WAGATE_MAX_RECORD_BYTES", DeadLetterRecords.DEFAULT_MAX_BYTES),
        ReportConfig.from(env),
        env.getBoolean("WAGATE_MESSAGING_LIMITS", true),
        env.getInt("WAGATE_DEFAULT_MESSAGING_LIMIT", -1),
        env.getDuration("WAGATE_HOLD_TTL", Duration.ofHours(24)),
        flaggedMarketing(env),
        UNKNOWN_PARTITIONS);
  }

  /** The same configuration for conversation topics of {@code partitions} partitions. */
  public WagateConfig withPartitions(int partitions) {
    return new WagateConfig(
        kafka,
        httpPort,
        windowSafetyMargin,
        optInRequestInterval,
        parkedRequestTtl,
        maxSendAttempts,
        requireRegisteredTemplates,
        requestRetention,
        punctuationInterval,
        keywords,
        disabledNumberReply,
        inboundDedupRetention,
        maxRecordBytes,
        reports,
        messagingLimits,
        defaultMessagingLimit,
        holdTtl,
        holdFlaggedMarketing,
        partitions);
  }

  private static boolean flaggedMarketing(Environment env) {
    String value = env.get("WAGATE_FLAGGED_MARKETING", "HOLD").strip().toUpperCase(Locale.ROOT);
    return switch (value) {
      case "HOLD" -> true;
      case "SEND" -> false;
      default ->
          throw new Environment.ConfigurationException(
              "WAGATE_FLAGGED_MARKETING must be HOLD or SEND");
    };
  }

  /**
   * The largest input record forwarded whole: the record size limit less room for the headers and
   * fields wagate adds. A larger send request is rejected as {@code TOO_LONG}; any other larger
   * input goes to {@code wa.dlq}.
   */
  public int maxInputBytes() {
    return maxRecordBytes - INPUT_HEADROOM;
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
        DeadLetterHandler.class.getName());
    props.put(
        StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class.getName());
    props.put(
        StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class.getName());
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
