package io.wagate.sender.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.wagate.schemas.Json;
import io.wagate.schemas.config.Environment;
import io.wagate.schemas.config.Environment.ConfigurationException;
import io.wagate.schemas.events.Provider;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Reads the per-number provider settings, a JSON document (README, "Sender"):
 *
 * <pre>{@code
 * { "numbers": [
 *   { "businessNumber": "+31201234567", "provider": "META", "phoneNumberId": "106540352242922",
 *     "accessToken": { "env": "WAGATE_META_TOKEN" }, "messagesPerSecond": 80 },
 *   { "businessNumber": "+14155238886", "provider": "TWILIO", "accountSid": "AC…",
 *     "authToken": { "file": "/var/run/secrets/wagate/twilio-auth-token" },
 *     "contentSids": { "appointment_confirmation:en_US": "HX…" } } ] }
 * }</pre>
 *
 * Credentials are references ({@code env} or {@code file}), resolved here once; a wrong document
 * fails with a message that names the entry and field, never a credential.
 */
public final class NumbersFile {

  /** The most a number may be configured to send per second (Meta's highest throughput). */
  public static final int MAX_MESSAGES_PER_SECOND = 1_000;

  private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{6,14}");

  private NumbersFile() {}

  /**
   * Parses the document and resolves every credential.
   *
   * @param json the document
   * @param source where it came from, for error messages
   * @param environment where {@code env} references are looked up
   * @param defaultMessagesPerSecond the throughput of numbers that set none
   * @return the settings by business number
   * @throws ConfigurationException when the document is not valid
   */
  public static Map<String, NumberSettings> parse(
      String json, String source, Environment environment, int defaultMessagesPerSecond) {
    JsonNode root;
    try {
      root = Json.MAPPER.readTree(json);
    } catch (IOException e) {
      throw new ConfigurationException(
          source + " is not JSON (" + e.getClass().getSimpleName() + ")");
    }
    JsonNode numbers = root == null ? null : root.get("numbers");
    if (numbers == null || !numbers.isArray()) {
      throw new ConfigurationException(source + " must be an object with a \"numbers\" array");
    }
    Map<String, NumberSettings> settings = new LinkedHashMap<>();
    for (int i = 0; i < numbers.size(); i++) {
      JsonNode entry = numbers.get(i);
      String where = source + " numbers[" + i + "]";
      NumberSettings number = entry(entry, where, environment, defaultMessagesPerSecond);
      if (settings.put(number.businessNumber(), number) != null) {
        throw new ConfigurationException(where + ": " + number.businessNumber() + " appears twice");
      }
    }
    return Map.copyOf(settings);
  }

  private static NumberSettings entry(
      JsonNode entry, String where, Environment environment, int defaultMessagesPerSecond) {
    if (entry == null || !entry.isObject()) {
      throw new ConfigurationException(where + " must be an object");
    }
    String businessNumber = required(entry, "businessNumber", where);
    if (!E164.matcher(businessNumber).matches()) {
      throw new ConfigurationException(where + ".businessNumber must be E.164, e.g. +31201234567");
    }
    Provider provider;
    try {
      provider = Provider.valueOf(required(entry, "provider", where).toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException(where + ".provider must be META or TWILIO");
    }
    int perSecond = defaultMessagesPerSecond;
    JsonNode rate = entry.get("messagesPerSecond");
    if (rate != null && !rate.isNull()) {
      if (!rate.canConvertToInt()) {
        throw new ConfigurationException(where + ".messagesPerSecond must be a whole number");
      }
      perSecond = rate.intValue();
    }
    if (perSecond < 1 || perSecond > MAX_MESSAGES_PER_SECOND) {
      throw new ConfigurationException(
          where + ".messagesPerSecond must be between 1 and " + MAX_MESSAGES_PER_SECOND);
    }
    if (provider == Provider.META) {
      return new NumberSettings(
          businessNumber,
          provider,
          perSecond,
          required(entry, "phoneNumberId", where),
          secret(entry, "accessToken", where, environment),
          null,
          null,
          null,
          Map.of());
    }
    String accountSid = required(entry, "accountSid", where);
    String apiKeySid = optional(entry, "apiKeySid");
    String password =
        apiKeySid == null
            ? secret(entry, "authToken", where, environment)
            : secret(entry, "apiKeySecret", where, environment);
    return new NumberSettings(
        businessNumber,
        provider,
        perSecond,
        null,
        null,
        accountSid,
        apiKeySid == null ? accountSid : apiKeySid,
        password,
        contentSids(entry.get("contentSids"), where));
  }

  private static Map<String, String> contentSids(@Nullable JsonNode node, String where) {
    if (node == null || node.isNull()) {
      return Map.of();
    }
    if (!node.isObject()) {
      throw new ConfigurationException(where + ".contentSids must map name:language to a SID");
    }
    Map<String, String> sids = new LinkedHashMap<>();
    node.fields()
        .forEachRemaining(
            field -> {
              if (!field.getValue().isTextual() || field.getValue().asText().isBlank()) {
                throw new ConfigurationException(
                    where + ".contentSids." + field.getKey() + " must be a Content SID (HX…)");
              }
              sids.put(field.getKey(), field.getValue().asText().strip());
            });
    return sids;
  }

  private static String secret(JsonNode entry, String field, String where, Environment env) {
    JsonNode reference = entry.get(field);
    String path = where + "." + field;
    if (reference == null || !reference.isObject()) {
      throw new ConfigurationException(
          path + " must be {\"env\": \"VARIABLE\"} or {\"file\": \"/path\"}, never the secret");
    }
    return Secrets.read(env, path, optional(reference, "env"), optional(reference, "file"));
  }

  private static String required(JsonNode node, String field, String where) {
    String value = optional(node, field);
    if (value == null) {
      throw new ConfigurationException(where + "." + field + " is required");
    }
    return value;
  }

  private static @Nullable String optional(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual() || value.asText().isBlank()) {
      return null;
    }
    return value.asText().strip();
  }
}
