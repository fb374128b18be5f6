package io.wagate.ingress.meta;

import static io.wagate.ingress.meta.MetaJson.object;
import static io.wagate.ingress.meta.MetaJson.optionalArray;
import static io.wagate.ingress.meta.MetaJson.requireText;
import static io.wagate.ingress.meta.MetaJson.text;
import static io.wagate.ingress.meta.MetaJson.timestamp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.wagate.ingress.UnparseablePayloadException;
import io.wagate.ingress.meta.Identities.Identity;
import io.wagate.ingress.publish.DeadLetters;
import io.wagate.ingress.publish.WebhookRecord;
import io.wagate.schemas.Topic;
import io.wagate.schemas.Topics;
import io.wagate.schemas.contact.Contacts;
import io.wagate.schemas.contact.ConversationKey;
import io.wagate.schemas.contact.InvalidContactException;
import io.wagate.schemas.events.InboundMessage;
import io.wagate.schemas.events.Provider;
import io.wagate.schemas.events.StatusCallback;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Maps the changes about conversations, {@code messages} and {@code user_preferences}, to {@code
 * wa.inbound} and {@code wa.status.callbacks} records keyed {@code <businessNumber>|<contact>} (who
 * the contact is: {@link Identities}).
 *
 * <ul>
 *   <li>Each message is an inbound record of the message's type. The text is the body, caption,
 *       button text or reply title; for {@code system} messages the system type, and for {@code
 *       user_changed_number} the new number ({@code system.wa_id}, or {@code new_wa_id} of older
 *       API versions) is {@code newContact} while the record is keyed by the old one.
 *   <li>Each status is a status record, lower case; a group's status is not about a conversation
 *       and is dead-lettered.
 *   <li>Each marketing preference is an inbound record of type {@code user_preferences} with the
 *       value in lower case ({@code stop}, {@code resume}, {@code signup}, …); other categories are
 *       dead-lettered.
 *   <li>Value-level {@code errors} (Meta reporting a failure of its own) are an account event.
 * </ul>
 *
 * <p>Every record's timestamp is the receive time; {@code occurredAt} is the provider's time.
 */
final class ConversationChanges {

  private static final String MARKETING = "marketing_messages";
  private static final String SYSTEM = "system";
  private static final String USER_CHANGED_NUMBER = "user_changed_number";

  private ConversationChanges() {}

  /**
   * Maps a {@code messages} change.
   *
   * @param change the change
   * @param records where its records go, in payload order
   * @return what of it is not mapped
   * @throws UnparseablePayloadException when the change is malformed
   */
  static List<Unmapped> messages(MetaChange change, List<WebhookRecord<?, ?>> records)
      throws UnparseablePayloadException {
    JsonNode value = change.value();
    ArrayNode messages = optionalArray(value, "messages", change.at("messages"));
    ArrayNode statuses = optionalArray(value, "statuses", change.at("statuses"));
    ArrayNode errors = optionalArray(value, "errors", change.at("errors"));
    List<Unmapped> unmapped = new ArrayList<>();
    if (!messages.isEmpty() || !statuses.isEmpty()) {
      String business = businessNumber(change);
      Identities identities = Identities.of(change);
      for (int m = 0; m < messages.size(); m++) {
        String at = change.at("messages[" + m + "]");
        records.add(inbound(change, business, identities, object(messages.get(m), at), at));
      }
      boolean groupStatus = false;
      for (int s = 0; s < statuses.size(); s++) {
        String at = change.at("statuses[" + s + "]");
        JsonNode status = object(statuses.get(s), at);
        if ("group".equals(text(status, "recipient_type"))) {
          groupStatus = true;
        } else {
          records.add(status(change, business, identities, status, at));
        }
      }
      if (groupStatus) {
        unmapped.add(
            new Unmapped(
                DeadLetters.UNSUPPORTED_CONTENT,
                "Meta messages change has statuses of group messages, which wagate does not map"));
      }
    }
    if (!errors.isEmpty()) {
      records.add(AccountEvents.record(change));
    } else if (messages.isEmpty() && statuses.isEmpty()) {
      unmapped.add(
          new Unmapped(
              DeadLetters.UNSUPPORTED_CONTENT,
              "Meta messages change has neither messages, statuses nor errors"));
    }
    return unmapped;
  }

