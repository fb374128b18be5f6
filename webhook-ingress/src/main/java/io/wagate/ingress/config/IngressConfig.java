package io.wagate.ingress.config;

import io.wagate.schemas.config.Environment;
import io.wagate.schemas.config.Environment.ConfigurationException;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.jspecify.annotations.Nullable;

/**
 * The ingress configuration, read once from the environment.
 *
 * <p>A provider whose secret is absent is not disabled silently: every POST to its endpoints is
 * answered 401, and {@link io.wagate.ingress.IngressService} warns about it at start-up.
 *
 * @param host the address to listen on ({@code WAGATE_INGRESS_HOST}, default all interfaces)
 * @param port the webhook, health and metrics port ({@code WAGATE_INGRESS_PORT}, default 8080; 0
 *     picks a free port)
 * @param metaAppSecret the Meta app secret that signs {@code X-Hub-Signature-256}
 * @param metaVerifyToken the token Meta's verification handshake must present
 * @param twilioAuthToken the Twilio auth token that signs {@code X-Twilio-Signature}
 * @param publicBaseUrl the public URL Twilio calls, without a trailing slash, e.g. {@code
 *     https://hooks.example.com}
 * @param maxBodyBytes the largest request body accepted; larger ones get 413
 * @param publishTimeout how long a request waits for Kafka's acknowledgement before it gets 503
 * @param idleTimeout how long a connection may stay silent, also while a body is being read
 * @param shutdownTimeout how long in-flight requests may take to finish on shutdown
 * @param readinessInterval how often Kafka's reachability is checked for {@code /health/ready}
 * @param metaIgnoredFields Meta change fields the ingress does not map ({@code
 *     WAGATE_META_IGNORED_FIELDS}): their changes go to {@code wa.dlq} as unsupported, to be
 *     replayed with {@code dlq replay} once the setting no longer names them
 * @param kafka the Kafka client properties from {@code KAFKA_*}
 */
