package io.wagate.ingress.meta;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wagate.ingress.UnparseablePayloadException;
import io.wagate.ingress.publish.DeadLetters;
import io.wagate.ingress.publish.WebhookRecord;
import io.wagate.schemas.Json;
import io.wagate.schemas.Topic;
import io.wagate.schemas.Topics;
import io.wagate.schemas.contact.Contacts;
import io.wagate.schemas.contact.ConversationKey;
import io.wagate.schemas.contact.InvalidContactException;
import io.wagate.schemas.events.Category;
import io.wagate.schemas.events.InboundMessage;
import io.wagate.schemas.events.Provider;
import io.wagate.schemas.events.StatusCallback;
import io.wagate.schemas.events.TemplateDefinition;
import io.wagate.schemas.events.TemplateStatus;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Maps a Meta Cloud API webhook body to contract records. Every entry and change of a batch is
 * mapped; nothing is dropped silently.
 *
 * <ul>
 *   <li>{@code messages} changes: each message becomes a {@code wa.inbound} record, each status a
 *       {@code wa.status.callbacks} record, keyed {@code <businessNumber>|<contact>}. The business
 *       number is {@code metadata.display_phone_number}, canonicalised as a business number ({@link
 *       Contacts#canonicalizeBusinessNumber}, as the streams app does). The contact is the
 *       canonical {@code from} ({@code recipient_id} for statuses) or, for a user who shares no
 *       phone number, the business-scoped user id in {@code from_user_id} ({@code
 *       recipient_user_id}), verbatim. Value-level {@code errors}, or a change with nothing wagate
 *       maps, go to {@code wa.dlq}.
 *   <li>{@code user_preferences}: each marketing preference becomes a {@code wa.inbound} record of
 *       type {@code user_preferences} with text {@code stop} or {@code resume}.
 *   <li>{@code message_template_status_update}: a {@code wa.templates} record keyed {@code
 *       name:language} carrying the new status and, when present, the category; body and parameter
 *       count are null because the webhook does not carry them (the streams app merges partial
 *       updates). {@code REINSTATED} and {@code UNARCHIVED} map to {@code APPROVED}, {@code
 *       IN_APPEAL} to {@code PENDING}, {@code PENDING_DELETION}, {@code DELETED} and {@code
 *       ARCHIVED} to {@code DISABLED}. Events with no status equivalent ({@code FLAGGED}, {@code
 *       LOCKED}, …: the template is still sendable) go to {@code wa.dlq}.
 *   <li>Every other field ({@code account_update}, {@code phone_number_quality_update}, …) goes to
 *       {@code wa.dlq}, one record per change, and so does every field the mapper is told to ignore
 *       ({@code WAGATE_META_IGNORED_FIELDS}).
 * </ul>
 *
 * <p>Record timestamps are the provider's event times ({@link WebhookRecord#timestampFor}: never
 * later than the receive time).
 *
 * <p>A change sent to {@code wa.dlq} is written as a complete webhook body holding only that entry
 * and change, so it can be replayed through this mapper. Any structural problem (bad JSON, a
 * missing field, a number that cannot be canonicalised) fails the whole body with {@link
 * UnparseablePayloadException}: the caller dead-letters the original bytes and nothing else of the
 * body is published.
 */
public final class MetaPayloadMapper {

  /** The endpoint, as named in dead-letter headers. */
  public static final String SOURCE = "POST /webhooks/meta";

  private static final String OBJECT = "whatsapp_business_account";
  private static final String MARKETING = "marketing_messages";

  private static final Map<String, TemplateStatus> TEMPLATE_EVENTS =
      Map.ofEntries(
          Map.entry("APPROVED", TemplateStatus.APPROVED),
          Map.entry("REINSTATED", TemplateStatus.APPROVED),
          Map.entry("UNARCHIVED", TemplateStatus.APPROVED),
          Map.entry("PENDING", TemplateStatus.PENDING),
          Map.entry("IN_APPEAL", TemplateStatus.PENDING),
          Map.entry("REJECTED", TemplateStatus.REJECTED),
          Map.entry("PAUSED", TemplateStatus.PAUSED),
          Map.entry("DISABLED", TemplateStatus.DISABLED),
          Map.entry("PENDING_DELETION", TemplateStatus.DISABLED),
          Map.entry("DELETED", TemplateStatus.DISABLED),
          Map.entry("ARCHIVED", TemplateStatus.DISABLED));

  private final Set<String> ignoredFields;

  /** A mapper of every field it knows. */
  public MetaPayloadMapper() {
    this(Set.of());
  }

  /**
   * A mapper that dead-letters the changes of {@code ignoredFields} as unsupported, whether it
   * knows them or not, so an operator can hold back a field and replay its changes later.
   *
   * @param ignoredFields Meta change fields not to map
   */
  public MetaPayloadMapper(Set<String> ignoredFields) {
    this.ignoredFields = Set.copyOf(ignoredFields);
  }

  /**
   * Maps a verified body.
   *
   * @param body the raw body
   * @param receivedAt the receive time, for dead letters and events without their own time
   * @return the records, in payload order
   * @throws UnparseablePayloadException when the body is not a Meta webhook wagate can read
   */
  public List<WebhookRecord<?, ?>> map(byte[] body, Instant receivedAt)
      throws UnparseablePayloadException {
    JsonNode root;
    try {
      root = Json.MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      // Jackson's own message quotes the offending token, which may be payload: give the place
      // only.
      JsonLocation where = e.getLocation();
      throw new UnparseablePayloadException(
          where == null
              ? "body is not JSON"
              : "body is not JSON at line " + where.getLineNr() + ", column " + where.getColumnNr(),
          e);
    } catch (IOException e) {
      throw new UnparseablePayloadException("body cannot be read as JSON", e);
    }
    if (root == null || !root.isObject()) {
      throw new UnparseablePayloadException("body is not a JSON object");
    }
    String object = text(root, "object");
    if (object != null && !object.equals(OBJECT)) {
      throw new UnparseablePayloadException("object is not " + OBJECT);
    }
    List<WebhookRecord<?, ?>> records = new ArrayList<>();
    ArrayNode entries = array(root, "entry", "entry");
    for (int e = 0; e < entries.size(); e++) {
      JsonNode entry = object(entries.get(e), "entry[" + e + "]");
      ArrayNode changes = array(entry, "changes", "entry[" + e + "].changes");
      for (int c = 0; c < changes.size(); c++) {
        String where = "entry[" + e + "].changes[" + c + "]";
        JsonNode change = object(changes.get(c), where);
        new ChangeMapper(root, entry, change, where, receivedAt, records).map(ignoredFields);
      }
    }
    return records;
  }

  /** Maps one change of one entry. */
  private static final class ChangeMapper {
    private final JsonNode root;
    private final JsonNode entry;
    private final JsonNode change;
    private final String where;
    private final Instant receivedAt;
    private final List<WebhookRecord<?, ?>> records;

    ChangeMapper(
        JsonNode root,
        JsonNode entry,
        JsonNode change,
        String where,
        Instant receivedAt,
        List<WebhookRecord<?, ?>> records) {
      this.root = root;
      this.entry = entry;
      this.change = change;
      this.where = where;
      this.receivedAt = receivedAt;
      this.records = records;
    }

    void map(Set<String> ignoredFields) throws UnparseablePayloadException {
      String field = requireText(change, "field", where + ".field");
      if (ignoredFields.contains(field)) {
        deadLetter(
            field,
            DeadLetters.UNSUPPORTED_FIELD,
            "Meta change field " + field + " is ignored (WAGATE_META_IGNORED_FIELDS)");
        return;
      }
      JsonNode value = object(change.get("value"), where + ".value");
      switch (field) {
        case "messages" -> messages(value);
        case "user_preferences" -> preferences(value);
        case "message_template_status_update" -> templateStatus(value);
        default ->
            deadLetter(
                field,
                DeadLetters.UNSUPPORTED_FIELD,
                "Meta change field " + field + " is not mapped to a wagate topic");
      }
    }

    private void messages(JsonNode value) throws UnparseablePayloadException {
      ArrayNode messages = optionalArray(value, "messages", where + ".value.messages");
      ArrayNode statuses = optionalArray(value, "statuses", where + ".value.statuses");
      ArrayNode errors = optionalArray(value, "errors", where + ".value.errors");
      if (!messages.isEmpty() || !statuses.isEmpty()) {
        String business = businessNumber(value);
        List<Profile> profiles = profiles(value);
        for (int m = 0; m < messages.size(); m++) {
          inbound(
              business, profiles, object(messages.get(m), where + ".value.messages[" + m + "]"), m);
        }
        for (int s = 0; s < statuses.size(); s++) {
          status(business, object(statuses.get(s), where + ".value.statuses[" + s + "]"), s);
        }
      }
      if (!errors.isEmpty()) {
        deadLetter(
            "messages",
            DeadLetters.UNSUPPORTED_CONTENT,
            "Meta messages change carries value-level errors, which wagate does not map");
      } else if (messages.isEmpty() && statuses.isEmpty()) {
        deadLetter(
            "messages",
            DeadLetters.UNSUPPORTED_CONTENT,
            "Meta messages change has neither messages nor statuses");
      }
    }

    private void inbound(String business, List<Profile> profiles, JsonNode message, int index)
        throws UnparseablePayloadException {
      String at = where + ".value.messages[" + index + "]";
      String contact = contact(message, "from", "from_user_id", at);
      String type = requireText(message, "type", at + ".type");
      String text = null;
      String payload = null;
      switch (type) {
        case "text" -> text = text(message.path("text"), "body");
        case "button" -> {
          text = text(message.path("button"), "text");
          payload = text(message.path("button"), "payload");
        }
        case "interactive" -> {
          JsonNode interactive = message.path("interactive");
          String kind = text(interactive, "type");
          if ("button_reply".equals(kind) || "list_reply".equals(kind)) {
            text = text(interactive.path(kind), "title");
            payload = text(interactive.path(kind), "id");
          }
        }
        case "image", "video", "document", "sticker", "audio" ->
            text = text(message.path(type), "caption");
        default -> {
          // Other types (location, contacts, reaction, order, system, unsupported, …) still open
          // the
          // window; they carry no text wagate acts on.
        }
      }
      InboundMessage inbound =
          new InboundMessage(
              Provider.META,
              text(message, "id"),
              business,
              contact,
              profileName(profiles, contact),
              type,
              text,
              payload,
              timestamp(message, "timestamp", at + ".timestamp"));
      addConversationRecord(Topics.INBOUND, business, contact, inbound, inbound.occurredAt());
    }

    /** A record about one conversation, keyed by it and stamped with the provider's time. */
    private <V> void addConversationRecord(
        Topic<String, V> topic, String business, String contact, V value, Instant occurredAt) {
      records.add(
          WebhookRecord.of(
              topic,
              new ConversationKey(business, contact).toString(),
              value,
              WebhookRecord.timestampFor(occurredAt, receivedAt)));
    }

    private void status(String business, JsonNode status, int index)
        throws UnparseablePayloadException {
      String at = where + ".value.statuses[" + index + "]";
      String contact = contact(status, "recipient_id", "recipient_user_id", at);
      JsonNode error = status.path("errors").path(0);
      StatusCallback callback =
          new StatusCallback(
              Provider.META,
              text(status, "id"),
              text(status, "biz_opaque_callback_data"),
              business,
              contact,
              requireText(status, "status", at + ".status").toLowerCase(Locale.ROOT),
              error.isObject() ? text(error, "code") : null,
              error.isObject() ? text(error, "title") : null,
              timestamp(status, "timestamp", at + ".timestamp"));
      addConversationRecord(
          Topics.STATUS_CALLBACKS, business, contact, callback, callback.occurredAt());
    }

    private void preferences(JsonNode value) throws UnparseablePayloadException {
      ArrayNode preferences = array(value, "user_preferences", where + ".value.user_preferences");
      String business = businessNumber(value);
      List<Profile> profiles = profiles(value);
      boolean unmapped = false;
      for (int p = 0; p < preferences.size(); p++) {
        String at = where + ".value.user_preferences[" + p + "]";
        JsonNode preference = object(preferences.get(p), at);
        if (!MARKETING.equals(text(preference, "category"))) {
          unmapped = true;
          continue;
        }
        String contact = contact(preference, "wa_id", "user_id", at);
        String choice = requireText(preference, "value", at + ".value").toLowerCase(Locale.ROOT);
        InboundMessage inbound =
            new InboundMessage(
                Provider.META,
                null,
                business,
                contact,
                profileName(profiles, contact),
                "user_preferences",
                choice,
                null,
                timestamp(preference, "timestamp", at + ".timestamp"));
        addConversationRecord(Topics.INBOUND, business, contact, inbound, inbound.occurredAt());
      }
      if (unmapped) {
        deadLetter(
            "user_preferences",
            DeadLetters.UNSUPPORTED_CONTENT,
            "Meta user_preferences change has a category other than " + MARKETING);
      }
    }

    private void templateStatus(JsonNode value) throws UnparseablePayloadException {
      String event = requireText(value, "event", where + ".value.event").toUpperCase(Locale.ROOT);
      String name =
          requireText(value, "message_template_name", where + ".value.message_template_name");
      String language =
          requireText(
              value, "message_template_language", where + ".value.message_template_language");
      TemplateStatus status = TEMPLATE_EVENTS.get(event);
      if (status == null) {
        deadLetter(
            "message_template_status_update",
            DeadLetters.UNSUPPORTED_CONTENT,
            "Meta template event " + event + " has no template status equivalent");
        return;
      }
      // The template webhook has no event time of its own; the entry's time is when Meta sent it.
      Instant time =
          entry.hasNonNull("time")
              ? timestamp(entry, "time", where.substring(0, where.indexOf(".changes")) + ".time")
              : receivedAt;
      records.add(
          WebhookRecord.of(
              Topics.TEMPLATES,
              TemplateDefinition.key(name, language),
              new TemplateDefinition(
                  name,
                  language,
                  category(text(value, "message_template_category")),
                  status,
                  null,
                  null),
              WebhookRecord.timestampFor(time, receivedAt)));
    }

    private void deadLetter(String field, String reason, String message) {
      ObjectNode single = Json.MAPPER.createObjectNode();
      if (root.hasNonNull("object")) {
        single.set("object", root.get("object"));
      }
      ObjectNode singleEntry = single.putArray("entry").addObject();
      entry
          .fields()
          .forEachRemaining(
              member -> {
                if (!member.getKey().equals("changes")) {
                  singleEntry.set(member.getKey(), member.getValue());
                }
              });
      singleEntry.putArray("changes").add(change);
      byte[] bytes;
      try {
        bytes = Json.MAPPER.writeValueAsBytes(single);
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("a parsed tree cannot fail to serialise", e);
      }
      records.add(
          DeadLetters.unmapped(
              bytes, SOURCE, Provider.META.name(), field, reason, message, receivedAt));
    }

    private String businessNumber(JsonNode value) throws UnparseablePayloadException {
      String at = where + ".value.metadata.display_phone_number";
      String display = requireText(value.path("metadata"), "display_phone_number", at);
      try {
        return Contacts.canonicalizeBusinessNumber(display);
      } catch (InvalidContactException e) {
        throw new UnparseablePayloadException(at + " is not a phone number: " + e.getMessage(), e);
      }
    }

    private List<Profile> profiles(JsonNode value) throws UnparseablePayloadException {
      ArrayNode contacts = optionalArray(value, "contacts", where + ".value.contacts");
      List<Profile> profiles = new ArrayList<>(contacts.size());
      for (JsonNode contact : contacts) {
        String name = text(contact.path("profile"), "name");
        String waId = text(contact, "wa_id");
        profiles.add(
            new Profile(
                waId == null ? null : Contacts.tryCanonicalize(waId, null),
                text(contact, "user_id"),
                name));
      }
      return profiles;
    }
  }

  /** A {@code contacts[]} entry: who sent a message, and their profile name. */
  private record Profile(
      @Nullable String contact, @Nullable String userId, @Nullable String name) {}

  private static @Nullable String profileName(List<Profile> profiles, String contact) {
    for (Profile profile : profiles) {
      if (contact.equals(profile.contact()) || contact.equals(profile.userId())) {
        return profile.name();
      }
    }
    return null;
  }

  private static String contact(JsonNode node, String phoneField, String userIdField, String at)
      throws UnparseablePayloadException {
    String phone = text(node, phoneField);
    String raw = phone != null ? phone : text(node, userIdField);
    if (raw == null) {
      throw new UnparseablePayloadException(
          at + " has neither " + phoneField + " nor " + userIdField);
    }
    try {
      return Contacts.canonicalize(raw, null);
    } catch (InvalidContactException e) {
      throw new UnparseablePayloadException(
          at
              + "."
              + (phone != null ? phoneField : userIdField)
              + " is not a contact: "
              + e.getMessage(),
          e);
    }
  }

  private static @Nullable Category category(@Nullable String value) {
    if (value == null) {
      return null;
    }
    String upper = value.toUpperCase(Locale.ROOT);
    for (Category category : Category.KNOWN) {
      if (category.name().equals(upper)) {
        return category;
      }
    }
    return null;
  }

  private static Instant timestamp(JsonNode node, String field, String at)
      throws UnparseablePayloadException {
    String value = requireText(node, field, at);
    try {
      return Instant.ofEpochSecond(Long.parseLong(value));
    } catch (NumberFormatException e) {
      throw new UnparseablePayloadException(at + " is not Unix seconds", e);
    }
  }

  /** A string or number field as text; null when absent, null or empty. */
  private static @Nullable String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !(value.isTextual() || value.isNumber())) {
      return null;
    }
    String text = value.asText();
    return text.isEmpty() ? null : text;
  }

  private static String requireText(JsonNode node, String field, String at)
      throws UnparseablePayloadException {
    String value = text(node, field);
    if (value == null) {
      throw new UnparseablePayloadException(at + " is missing");
    }
    return value;
  }

  private static JsonNode object(@Nullable JsonNode node, String at)
      throws UnparseablePayloadException {
    if (node == null || !node.isObject()) {
      throw new UnparseablePayloadException(at + " is not an object");
    }
    return node;
  }

  private static ArrayNode array(JsonNode node, String field, String at)
      throws UnparseablePayloadException {
    JsonNode value = node.get(field);
    if (value == null || !value.isArray()) {
      throw new UnparseablePayloadException(at + " is not an array");
    }
    return (ArrayNode) value;
  }

  private static ArrayNode optionalArray(JsonNode node, String field, String at)
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
