package io.wagate.ingress.meta;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.wagate.ingress.UnparseablePayloadException;
import io.wagate.schemas.Json;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Reads the parts of a Meta webhook body. Every failure names the place in the body ({@code
 * entry[0].changes[1].value.messages[0].timestamp}), never the value found there: it may be a phone
 * number or a message.
 */
final class MetaJson {

  private MetaJson() {}

  /** A string or number field as text; null when absent, null or empty. */
  static @Nullable String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !(value.isTextual() || value.isNumber())) {
      return null;
    }
    String text = value.asText();
    return text.isEmpty() ? null : text;
  }

  /** The first of {@code fields} that {@link #text} finds; null when none does. */
  static @Nullable String firstText(JsonNode node, String... fields) {
    for (String field : fields) {
      String text = text(node, field);
      if (text != null) {
        return text;
      }
    }
    return null;
  }

  static String requireText(JsonNode node, String field, String at)
      throws UnparseablePayloadException {
    String value = text(node, field);
    if (value == null) {
      throw new UnparseablePayloadException(at + " is missing");
    }
    return value;
  }

  /** Meta's times are Unix seconds, as a string in messages and as a number elsewhere. */
  static Instant timestamp(JsonNode node, String field, String at)
      throws UnparseablePayloadException {
    String value = requireText(node, field, at);
    try {
      return Instant.ofEpochSecond(Long.parseLong(value));
    } catch (NumberFormatException e) {
      throw new UnparseablePayloadException(at + " is not Unix seconds", e);
    }
  }

  /** Like {@link #timestamp} for a field that may be absent: null then. */
  static @Nullable Instant optionalTimestamp(JsonNode node, String field, String at)
      throws UnparseablePayloadException {
    return text(node, field) == null ? null : timestamp(node, field, at);
  }

  static JsonNode object(@Nullable JsonNode node, String at) throws UnparseablePayloadException {
    if (node == null || !node.isObject()) {
      throw new UnparseablePayloadException(at + " is not an object");
    }
    return node;
  }

  static ArrayNode array(JsonNode node, String field, String at)
      throws UnparseablePayloadException {
    JsonNode value = node.get(field);
    if (value == null || !value.isArray()) {
      throw new UnparseablePayloadException(at + " is not an array");
    }
    return (ArrayNode) value;
  }

  static ArrayNode optionalArray(JsonNode node, String field, String at)
      throws UnparseablePayloadException {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return Json.MAPPER.createArrayNode();
    }
    if (!value.isArray()) {
      throw new UnparseablePayloadException(at + " is not an array");
    }
    return (ArrayNode) value;
  }
}