public record IngressConfig(
    String host,
    int port,
    @Nullable String metaAppSecret,
    @Nullable String metaVerifyToken,
    @Nullable String twilioAuthToken,
    @Nullable String publicBaseUrl,
    int maxBodyBytes,
    Duration publishTimeout,
    Duration idleTimeout,
    Duration shutdownTimeout,
    Duration readinessInterval,
    Set<String> metaIgnoredFields,
    Properties kafka) {

  /** {@code WAGATE_INGRESS_HOST}. */
  public static final String HOST = "WAGATE_INGRESS_HOST";

  /** {@code WAGATE_INGRESS_PORT}. */
  public static final String PORT = "WAGATE_INGRESS_PORT";

  /** {@code WAGATE_META_APP_SECRET}; {@code WAGATE_META_APP_SECRET_FILE} names a file instead. */
  public static final String META_APP_SECRET = "WAGATE_META_APP_SECRET";

  /** {@code WAGATE_META_VERIFY_TOKEN}; {@code _FILE} names a file instead. */
  public static final String META_VERIFY_TOKEN = "WAGATE_META_VERIFY_TOKEN";

  /** {@code WAGATE_TWILIO_AUTH_TOKEN}; {@code _FILE} names a file instead. */
  public static final String TWILIO_AUTH_TOKEN = "WAGATE_TWILIO_AUTH_TOKEN";

  /** {@code WAGATE_PUBLIC_BASE_URL}. */
  public static final String PUBLIC_BASE_URL = "WAGATE_PUBLIC_BASE_URL";

  /** {@code WAGATE_INGRESS_MAX_BODY_BYTES}. */
  public static final String MAX_BODY_BYTES = "WAGATE_INGRESS_MAX_BODY_BYTES";

  /** {@code WAGATE_INGRESS_PUBLISH_TIMEOUT}. */
  public static final String PUBLISH_TIMEOUT = "WAGATE_INGRESS_PUBLISH_TIMEOUT";

  /** {@code WAGATE_INGRESS_IDLE_TIMEOUT}. */
  public static final String IDLE_TIMEOUT = "WAGATE_INGRESS_IDLE_TIMEOUT";

  /** {@code WAGATE_INGRESS_SHUTDOWN_TIMEOUT}. */
  public static final String SHUTDOWN_TIMEOUT = "WAGATE_INGRESS_SHUTDOWN_TIMEOUT";

  /** {@code WAGATE_INGRESS_READINESS_INTERVAL}. */
  public static final String READINESS_INTERVAL = "WAGATE_INGRESS_READINESS_INTERVAL";

  /** {@code WAGATE_META_IGNORED_FIELDS}: comma-separated Meta change fields not to map. */
  public static final String META_IGNORED_FIELDS = "WAGATE_META_IGNORED_FIELDS";

  private static final String FILE_SUFFIX = "_FILE";
  private static final int MAX_PORT = 65_535;

  /** Validates the components and takes a private copy of the Kafka properties. */
  public IngressConfig {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(publishTimeout, "publishTimeout");
    Objects.requireNonNull(idleTimeout, "idleTimeout");
    Objects.requireNonNull(shutdownTimeout, "shutdownTimeout");
    Objects.requireNonNull(readinessInterval, "readinessInterval");
    metaIgnoredFields = Set.copyOf(metaIgnoredFields);
    Properties copy = new Properties();
    copy.putAll(Objects.requireNonNull(kafka, "kafka"));
    kafka = copy;
  }

  /**
   * Reads the configuration, failing with a message that names the variable that is missing or
   * wrong.
   *
   * @param env the environment
   * @return the configuration
   * @throws ConfigurationException when a variable is missing or malformed
   */
  public static IngressConfig from(Environment env) {
    Properties kafka = env.kafkaProperties();
    env.require("KAFKA_BOOTSTRAP_SERVERS");

    int port = env.getInt(PORT, 8080);
    if (port < 0 || port > MAX_PORT) {
      throw new ConfigurationException(PORT + " must be between 0 and " + MAX_PORT);
    }
    int maxBodyBytes = env.getInt(MAX_BODY_BYTES, 1024 * 1024);
    if (maxBodyBytes <= 0) {
      throw new ConfigurationException(MAX_BODY_BYTES + " must be positive");
    }
    String twilioAuthToken = secret(env, TWILIO_AUTH_TOKEN);
    String publicBaseUrl = baseUrl(env.get(PUBLIC_BASE_URL));
    if (twilioAuthToken != null && publicBaseUrl == null) {
      // Twilio signs the public URL it called; without it no Twilio request could ever verify.
      throw new ConfigurationException(
          PUBLIC_BASE_URL + " must be set when " + TWILIO_AUTH_TOKEN + " is set");
    }
    Duration publishTimeout = positive(env, PUBLISH_TIMEOUT, Duration.ofSeconds(10));
    Duration idleTimeout = positive(env, IDLE_TIMEOUT, Duration.ofSeconds(30));
    Duration shutdownTimeout = positive(env, SHUTDOWN_TIMEOUT, Duration.ofSeconds(30));
    // A request waiting for Kafka sends and receives nothing: the connection must outlive the wait,
    // and a drain must let the wait end, or the provider gets neither its 200 nor its 503.
    if (idleTimeout.compareTo(publishTimeout) <= 0) {
      throw new ConfigurationException(
          IDLE_TIMEOUT + " must be longer than " + PUBLISH_TIMEOUT + " (" + publishTimeout + ")");
    }
    if (shutdownTimeout.compareTo(publishTimeout) < 0) {
      throw new ConfigurationException(
          SHUTDOWN_TIMEOUT + " must be at least " + PUBLISH_TIMEOUT + " (" + publishTimeout + ")");
    }
    return new IngressConfig(
        env.get(HOST, "0.0.0.0"),
        port,
        secret(env, META_APP_SECRET),
        secret(env, META_VERIFY_TOKEN),
        twilioAuthToken,
        publicBaseUrl,
        maxBodyBytes,
        publishTimeout,
        idleTimeout,
        shutdownTimeout,
        positive(env, READINESS_INTERVAL, Duration.ofSeconds(5)),
        fields(env.get(META_IGNORED_FIELDS)),
        kafka);
  }

  /** The Kafka client properties; a copy, so callers may add their own. */
  @Override
  public Properties kafka() {
    Properties copy = new Properties();
    copy.putAll(kafka);
    return copy;
  }

  /** Where Kafka is, for log lines. */
  public String bootstrapServers() {
    return kafka.getProperty(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG);
  }

  /** Never prints a secret: only whether each one is configured. */
  @Override
  public String toString() {
    return "IngressConfig[host="
        + host
        + ", port="
        + port
        + ", metaAppSecret="
        + configured(metaAppSecret)
        + ", metaVerifyToken="
        + configured(metaVerifyToken)
        + ", twilioAuthToken="
        + configured(twilioAuthToken)
        + ", publicBaseUrl="
        + publicBaseUrl
        + ", maxBodyBytes="
        + maxBodyBytes
        + ", publishTimeout="
        + publishTimeout
        + ", idleTimeout="
        + idleTimeout
        + ", shutdownTimeout="
        + shutdownTimeout
        + ", readinessInterval="
        + readinessInterval
        + ", metaIgnoredFields="
        + new TreeSet<>(metaIgnoredFields)
        + ", bootstrapServers="
        + bootstrapServers()
        + "]";
  }

  private static Set<String> fields(@Nullable String value) {
    if (value == null) {
      return Set.of();
    }
    Set<String> fields = new TreeSet<>();
    for (String field : value.split(",", -1)) {
      if (!field.isBlank()) {
        fields.add(field.strip());
      }
    }
    return fields;
  }

  private static String configured(@Nullable String secret) {
    return secret == null ? "<unset>" : "<set>";
  }

  private static Duration positive(Environment env, String name, Duration fallback) {
    Duration value = env.getDuration(name, fallback);
    if (value.isNegative() || value.isZero()) {
      throw new ConfigurationException(name + " must be a positive duration");
    }
    return value;
  }

  /**
   * A secret from {@code NAME} or from the file named by {@code NAME_FILE} (as Docker and
   * Kubernetes secrets are mounted); setting both is ambiguous and fails.
   */
  private static @Nullable String secret(Environment env, String name) {
    String direct = env.get(name);
    String file = env.get(name + FILE_SUFFIX);
    if (direct != null && file != null) {
      throw new ConfigurationException(
          "set only one of " + name + " and " + name + FILE_SUFFIX + ", not both");
    }
    if (file == null) {
      return direct;
    }
    try {
      String content = Files.readString(Path.of(file), StandardCharsets.UTF_8).strip();
      if (content.isEmpty()) {
        throw new ConfigurationException(name + FILE_SUFFIX + " names an empty file");
      }
      return content;
    } catch (IOException e) {
      throw new ConfigurationException(
          name
              + FILE_SUFFIX
              + " names a file that cannot be read: "
              + e.getClass().getSimpleName());
    }
  }

  private static @Nullable String baseUrl(@Nullable String value) {
    if (value == null) {
      return null;
    }
    String trimmed = value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
    try {
      URI uri = new URI(trimmed);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
        throw new ConfigurationException(
            PUBLIC_BASE_URL + " must be an absolute http(s) URL, got '" + value + "'");
      }
      if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
        throw new ConfigurationException(
            PUBLIC_BASE_URL + " must not carry a query or fragment, got '" + value + "'");
      }
    } catch (URISyntaxException e) {
      throw new ConfigurationException(
          PUBLIC_BASE_URL + " must be an absolute http(s) URL, got '" + value + "'");
    }
    return trimmed;
  }
}
