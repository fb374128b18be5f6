package io.wagate.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.ValidationMessage;
import io.wagate.schemas.events.Note;
import io.wagate.schemas.events.OutboundMessage;
import io.wagate.schemas.events.RequestStatus;
import io.wagate.schemas.events.Session;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Documents the schemas must refuse, and edge documents the contract allows, each derived from a
 * valid document by a small change. A refusal must come from the expected keyword, so that a case
 * cannot pass by breaking something else.
 */
class SchemaRefusalTest {

  private static final String SEND = "send-request.schema.json";
  private static final String CONSENT = "consent.schema.json";
  private static final String INBOUND = "inbound.schema.json";
  private static final String ACCOUNT = "account-event.schema.json";
  private static final String CALLBACK = "status-callback.schema.json";
  private static final String TEMPLATE = "template.schema.json";
  private static final String NUMBER = "business-number.schema.json";
  private static final String CATALOG = "error-catalog-entry.schema.json";
  private static final String OUTBOUND = "outbound-message.schema.json";
  private static final String STATUS = "status.schema.json";
  private static final String NOTE = "note.schema.json";
  private static final String SESSION = "session.schema.json";
  private static final String KEY = "conversation-key.schema.json";

  static Stream<Arguments> refused() {
    return Stream.of(
        // wa.send.requests
        refuse(SEND, "required", remove("/requestId")),
        refuse(SEND, "required", remove("/businessNumber")),
        refuse(SEND, "required", remove("/to")),
        refuse(SEND, "required", remove("/kind")),
        refuse(SEND, "type", set("/requestId", "42")),
        refuse(SEND, "minLength", set("/requestId", "\"\"")),
        refuse(SEND, "type", set("/to", "null")),
        refuse(SEND, "enum", set("/kind", "\"SMS\"")),
        refuse(SEND, "enum", set("/kind", "\"UNKNOWN\"")),
        refuse(SEND, "pattern", set("/businessNumber", "\"020 1234567\"")),
        refuse(SEND, "required", remove("/template")),
        refuse(SEND, "type", set("/template", "null")),
        refuse(SEND, "required", set("/kind", "\"TEXT\""), remove("/text")),
        refuse(SEND, "type", set("/kind", "\"TEXT\""), set("/text", "null")),
        refuse(SEND, "required", remove("/template/name")),
        refuse(SEND, "enum", set("/template/category", "\"PROMOTIONAL\"")),
        refuse(SEND, "enum", set("/template/category", "\"UNKNOWN\"")),
        refuse(SEND, "type", set("/template/parameters", "[1, 2]")),
        refuse(SEND, "required", remove("/text/body")),
        refuse(SEND, "type", set("/text/previewUrl", "\"yes\"")),
        refuse(SEND, "type", set("/smsFallback", "\"false\"")),
        refuse(SEND, "type", set("/person", "\"Anna Jansen\"")),
        refuse(SEND, "pattern", set("/defaultRegion", "\"NLD\"")),
        refuse(SEND, "format", set("/createdAt", "\"2026-11-22 09:30\"")),
        refuse(SEND, "pattern", set("/createdAt", "\"2026-11-22T10:30:00+01:00\"")),
        // wa.consent
        refuse(CONSENT, "required", remove("/contact")),
        refuse(CONSENT, "required", remove("/status")),
        refuse(CONSENT, "enum", set("/status", "\"MAYBE\"")),
        refuse(CONSENT, "enum", set("/categories", "[\"PROMO\"]")),
        refuse(CONSENT, "type", set("/categories", "\"UTILITY\"")),
        refuse(CONSENT, "uniqueItems", set("/categories", "[\"UTILITY\", \"UTILITY\"]")),
        refuse(CONSENT, "format", set("/capturedAt", "\"yesterday\"")),
        refuse(CONSENT, "pattern", set("/businessNumber", "\"31201234567\"")),
        // wa.inbound
        refuse(INBOUND, "enum", set("/provider", "\"WHATSAPP\"")),
        refuse(INBOUND, "required", remove("/occurredAt")),
        refuse(INBOUND, "type", set("/occurredAt", "1795340000")),
        refuse(INBOUND, "pattern", set("/contact", "\"06 12345678\"")),
        refuse(INBOUND, "pattern", set("/contact", "\"whatsapp:+31612345678\"")),
        refuse(INBOUND, "pattern", set("/businessNumber", "\"+31 20 1234567\"")),
        refuse(INBOUND, "pattern", set("/type", "\"user_preferences\"")),
        refuse(INBOUND, "pattern", set("/type", "\"user_preferences\""), set("/text", "\"STOP\"")),
        refuse(INBOUND, "minLength", set("/type", "\"system\""), set("/text", "\"\"")),
        refuse(INBOUND, "minLength", set("/userId", "\"\"")),
        refuse(INBOUND, "type", set("/userId", "13491208655302741918")),
        refuse(INBOUND, "pattern", set("/newContact", "\"0612345678\"")),
        refuse(INBOUND, "minLength", set("/type", "\"\"")),
        // wa.status.callbacks
        refuse(CALLBACK, "pattern", set("/status", "\"FAILED\"")),
        refuse(CALLBACK, "required", remove("/status")),
        refuse(CALLBACK, "enum", set("/provider", "\"twilio\"")),
        refuse(CALLBACK, "pattern", set("/contact", "\"+0612345678\"")),
        refuse(CALLBACK, "type", set("/errorCode", "63016")),
        refuse(CALLBACK, "minLength", set("/userId", "\"\"")),
        // wa.account-events
        refuse(ACCOUNT, "required", remove("/wabaId")),
        refuse(ACCOUNT, "required", remove("/value")),
        refuse(ACCOUNT, "type", set("/value", "\"FLAGGED\"")),
        refuse(ACCOUNT, "pattern", set("/event", "\"flagged\"")),
        refuse(ACCOUNT, "pattern", set("/businessNumber", "\"15550783881\"")),
        refuse(ACCOUNT, "minimum", set("/messagingLimit", "-2")),
        refuse(ACCOUNT, "type", set("/messagingLimit", "\"TIER_2K\"")),
        refuse(ACCOUNT, "pattern", set("/category", "\"marketing\"")),
        refuse(CALLBACK, "required", remove("/businessNumber")),
        // wa.templates
        refuse(TEMPLATE, "enum", set("/status", "\"ACTIVE\"")),
        refuse(TEMPLATE, "minimum", set("/bodyParameterCount", "-1")),
        refuse(TEMPLATE, "type", set("/bodyParameterCount", "\"2\"")),
        refuse(TEMPLATE, "required", remove("/name")),
        refuse(TEMPLATE, "enum", set("/category", "\"UNKNOWN\"")),
        // wa.business-numbers
        refuse(NUMBER, "required", remove("/businessNumber")),
        refuse(NUMBER, "type", set("/whatsappEnabled", "\"true\"")),
        refuse(NUMBER, "required", remove("/optInTemplate/language")),
        refuse(NUMBER, "pattern", set("/businessNumber", "\"0201234567\"")),
        // wa.error-catalog
        refuse(CATALOG, "enum", set("/action", "\"EXPLODE\"")),
        refuse(CATALOG, "pattern", set("/retryAfter", "\"1 minute\"")),
        refuse(CATALOG, "pattern", set("/retryAfter", "\"P1M\"")),
        refuse(CATALOG, "pattern", set("/retryAfter", "\"PT\"")),
        refuse(CATALOG, "required", remove("/code")),
        refuse(CATALOG, "type", set("/code", "63010")),
        // wa.send.template, wa.send.freeform, wa.send.sms-fallback
        refuse(OUTBOUND, "pattern", set("/to", "\"06 12345678\"")),
        refuse(OUTBOUND, "pattern", set("/to", "\"whatsapp:+31612345678\"")),
        refuse(OUTBOUND, "pattern", set("/businessNumber", "\"+31 20 1234567\"")),
        refuse(OUTBOUND, "minimum", set("/attempt", "0")),
        refuse(OUTBOUND, "type", set("/attempt", "1.5")),
        refuse(OUTBOUND, "enum", set("/purpose", "\"SPAM\"")),
        refuse(OUTBOUND, "enum", set("/kind", "\"UNKNOWN\"")),
        refuse(OUTBOUND, "format", set("/routedAt", "\"2026-11-22T09:30:00\"")),
        refuse(OUTBOUND, "required", remove("/routedAt")),
        refuse(OUTBOUND, "type", set("/template", "null")),
        refuse(OUTBOUND, "required", remove("/requestId")),
        // wa.status
        refuse(STATUS, "enum", set("/state", "\"PENDING\"")),
        refuse(STATUS, "required", remove("/reason")),
        refuse(STATUS, "const", set("/reason", "null")),
        refuse(STATUS, "const", set("/reason", "\"RATE_LIMITED\"")),
        refuse(STATUS, "const", set("/code", "\"WAGATE-OUTSIDE-WINDOW\"")),
        refuse(STATUS, "pattern", set("/contact", "\"06 12345678\"")),
        refuse(STATUS, "pattern", set("/businessNumber", "\"0201234567\"")),
        refuse(STATUS, "format", set("/at", "\"22-11-2026\"")),
        refuse(STATUS, "required", remove("/requestId")),
        // wa.notes
        refuse(NOTE, "required", remove("/text")),
        refuse(NOTE, "minLength", set("/text", "\"\"")),
        refuse(NOTE, "pattern", set("/contact", "\"06 12345678\"")),
        refuse(NOTE, "format", set("/createdAt", "\"now\"")),
        refuse(NOTE, "required", remove("/code")),
        refuse(NOTE, "type", set("/noteId", "null")),
        // wa.sessions
        refuse(SESSION, "enum", set("/optIn", "\"MAYBE\"")),
        refuse(SESSION, "type", set("/optedOutCategories", "null")),
        refuse(SESSION, "enum", set("/optedOutCategories", "[\"SPAM\"]")),
        refuse(SESSION, "type", set("/windowOpen", "\"yes\"")),
        refuse(SESSION, "required", remove("/updatedAt")),
        refuse(SESSION, "pattern", set("/contact", "\"0612345678\"")),
        refuse(SESSION, "format", set("/windowExpiresAt", "\"tomorrow\"")),
        // conversation keys
        refuse(KEY, "pattern", set("", "\"+31201234567\"")),
        refuse(KEY, "pattern", set("", "\"+31201234567|\"")),
        refuse(KEY, "pattern", set("", "\"|+31612345678\"")),
        refuse(KEY, "pattern", set("", "\"0201234567|+31612345678\"")),
        refuse(KEY, "pattern", set("", "\"+31201234567|06 12345678\"")),
        refuse(KEY, "pattern", set("", "\"+31201234567|+31612345678|+31612345679\"")),
        refuse(KEY, "pattern", set("", "\"+31201234567 | +31612345678\"")),
        refuse(KEY, "type", set("", "42")));
  }

