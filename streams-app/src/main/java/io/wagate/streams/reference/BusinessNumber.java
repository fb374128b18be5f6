package io.wagate.streams.reference;

import io.wagate.schemas.events.BusinessNumberConfig;
import io.wagate.schemas.events.NumberState;
import io.wagate.schemas.events.TemplateRef;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A business number as routing sees it: the operator's settings ({@code wa.business-numbers})
 * combined with what wagate learned from the providers ({@code wa.number-state}). The two never
 * overwrite each other; where both speak, the later word wins, so an operator's re-enable made
 * after wagate disabled the line lifts the disable, and a new failure after it disables it again.
 *
 * @param number the line, E.164
 * @param enabled whether it takes WhatsApp messages now
 * @param pausedUntil sends are rejected as {@code NUMBER_PAUSED} until then, or null
 * @param optInTemplate the template that asks a contact for consent, or null
 * @param inactiveAutoReply the automatic reply while disabled, or null for the default
 */
public record BusinessNumber(
    String number,
    boolean enabled,
    @Nullable Instant pausedUntil,
    @Nullable TemplateRef optInTemplate,
    @Nullable String inactiveAutoReply) {

  /**
   * The line as the two sources describe it.
   *
   * @param number the line
   * @param operator the operator's settings, stamped with their change time, or null
   * @param learned what wagate learned, or null
   */
  public static BusinessNumber of(
      String number, @Nullable BusinessNumberConfig operator, @Nullable NumberState learned) {
    boolean operatorEnabled = operator == null || operator.enabled();
    boolean disabledSince =
        learned != null
            && learned.disabledAt() != null
            && (operator == null
                || operator.updatedAt() == null
                || learned.disabledAt().isAfter(operator.updatedAt()));
    return new BusinessNumber(
        number,
        operatorEnabled && !disabledSince,
        later(
            operator == null ? null : operator.pausedUntil(),
            learned == null ? null : learned.pausedUntil()),
        operator == null ? null : operator.optInTemplate(),
        operator == null ? null : operator.inactiveAutoReply());
  }

  /** Whether sends are paused at {@code at}. */
  public boolean pausedAt(Instant at) {
    return pausedUntil != null && at.isBefore(pausedUntil);
  }

  private static @Nullable Instant later(@Nullable Instant a, @Nullable Instant b) {
    if (a == null) {
      return b;
    }
    return b == null || a.isAfter(b) ? a : b;
  }
}
