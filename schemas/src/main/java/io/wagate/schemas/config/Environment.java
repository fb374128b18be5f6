package io.wagate.schemas.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.jspecify.annotations.Nullable;

/**
 * Reads wagate's configuration from environment variables, failing fast with the name of the
 * variable that is wrong. Both services build their typed configuration through it.
 *
 * <p>{@code KAFKA_BOOTSTRAP_SERVERS} and every other {@code KAFKA_FOO_BAR} become the Kafka
 * property {@code foo.bar}; wagate's own settings are {@code WAGATE_*}.
 */
public final class Environment {

  private static final String KAFKA_PREFIX = "KAFKA_";

  private final Map<String, String> variables;

  private Environment(Map<String, String> variables) {
    this.variables = Map.copyOf(variables);
  }

  /** The process environment. */
  public static Environment system() {
    return new Environment(System.getenv());
  }

  /** An environment of the given variables, for tests and embedded runs. */
  public static Environment of(Map<String, String> variables) {
    return new Environment(variables);
  }

  /** A copy with {@code overrides} laid over these variables. */
  public Environment with(Map<String, String> overrides) {
    var merged = new java.util.HashMap<>(variables);
    merged.putAll(overrides);
    return new Environment(merged);
  }

  /** Every {@code KAFKA_FOO_BAR} variable as the Kafka property {@code foo.bar}. */
  public Properties kafkaProperties() {
    Properties properties = new Properties();
    variables.forEach(
        (name, value) -> {
          if (name.startsWith(KAFKA_PREFIX) && name.length() > KAFKA_PREFIX.length()) {
            String property =
                name.substring(KAFKA_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.');
            properties.setProperty(property, value);
          }
        });
    return properties;
  }

  /** The variable's value, or null when unset or blank. */
  public @Nullable String get(String name) {
    String value = variables.get(name);
    return value == null || value.isBlank() ? null : value.strip();
  }

  /** The variable's value, or {@code fallback}. */
  public String get(String name, String fallback) {
    String value = get(name);
    return value == null ? fallback : value;
  }

  /** The variable's value; fails naming it when it is unset. */
  public String require(String name) {
    String value = get(name);
    if (value == null) {
      throw new ConfigurationException(name + " must be set");
    }
    return value;
  }

  /** An integer variable, or {@code fallback}. */
  public int getInt(String name, int fallback) {
    String value = get(name);
    if (value == null) {
      return fallback;
    }
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new ConfigurationException(name + " must be a whole number, got '" + value + "'");
    }
  }

  /** A boolean variable ({@code true}/{@code false}), or {@code fallback}. */
  public boolean getBoolean(String name, boolean fallback) {
    String value = get(name);
    if (value == null) {
      return fallback;
    }
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new ConfigurationException(name + " must be true or false");
    };
  }

  /** An ISO-8601 duration variable ({@code PT5M}, {@code P7D}), or {@code fallback}. */
  public Duration getDuration(String name, Duration fallback) {
    String value = get(name);
    if (value == null) {
      return fallback;
    }
    try {
      return Duration.parse(value);
    } catch (DateTimeParseException e) {
      throw new ConfigurationException(
          name + " must be an ISO-8601 duration such as PT5M, got '" + value + "'");
    }
  }

  /** A configuration error; its message names the variable. */
  public static final class ConfigurationException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** An error described by {@code message}. */
    public ConfigurationException(String message) {
      super(message);
    }
  }
}
