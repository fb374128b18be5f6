package io.wagate.streams.policy;

import com.fasterxml.jackson.databind.JsonNode;
import io.wagate.schemas.events.AccountEvent;
import io.wagate.schemas.events.Category;
import io.wagate.schemas.events.NumberState;
import io.wagate.schemas.events.TemplateStatus;
import io.wagate.streams.reference.NumberAction;
import io.wagate.streams.reference.NumberAction.Kind;
import io.wagate.streams.reference.TemplateAction;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What an account-level webhook ({@code wa.account-events}) tells wagate about a business number, a
 * WhatsApp Business Account or a template (DOMAIN.md §5). Pure: it reads the event, nothing else.
 *
 * <ul>
 *   <li>{@code phone_number_quality_update}: FLAGGED and UNFLAGGED, the number's quality rating,
 *       the portfolio's messaging limit, and which account the number belongs to;
 *   <li>{@code business_capability_update}: the account's messaging limit;
 *   <li>{@code account_update}: a ban ({@code DISABLE}), a reinstatement ({@code REINSTATE}), a
 *       restriction of business-initiated messages until its expiration;
 *   <li>{@code message_template_status_update}, {@code template_category_update}, {@code
 *       message_template_quality_update}: the template's status, category and quality.
 * </ul>
 *
 * Every other field changes nothing wagate decides on; it stays on the topic for whoever reads it.
 */
public final class AccountEventPolicy {

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

  private static final String BUSINESS_INITIATED_RESTRICTION = "RESTRICTED_BIZ_INITIATED_MESSAGING";

  private AccountEventPolicy() {}

  /** What the event tells about numbers and accounts; empty when nothing. */
  public static List<NumberAction> numberActions(AccountEvent event) {
    List<NumberAction> actions = new ArrayList<>();
    Instant at = event.occurredAt();
    String number = event.businessNumber();
    String subject = number != null ? number : NumberState.wabaKey(event.wabaId());
    switch (event.field()) {
      case "phone_number_quality_update" -> {
        if (number != null && event.wabaId() != null) {
          actions.add(action(number, Kind.ACCOUNT, at, null, null, null, event.wabaId()));
        }
        String what = upper(event.event());
        if ("FLAGGED".equals(what)) {
          actions.add(action(subject, Kind.FLAG, at, what, null, null, null));
        } else if ("UNFLAGGED".equals(what)) {
          actions.add(action(subject, Kind.UNFLAG, at, what, null, null, null));
        }
        addQualityAndLimit(event, subject, at, actions);
      }
      case "business_capability_update" -> addQualityAndLimit(event, subject, at, actions);
      case "account_update" -> accountUpdate(event, subject, at, actions);
      default -> {}
    }
    return actions;
  }

  /** What the event tells about a template, or null when it is not about one it can name. */
  public static @Nullable TemplateAction templateAction(AccountEvent event) {
    if (event.templateName() == null || event.templateLanguage() == null) {
      return null;
    }
    TemplateStatus status = null;
    String reason = null;
    Category category = null;
    String quality = null;
    switch (event.field()) {
      case "message_template_status_update" -> {
        status = TEMPLATE_EVENTS.get(upper(event.event()));
        reason = event.reason();
        category = category(event.category());
      }
      case "template_category_update" ->
          // Announced ahead of time, the change carries the current category; done, the new one.
          category = category(event.category());
      case "message_template_quality_update" -> quality = upper(event.quality());
      default -> {
        return null;
      }
    }
    if (status == null && category == null && quality == null) {
      return null;
    }
    return new TemplateAction(
        event.templateName(),
        event.templateLanguage(),
        event.templateId(),
        status,
        reason,
        category,
        quality,
        event.occurredAt());
  }

  private static void accountUpdate(
      AccountEvent event, String subject, Instant at, List<NumberAction> actions) {
    JsonNode value = event.value();
    String banState = upper(value.path("ban_info").path("waba_ban_state").asText(null));
    if ("DISABLE".equals(banState)) {
      actions.add(action(subject, Kind.DISABLE, at, "BAN:" + banState, null, null, null));
    } else if ("REINSTATE".equals(banState)) {
      actions.add(action(subject, Kind.REINSTATE, at, "BAN:" + banState, null, null, null));
    }
    for (JsonNode restriction : value.path("restriction_info")) {
      String type = upper(restriction.path("restriction_type").asText(null));
      long expiration = restriction.path("expiration").asLong(0);
      if (BUSINESS_INITIATED_RESTRICTION.equals(type) && expiration > 0) {
        actions.add(
            new NumberAction(
                subject,
                Kind.RESTRICT,
                Instant.ofEpochSecond(expiration),
                type,
                at,
                null,
                null,
                null));
      }
    }
  }

  private static void addQualityAndLimit(
      AccountEvent event, String subject, Instant at, List<NumberAction> actions) {
    if (event.quality() != null) {
      actions.add(action(subject, Kind.QUALITY, at, null, upper(event.quality()), null, null));
    }
    if (event.messagingLimit() != null) {
      actions.add(action(subject, Kind.LIMIT, at, null, null, event.messagingLimit(), null));
    }
  }

  private static NumberAction action(
      String subject,
      Kind kind,
      Instant at,
      @Nullable String code,
      @Nullable String quality,
      @Nullable Integer limit,
      @Nullable String wabaId) {
    return new NumberAction(subject, kind, null, code, at, quality, limit, wabaId);
  }

  private static @Nullable Category category(@Nullable String value) {
    String upper = upper(value);
    for (Category category : Category.KNOWN) {
      if (category.name().equals(upper)) {
        return category;
      }
    }
    return null;
  }

  private static @Nullable String upper(@Nullable String value) {
    return value == null ? null : value.strip().toUpperCase(Locale.ROOT);
  }
}