  /**
   * Maps a {@code user_preferences} change.
   *
   * @param change the change
   * @param records where its records go, in payload order
   * @return what of it is not mapped
   * @throws UnparseablePayloadException when the change is malformed
   */
  static List<Unmapped> preferences(MetaChange change, List<WebhookRecord<?, ?>> records)
      throws UnparseablePayloadException {
    ArrayNode preferences =
        MetaJson.array(change.value(), "user_preferences", change.at("user_preferences"));
    String business = businessNumber(change);
    Identities identities = Identities.of(change);
    boolean otherCategory = false;
    for (int p = 0; p < preferences.size(); p++) {
      String at = change.at("user_preferences[" + p + "]");
      JsonNode preference = object(preferences.get(p), at);
      if (!MARKETING.equals(text(preference, "category"))) {
        otherCategory = true;
        continue;
      }
      Identity who = identities.resolve(preference, "wa_id", "user_id", at);
      String choice = requireText(preference, "value", at + ".value").toLowerCase(Locale.ROOT);
      InboundMessage inbound =
          new InboundMessage(
              Provider.META,
              null,
              business,
              who.contact(),
              identities.profileName(who),
              "user_preferences",
              choice,
              null,
              timestamp(preference, "timestamp", at + ".timestamp"),
              who.userId(),
              null);
      records.add(conversationRecord(change, Topics.INBOUND, business, who.contact(), inbound));
    }
    return otherCategory
        ? List.of(
            new Unmapped(
                DeadLetters.UNSUPPORTED_CONTENT,
                "Meta user_preferences change has a category other than " + MARKETING))
        : List.of();
  }

  private static WebhookRecord<String, InboundMessage> inbound(
      MetaChange change, String business, Identities identities, JsonNode message, String at)
      throws UnparseablePayloadException {
    Identity who = identities.resolve(message, "from", "from_user_id", at);
    String type = requireText(message, "type", at + ".type");
    String text = null;
    String payload = null;
    String newContact = null;
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
      case SYSTEM -> {
        JsonNode system = message.path(SYSTEM);
        text = requireText(system, "type", at + ".system.type");
        if (USER_CHANGED_NUMBER.equals(text)) {
          newContact = newNumber(system, at + ".system");
        }
      }
      default -> {
        // Other types (location, contacts, reaction, order, unsupported, …) still open the window;
        // they carry no text wagate acts on.
      }
    }
    InboundMessage inbound =
        new InboundMessage(
            Provider.META,
            text(message, "id"),
            business,
            who.contact(),
            identities.profileName(who),
            type,
            text,
            payload,
            timestamp(message, "timestamp", at + ".timestamp"),
            who.userId(),
            newContact);
    return conversationRecord(change, Topics.INBOUND, business, who.contact(), inbound);
  }

  /**
   * The new number of a number change: {@code wa_id} today, {@code new_wa_id} in older versions.
   */
  private static String newNumber(JsonNode system, String at) throws UnparseablePayloadException {
    String field = text(system, "wa_id") != null ? "wa_id" : "new_wa_id";
    String raw = requireText(system, field, at + "." + field);
    try {
      return Contacts.canonicalize(raw, null);
    } catch (InvalidContactException e) {
      throw new UnparseablePayloadException(
          at + "." + field + " is not a contact: " + e.getMessage(), e);
    }
  }

  private static WebhookRecord<String, StatusCallback> status(
      MetaChange change, String business, Identities identities, JsonNode status, String at)
      throws UnparseablePayloadException {
    Identity who = identities.resolve(status, "recipient_id", "recipient_user_id", at);
    JsonNode error = status.path("errors").path(0);
    StatusCallback callback =
        new StatusCallback(
            Provider.META,
            text(status, "id"),
            text(status, "biz_opaque_callback_data"),
            business,
            who.contact(),
            requireText(status, "status", at + ".status").toLowerCase(Locale.ROOT),
            error.isObject() ? text(error, "code") : null,
            error.isObject() ? text(error, "title") : null,
            timestamp(status, "timestamp", at + ".timestamp"),
            who.userId());
    return conversationRecord(change, Topics.STATUS_CALLBACKS, business, who.contact(), callback);
  }

  /** A record about one conversation, keyed by it and stamped with the receive time. */
  private static <V> WebhookRecord<String, V> conversationRecord(
      MetaChange change, Topic<String, V> topic, String business, String contact, V value) {
    return WebhookRecord.of(
        topic, new ConversationKey(business, contact).toString(), value, change.receivedAt());
  }

  private static String businessNumber(MetaChange change) throws UnparseablePayloadException {
    String at = change.at("metadata.display_phone_number");
    String display = requireText(change.value().path("metadata"), "display_phone_number", at);
    return businessNumber(display, at);
  }

  /** A business number of the change, canonical; the body fails when it is not one. */
  static String businessNumber(String raw, String at) throws UnparseablePayloadException {
    try {
      return Contacts.canonicalizeBusinessNumber(raw);
    } catch (InvalidContactException e) {
      throw new UnparseablePayloadException(at + " is not a phone number: " + e.getMessage(), e);
    }
  }
}
