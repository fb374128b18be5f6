package io.wagate.schemas.events;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * An operator's settings for one business line ({@code wa.business-numbers}).
 *
 * @param businessNumber the line, E.164
 * @param whatsappEnabled false when the line does not take WhatsApp messages; absent means true
 * @param optInTemplate the template sent to ask a contact for consent
 * @param inactiveAutoReply the automatic reply to inbound messages while the line is disabled
 * @param pausedUntil sends are rejected as {@code NUMBER_PAUSED} until then. Written by operators;
 *     wagate keeps what it learns from the provider on {@code wa.number-state} instead
 * @param updatedAt when the operator made this change; absent means the record's timestamp. A
 *     re-enable ({@code whatsappEnabled: true}) made after wagate disabled the line wins over it
 * @param portfolioId the business portfolio whose messaging limit the line shares ({@code
 *     wa.portfolios}); absent means a portfolio of its own
 * @param wabaId the WhatsApp Business Account of the line, so that what Meta says about the account
 *     (bans, restrictions, limits) applies to it; wagate also learns it from the line's own
 *     webhooks
 */
public record BusinessNumberConfig(
    String businessNumber,
    @Nullable Boolean whatsappEnabled,
    @Nullable TemplateRef optInTemplate,
    @Nullable String inactiveAutoReply,
    @Nullable Instant pausedUntil,
    @Nullable Instant updatedAt,
    @Nullable String portfolioId,
    @Nullable String wabaId) {

  /** Settings without a change time, portfolio or account. */
  public BusinessNumberConfig(
      String businessNumber,
      @Nullable Boolean whatsappEnabled,
      @Nullable TemplateRef optInTemplate,
      @Nullable String inactiveAutoReply,
      @Nullable Instant pausedUntil) {
    this(
        businessNumber,
        whatsappEnabled,
        optInTemplate,
        inactiveAutoReply,
        pausedUntil,
        null,
        null,
        null);
  }

  /** Settings changed at {@code updatedAt}, without portfolio or account. */
  public BusinessNumberConfig(
      String businessNumber,
      @Nullable Boolean whatsappEnabled,
      @Nullable TemplateRef optInTemplate,
      @Nullable String inactiveAutoReply,
      @Nullable Instant pausedUntil,
      @Nullable Instant updatedAt) {
    this(
        businessNumber,
        whatsappEnabled,
        optInTemplate,
        inactiveAutoReply,
        pausedUntil,
        updatedAt,
        null,
        null);
  }

  /** The portfolio whose messaging limit the line shares: its own unless it names one. */
  public String portfolio() {
    return portfolioId == null || portfolioId.isBlank() ? businessNumber : portfolioId;
  }

  /** Whether the line takes WhatsApp messages. */
  public boolean enabled() {
    return whatsappEnabled == null || whatsappEnabled;
  }

  /** Whether the provider paused the line at {@code at}. */
  public boolean pausedAt(Instant at) {
    return pausedUntil != null && at.isBefore(pausedUntil);
  }

  /** The same settings, changed at {@code at} unless they say when. */
  public BusinessNumberConfig stampedAt(Instant at) {
    return updatedAt != null
        ? this
        : new BusinessNumberConfig(
            businessNumber,
            whatsappEnabled,
            optInTemplate,
            inactiveAutoReply,
            pausedUntil,
            at,
            portfolioId,
            wabaId);
  }
}
