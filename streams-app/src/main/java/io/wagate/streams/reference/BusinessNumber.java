package io.wagate.streams.reference;

import io.wagate.schemas.events.BusinessNumberConfig;
import io.wagate.schemas.events.NumberState;
import io.wagate.schemas.events.TemplateRef;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A business number as routing sees it: the operator's settings ({@code wa.business-numbers})
 * combined with what wagate learned from the providers about the line and about its WhatsApp
 * Business Account ({@code wa.number-state}). The sources never overwrite each other; where two
 * speak, the later word wins, so an operator's re-enable made after wagate disabled the line lifts
 * the disable, and a new failure after it disables it again.
 *
 * @param number the line, E.164
 * @param enabled whether it takes WhatsApp messages now
 * @param pausedUntil sends are rejected as {@code NUMBER_PAUSED} until then, or null
 * @param optInTemplate the template that asks a contact for consent, or null
 * @param inactiveAutoReply the automatic reply while disabled, or null for the default
 * @param flagged whether Meta's quality flag is in force
 * @param restrictedUntil business-initiated messages are restricted until then, or null
 * @param portfolioId the portfolio whose messaging limit the line shares
 * @param learnedLimit the messaging limit Meta last announced for the line or its account, or null
 * @param learnedLimitAt when
 */
public record BusinessNumber(
    String number,
    boolean enabled,
    @Nullable Instant pausedUntil,
    @Nullable TemplateRef optInTemplate,
    @Nullable String inactiveAutoReply,
    boolean flagged,
    @Nullable Instant restrictedUntil,
    String portfolioId,
    @Nullable Integer learnedLimit,
    @Nullable Instant learnedLimitAt) {

  /** A line with only the settings routing needs most; the rest unknown. */
  public BusinessNumber(
      String number,
      boolean enabled,
      @Nullable Instant pausedUntil,
      @Nullable TemplateRef optInTemplate,
      @Nullable String inactiveAutoReply) {
    this(
        number,
        enabled,
        pausedUntil,
        optInTemplate,
        inactiveAutoReply,
        false,
        null,
        number,
        null,
        null);
  }

  /** The line as the operator's settings alone describe it. */
  public static BusinessNumber of(
      String number, @Nullable BusinessNumberConfig operator, @Nullable NumberState learned) {
    return of(number, operator, learned, null);
  }

  /**
   * The line as every source describes it.
   *
   * @param number the line
   * @param operator the operator's settings, stamped with their change time, or null
   * @param line what wagate learned about the line, or null
   * @param account what wagate learned about its account, or null
   */
  public static BusinessNumber of(
      String number,
      @Nullable BusinessNumberConfig operator,
      @Nullable NumberState line,
      @Nullable NumberState account) {
    boolean operatorEnabled = operator == null || operator.enabled();
    Instant operatorAt = operator == null ? null : operator.updatedAt();
    boolean disabled = disabledSince(line, operatorAt) || disabledSince(account, operatorAt);
    NumberState limitSource = newerLimit(line, account);
    return new BusinessNumber(
        number,
        operatorEnabled && !disabled,
        later(
            operator == null ? null : operator.pausedUntil(),
            line == null ? null : line.pausedUntil()),
        operator == null ? null : operator.optInTemplate(),
        operator == null ? null : operator.inactiveAutoReply(),
        line != null && line.flagged(),
        later(
            line == null ? null : line.restrictedUntil(),
            account == null ? null : account.restrictedUntil()),
        operator == null ? number : operator.portfolio(),
        limitSource == null ? null : limitSource.messagingLimit(),
        limitSource == null ? null : limitSource.messagingLimitAt());
  }

  /** Whether sends are paused at {@code at}. */
  public boolean pausedAt(Instant at) {
    return pausedUntil != null && at.isBefore(pausedUntil);
  }

  /** Whether business-initiated messages are restricted at {@code at}. */
  public boolean restrictedAt(Instant at) {
    return restrictedUntil != null && at.isBefore(restrictedUntil);
  }

  /** A provider's disable in force and not lifted by an operator's later re-enable. */
  private static boolean disabledSince(@Nullable NumberState state, @Nullable Instant operatorAt) {
    return state != null
        && state.disabled()
        && (operatorAt == null || state.disabledAt().isAfter(operatorAt));
  }

  private static @Nullable NumberState newerLimit(
      @Nullable NumberState line, @Nullable NumberState account) {
    NumberState newer = null;
    for (NumberState state : new NumberState[] {line, account}) {
      if (state != null
          && state.messagingLimit() != null
          && (newer == null || state.messagingLimitAt().isAfter(newer.messagingLimitAt()))) {
        newer = state;
      }
    }
    return newer;
  }

  private static @Nullable Instant later(@Nullable Instant a, @Nullable Instant b) {
    if (a == null) {
      return b;
    }
    return b == null || a.isAfter(b) ? a : b;
  }
}
