package io.wagate.streams.app;

import io.wagate.schemas.config.Environment;
import io.wagate.streams.http.QueryAccess;
import java.time.Duration;

/**
 * How the streams app runs as a service: where its HTTP server listens, how other instances reach
 * it, and how long start-up and shutdown may take. The topology's own settings are in {@link
 * io.wagate.streams.config.WagateConfig}.
 *
 * @param httpHost {@code WAGATE_HTTP_HOST}: the address the HTTP server binds
 * @param advertisedHost {@code WAGATE_ADVERTISED_HOST}: the host other instances use to forward
 *     queries here; with the HTTP port it becomes {@code application.server} unless {@code
 *     KAFKA_APPLICATION_SERVER} is set
 * @param startupTimeout {@code WAGATE_STARTUP_TIMEOUT}: how long the start-up checks wait for the
 *     broker
 * @param shutdownTimeout {@code WAGATE_SHUTDOWN_TIMEOUT}: how long closing Kafka Streams may take
 * @param queryAccess {@code WAGATE_QUERY_TOKEN} or {@code WAGATE_QUERY_TOKEN_FILE}: who may call
 *     the query API
 */
public record ServiceSettings(
    String httpHost,
    String advertisedHost,
    Duration startupTimeout,
    Duration shutdownTimeout,
    QueryAccess queryAccess) {

  /**
   * Binds every interface: in a container or pod, other instances and Prometheus come from outside.
   */
  public static final String DEFAULT_HTTP_HOST = "0.0.0.0";

  public static final String DEFAULT_ADVERTISED_HOST = "localhost";

  public static final Duration DEFAULT_STARTUP_TIMEOUT = Duration.ofSeconds(30);

  public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);

  public ServiceSettings {
    if (startupTimeout.isZero() || startupTimeout.isNegative()) {
      throw new Environment.ConfigurationException("WAGATE_STARTUP_TIMEOUT must be positive");
    }
    if (shutdownTimeout.isNegative()) {
      throw new Environment.ConfigurationException("WAGATE_SHUTDOWN_TIMEOUT must not be negative");
    }
  }

  /** Reads the settings from {@code env}, failing fast with the variable that is wrong. */
  public static ServiceSettings from(Environment env) {
    return new ServiceSettings(
        env.get("WAGATE_HTTP_HOST", DEFAULT_HTTP_HOST),
        env.get("WAGATE_ADVERTISED_HOST", DEFAULT_ADVERTISED_HOST),
        env.getDuration("WAGATE_STARTUP_TIMEOUT", DEFAULT_STARTUP_TIMEOUT),
        env.getDuration("WAGATE_SHUTDOWN_TIMEOUT", DEFAULT_SHUTDOWN_TIMEOUT),
        QueryAccess.from(env));
  }
}
