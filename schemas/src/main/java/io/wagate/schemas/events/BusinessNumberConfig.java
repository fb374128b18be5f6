package io.wagate.schemas.events;

import org.jspecify.annotations.Nullable;

/**
 * An operator's settings for one business line ({@code wa.business-numbers}).
 *
 * @param businessNumber the line, E.164
 * @param whatsappEnabled false when the line does not take WhatsApp messages; absent means true
 * @param optInTemplate the template sent to ask a contact for consent
 * @param inactiveAutoReply the automatic reply to inbound messages while the line is disabled
 */
public record BusinessNumberConfig(
    String businessNumber,
    @Nullable Boolean whatsappEnabled,
    @Nullable TemplateRef optInTemplate,
    @Nullable String inactiveAutoReply) {

  /** Whether the line takes WhatsApp messages. */
  public boolean enabled() {
    return whatsappEnabled == null || whatsappEnabled;
  }
}
