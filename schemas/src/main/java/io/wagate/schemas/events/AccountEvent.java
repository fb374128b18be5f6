package io.wagate.schemas.events;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * An account-level webhook of a provider ({@code wa.account-events}): what Meta says about a
 * business number, a WhatsApp Business Account or a template, one record per webhook change. Key:
 * the business number when the change names one, else {@code waba:<wabaId>}.
 *
 * <p>The fields wagate acts on are read out of the change; {@code value} keeps the change whole, so
 * a consumer can read what wagate does not.
 *
 * @param provider where it came from
 * @param field the provider's change field, e.g. {@code phone_number_quality_update}
 * @param wabaId the WhatsApp Business Account the change belongs to
 * @param businessNumber the business number the change names, E.164
 * @param event the change's event in upper case ({@code FLAGGED}, {@code APPROVED}, {@code
 *     ACCOUNT_RESTRICTION}, {@code CONNECT}, …)
 * @param templateId the template's id, for template changes
 * @param templateName the template's name, for template changes
 * @param templateLanguage the template's language code, for template changes
 * @param category the template's category now, upper case: the new category of a {@code
 *     template_category_update} (its current one when the change is only announced), or the
 *     category of a status update
 * @param previousCategory the template's category before a completed {@code
 *     template_category_update}, upper case; null while the change is only announced
 * @param quality a template's new quality score, or a number's quality rating ({@code GREEN},
 *     {@code YELLOW}, {@code RED}, {@code UNKNOWN})
 * @param messagingLimit how many distinct users the portfolio may message in 24 hours outside an
 *     open window; -1 for unlimited; null when the change does not say
 * @param reason a short machine-readable reason when the change gives one: a template's rejection
 *     or pause reason, a ban state, a restriction or violation type, an error code
 * @param occurredAt the change's own time when it has one, else the webhook entry's time, else when
 *     the ingress received it
 * @param value the change's value, verbatim
 */
public record AccountEvent(
    Provider provider,
    String field,
    String wabaId,
    @Nullable String businessNumber,
    @Nullable String event,
    @Nullable String templateId,
    @Nullable String templateName,
    @Nullable String templateLanguage,
    @Nullable String category,
    @Nullable String previousCategory,
    @Nullable String quality,
    @Nullable Integer messagingLimit,
    @Nullable String reason,
    Instant occurredAt,
    JsonNode value) {

  /** The key prefix of changes that name no business number. */
  public static final String WABA_KEY_PREFIX = "waba:";

  /**
   * The record key: the business number when the change names one, else {@code waba:<wabaId>}.
   *
   * @return the key
   */
  public String key() {
    return businessNumber != null ? businessNumber : WABA_KEY_PREFIX + wabaId;
  }
}