  static Stream<Arguments> accepted() {
    return Stream.of(
        accept(SEND, set("/crmExtension", "{\"priority\": \"high\"}")),
        accept(SEND, set("/kind", "\"TEXT\""), remove("/template")),
        accept(SEND, set("/kind", "\"TEXT\""), set("/template", "null")),
        accept(SEND, set("/template/category", "null"), set("/template/parameters", "null")),
        accept(SEND, remove("/defaultRegion"), set("/to", "\"whatsapp:+31612345678\"")),
        accept(SEND, set("/defaultRegion", "\"nl\"")),
        accept(SEND, set("/createdAt", "\"2026-11-22T09:30:00.5Z\"")),
        accept(SEND, set("/person", "{\"firstName\": \"Anna\"}")),
        accept(CONSENT, remove("/categories")),
        accept(CONSENT, set("/categories", "null"), set("/capturedAt", "null")),
        accept(INBOUND, set("/type", "\"user_preferences\""), set("/text", "\"stop\"")),
        accept(INBOUND, set("/contact", "\"US.13491208655302741918\"")),
        accept(INBOUND, set("/type", "\"user_preferences\""), set("/text", "\"signup\"")),
        accept(INBOUND, set("/contact", "\"user.4f3a9c\""), set("/userId", "\"user.4f3a9c\"")),
        accept(
            INBOUND,
            set("/type", "\"system\""),
            set("/text", "\"user_changed_number\""),
            set("/newContact", "\"+5582999990001\"")),
        accept(CALLBACK, set("/userId", "\"US.ENT.11815799212886844830\"")),
        accept(ACCOUNT, set("/businessNumber", "null"), set("/messagingLimit", "-1")),
        accept(ACCOUNT, set("/provider", "\"META\""), set("/value", "{}")),
        accept(CALLBACK, set("/status", "\"partially_delivered\""), remove("/requestId")),
        accept(TEMPLATE, remove("/category"), remove("/body")),
        accept(NUMBER, remove("/optInTemplate"), remove("/whatsappEnabled")),
        accept(CATALOG, set("/retryAfter", "\"P1D\"")),
        accept(CATALOG, set("/retryAfter", "\"PT24H\"")),
        accept(CATALOG, set("/retryAfter", "\"PT0.5S\"")),
        accept(CATALOG, set("/retryAfter", "null")),
        accept(OUTBOUND, set("/to", "\"US.13491208655302741918\"")),
        accept(
            STATUS,
            set("/reason", "\"INVALID_PHONE\""),
            set("/code", "\"WAGATE-INVALID-PHONE\""),
            set("/contact", "\"06 1234\"")),
        accept(
            STATUS,
            set("/reason", "\"INVALID_REQUEST\""),
            set("/code", "\"WAGATE-INVALID-REQUEST\""),
            set("/businessNumber", "\"not a number\""),
            set("/contact", "null")),
        accept(STATUS, set("/state", "\"EXPIRED\""), set("/reason", "\"OPT_IN_TIMEOUT\"")),
        accept(
            STATUS, set("/state", "\"DELIVERED\""), set("/reason", "null"), set("/code", "null")),
        accept(NOTE, set("/code", "\"WAGATE-INVALID-PHONE\""), set("/contact", "\"abc\"")),
        accept(SESSION, set("/optedOutCategories", "[]")),
        accept(KEY, set("", "\"+31201234567|US.13491208655302741918\"")));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("refused")
  void shouldRefuseTheDocument(String schema, String change, String keyword, Op[] ops) {
    // Given
    JsonNode valid = base(schema);
    JsonNode changed = apply(valid, ops);

    // When
    Set<ValidationMessage> errors = JsonSchemas.validate(schema, changed);

    // Then
    assertThat(JsonSchemas.validate(schema, valid)).isEmpty();
    assertThat(errors).isNotEmpty();
    assertThat(errors.stream().map(ValidationMessage::getType).collect(Collectors.toSet()))
        .as("keywords of %s", errors)
        .contains(keyword);
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("accepted")
  void shouldAcceptTheDocument(String schema, String change, Op[] ops) {
    // Given
    JsonNode changed = apply(base(schema), ops);

    // When
    Set<ValidationMessage> errors = JsonSchemas.validate(schema, changed);

    // Then
    assertThat(errors).isEmpty();
  }

  /** A valid document of each schema to change: the contract's example, or a written record. */
  private static JsonNode base(String schema) {
    return switch (schema) {
      case SEND -> JsonSchemas.readResource("/contract-examples/send-request.json");
      case CONSENT -> JsonSchemas.readResource("/contract-examples/consent.json");
      case INBOUND -> JsonSchemas.readResource("/contract-examples/inbound.json");
      case ACCOUNT -> JsonSchemas.readResource("/contract-examples/account-event.json");
      case CALLBACK -> JsonSchemas.readResource("/contract-examples/status-callback.json");
      case TEMPLATE -> JsonSchemas.readResource("/contract-examples/template.json");
      case NUMBER -> JsonSchemas.readResource("/contract-examples/business-number.json");
      case CATALOG -> JsonSchemas.readResource("/contract-examples/error-catalog-entry.json");
      case KEY -> JsonSchemas.readResource("/contract-examples/conversation-key.json");
      case OUTBOUND -> written(OutboundMessage.class);
      case STATUS -> written(RequestStatus.class);
      case NOTE -> written(Note.class);
      case SESSION -> written(Session.class);
      default -> throw new IllegalArgumentException(schema);
    };
  }

  private static JsonNode written(Class<?> type) {
    return Json.MAPPER.valueToTree(Fixtures.FULL.get(type));
  }

  private static JsonNode apply(JsonNode valid, Op[] ops) {
    JsonNode document = valid.deepCopy();
    for (Op op : ops) {
      document = op.applyTo(document);
    }
    return document;
  }

  private static Arguments refuse(String schema, String keyword, Op... ops) {
    return arguments(schema, describe(ops), keyword, ops);
  }

  private static Arguments accept(String schema, Op... ops) {
    return arguments(schema, describe(ops), ops);
  }

  private static String describe(Op[] ops) {
    return Arrays.stream(ops).map(Op::toString).collect(Collectors.joining(", "));
  }

  private static Op remove(String pointer) {
    return new Op(pointer, null);
  }

  private static Op set(String pointer, String json) {
    return new Op(pointer, json);
  }

  /** Removes the field at {@code pointer}, or sets it to the JSON {@code value}; "" is the root. */
  record Op(String pointer, String value) {

    JsonNode applyTo(JsonNode document) {
      JsonNode replacement = value == null ? null : parse(value);
      if (pointer.isEmpty()) {
        return replacement;
      }
      JsonPointer path = JsonPointer.compile(pointer);
      JsonNode parent = document.at(path.head());
      String field = path.last().getMatchingProperty();
      if (!(parent instanceof ObjectNode object) || (replacement == null && !object.has(field))) {
        throw new IllegalArgumentException("No field at " + pointer);
      }
      if (replacement == null) {
        object.remove(field);
      } else {
        object.set(field, replacement);
      }
      return document;
    }

    private static JsonNode parse(String json) {
      try {
        return Json.MAPPER.readTree(json);
      } catch (JsonProcessingException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public String toString() {
      return value == null
          ? "without " + pointer
          : (pointer.isEmpty() ? "/" : pointer) + " = " + value;
    }
  }
}
