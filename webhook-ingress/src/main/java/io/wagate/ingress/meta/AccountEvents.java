package io.wagate.ingress.meta;

import static io.wagate.ingress.meta.MetaJson.firstText;
import static io.wagate.ingress.meta.MetaJson.optionalTimestamp;
import static io.wagate.ingress.meta.MetaJson.requireText;
import static io.wagate.ingress.meta.MetaJson.text;

import com.fasterxml.jackson.databind.JsonNode;
import io.wagate.ingress.UnparseablePayloadException;
import io.wagate.ingress.publish.WebhookRecord;
import io.wagate.schemas.Topics;
import io.wagate.schemas.events.AccountEvent;
import io.wagate.schemas.events.Provider;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Maps Meta's account-level changes to {@code wa.account-events} records, one per change: what the
 * streams app and operators act on is read out ({@link AccountEvent}), and the change's value goes
 * along verbatim. The key is the business number the change names, else {@code waba:<entry.id>}.
 *
 * <p>Where the fields come from:
 *
 * <ul>
 *   <li>business number: {@code display_phone_number}, {@code metadata.display_phone_number} or
 *       {@code phone_number};
 *   <li>event: {@code event} (or a name update's {@code decision}, a call's {@code event}, a call
 *       status's {@code status}), upper case;
 *   <li>template: {@code message_template_id}, {@code message_template_name}, {@code
 *       message_template_language};
 *   <li>category: {@code new_category} or {@code message_template_category}; previous: {@code
 *       previous_category};
 *   <li>quality: {@code new_quality_score} or {@code quality_rating};
 *   <li>messaging limit: {@code max_daily_conversations_per_business}, {@code current_limit} or
 *       {@code max_daily_conversation_per_phone} ({@code TIER_2K} is 2000, {@code TIER_UNLIMITED}
 *       and -1 are -1, {@code TIER_NOT_SET} is none);
 *   <li>reason: {@code reason} or {@code rejection_reason} (unless {@code NONE}), {@code
 *       other_info.title}, {@code ban_info.waba_ban_state}, the first {@code
 *       restriction_info[].restriction_type}, {@code violation_info.violation_type}, {@code
 *       alert_info.alert_type}, {@code disconnection_info.reason}, the first {@code errors[].code};
 *   <li>time: {@code timestamp}, else the first call's, echo's or status's {@code timestamp}, else
 *       the entry's {@code time}, else the receive time. A category update's {@code
 *       category_update_timestamp} is when a change is due, not when it was announced, so it is not
 *       used.
 * </ul>
 */
final class AccountEvents {

  /**
   * The account-level fields of a WhatsApp Business Account subscription that Meta documents, all
   * published to {@code wa.account-events} rather than dead-lettered.
   */
  static final Set<String> FIELDS =
      Set.of(
          "account_alerts",
          "account_review_update",
          "account_update",
          "automatic_events",
          "business_capability_update",
          "business_status_update",
          "calls",
          "flows",
          "group_lifecycle_update",
          "group_participants_update",
          "group_settings_update",
          "group_status_update",
          "history",
          "message_template_components_update",
          "message_template_quality_update",
          "message_template_status_update",
          "messaging_handovers",
          "partner_solutions",
          "payment_configuration_update",
          "phone_number_name_update",
          "phone_number_quality_update",
          "security",
          "smb_app_state_sync",
          "smb_message_echoes",
          "template_category_update",
          "tracking_events",
          "user_id_update");

  private static final Pattern TIER = Pattern.compile("TIER_([0-9]+)(K?)");
  private static final int THOUSAND = 1000;
  private static final int UNLIMITED = -1;
  private static final String NONE = "NONE";

  /** The arrays whose first item's {@code timestamp} is the change's time. */
  private static final List<String> TIMED_ITEMS = List.of("calls", "message_echoes", "statuses");

  private AccountEvents() {}

  /**
   * The record of an account-level change.
   *
   * @param change the change
   * @return its {@code wa.account-events} record, stamped with the receive time
   * @throws UnparseablePayloadException when the entry has no id, a business number is not one, or
   *     a time is not Unix seconds
   */
  static WebhookRecord<String, AccountEvent> record(MetaChange change)
      throws UnparseablePayloadException {
    AccountEvent event = event(change);
    return WebhookRecord.of(Topics.ACCOUNT_EVENTS, event.key(), event, change.receivedAt());
  }

  /**
   * The event of an account-level change.
   *
   * @param change the change
   * @return the event
   * @throws UnparseablePayloadException as {@link #record}
   */
  static AccountEvent event(MetaChange change) throws UnparseablePayloadException {
    JsonNode value = change.value();
    return new AccountEvent(
        Provider.META,
        change.field(),
        requireText(change.entry(), "id", change.atEntry("id")),
        businessNumber(change),
        upper(eventName(change)),
        text(value, "message_template_id"),
        text(value, "message_template_name"),
        text(value, "message_template_language"),
        upper(firstText(value, "new_category", "message_template_category")),
        upper(text(value, "previous_category")),
        upper(firstText(value, "new_quality_score", "quality_rating")),
        messagingLimit(
            value,
            "max_daily_conversations_per_business",
            "current_limit",
            "max_daily_conversation_per_phone"),
        reason(value),
        occurredAt(change),
        value);
  }

  /**
   * The messaging limit named by the first of {@code fields} present: a tier name or a number.
   *
   * @param value the change's value
   * @param fields where to look, in order
   * @return distinct users per 24 hours, -1 for unlimited, or null when not said
   */
  static @Nullable Integer messagingLimit(JsonNode value, String... fields) {
    for (String field : fields) {
      JsonNode limit = value.get(field);
      if (limit == null || limit.isNull()) {
        continue;
      }
      if (limit.isIntegralNumber()) {
        return limit.intValue() < 0 ? UNLIMITED : limit.intValue();
      }
      return tier(limit.asText().strip().toUpperCase(Locale.ROOT));
    }
    return null;
  }

  private static @Nullable Integer tier(String tier) {
    if (tier.equals("TIER_UNLIMITED")) {
      return UNLIMITED;
    }
    Matcher matcher = TIER.matcher(tier);
    if (matcher.matches()) {
      int count = Integer.parseInt(matcher.group(1));
      return matcher.group(2).isEmpty() ? count : count * THOUSAND;
    }
    if (tier.matches("-?[0-9]+")) {
      int count = Integer.parseInt(tier);
      return count < 0 ? UNLIMITED : count;
    }
    // TIER_NOT_SET, or a tier Meta has not documented: the value keeps it, the limit is unknown.
    return null;
  }

  private static @Nullable String businessNumber(MetaChange change)
      throws UnparseablePayloadException {
    JsonNode value = change.value();
    if (text(value, "display_phone_number") != null) {
      return ConversationChanges.businessNumber(
          text(value, "display_phone_number"), change.at("display_phone_number"));
    }
    String display = text(value.path("metadata"), "display_phone_number");
    if (display != null) {
      return ConversationChanges.businessNumber(
          display, change.at("metadata.display_phone_number"));
    }
    String phone = text(value, "phone_number");
    return phone == null
        ? null
        : ConversationChanges.businessNumber(phone, change.at("phone_number"));
  }

  private static @Nullable String eventName(MetaChange change) {
    JsonNode value = change.value();
    String event = firstText(value, "event", "decision");
    if (event == null && change.field().equals("calls")) {
      event = text(value.path("calls").path(0), "event");
      if (event == null) {
        event = text(value.path("statuses").path(0), "status");
      }
    }
    return event;
  }

  private static @Nullable String reason(JsonNode value) {
    String stated = firstText(value, "reason", "rejection_reason");
    if (stated != null && !stated.equalsIgnoreCase(NONE)) {
      return stated;
    }
    String[][] paths = {
      {"other_info", "title"},
      {"ban_info", "waba_ban_state"},
      {"violation_info", "violation_type"},
      {"alert_info", "alert_type"},
      {"disconnection_info", "reason"}
    };
    String restriction = text(value.path("restriction_info").path(0), "restriction_type");
    if (restriction != null) {
      return restriction;
    }
    for (String[] path : paths) {
      String found = text(value.path(path[0]), path[1]);
      if (found != null) {
        return found;
      }
    }
    return text(value.path("errors").path(0), "code");
  }

  private static Instant occurredAt(MetaChange change) throws UnparseablePayloadException {
    JsonNode value = change.value();
    Instant own = optionalTimestamp(value, "timestamp", change.at("timestamp"));
    for (int i = 0; own == null && i < TIMED_ITEMS.size(); i++) {
      String items = TIMED_ITEMS.get(i);
      own =
          optionalTimestamp(
              value.path(items).path(0), "timestamp", change.at(items + "[0].timestamp"));
    }
    if (own != null) {
      return own;
    }
    Instant sent = optionalTimestamp(change.entry(), "time", change.atEntry("time"));
    // Milliseconds, as the record timestamp that carries the same receive time.
    return sent != null ? sent : change.receivedAt().truncatedTo(ChronoUnit.MILLIS);
  }

  private static @Nullable String upper(@Nullable String text) {
    return text == null ? null : text.toUpperCase(Locale.ROOT);
  }
}
