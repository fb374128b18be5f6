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
 * @param pausedUntil set by wagate when the provider paused the line (63018, 63038, 471): sends are
 *     rejected until then
 */
public record BusinessNumberConfig(
    String businessNumber,
    @Nullable Boolean whatsappEnabled,
    @Nullable TemplateRef optInTemplate,
    @Nullable String inactiveAutoReply,
    @Nullable Instant pausedUntil) {

  /** Whether the line takes WhatsApp messages. */
  public boolean enabled() {
    return whatsappEnabled == null || whatsappEnabled;
  }

  /** Whether the provider paused the line at {@code at}. */
  public boolean pausedAt(Instant at) {
    return pausedUntil != null && at.isBefore(pausedUntil);
  }

  /** The same settings with WhatsApp disabled, as wagate writes them on 63020 and the like. */
  public BusinessNumberConfig disabled() {
    return new BusinessNumberConfig(
        businessNumber, false, optInTemplate, inactiveAutoReply, pausedUntil);
  }

  /** The same settings paused until {@code until}. */
  public BusinessNumberConfig pausedUntil(Instant until) {
    return new BusinessNumberConfig(
        businessNumber, whatsappEnabled, optInTemplate, inactiveAutoReply, until);
  }
}
