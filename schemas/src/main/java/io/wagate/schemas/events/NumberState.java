package io.wagate.schemas.events;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * What wagate learned about one business line, or about a whole WhatsApp Business Account, from the
 * providers ({@code wa.number-state}, compacted). wagate alone writes it, one writer per key, every
 * record whole, so a fresh instance that reads the compacted topic knows all of it. The operator's
 * own settings stay on {@code wa.business-numbers}; routing combines the two, and a line is
 * governed by its own state and by its account's ({@code waba:<id>}).
 *
 * @param businessNumber the key: the line in E.164, or {@code waba:<id>} for what applies to every
 *     line of a WhatsApp Business Account (bans, restrictions, the messaging limit)
 * @param wabaId the WhatsApp Business Account the line belongs to, as the provider said
 * @param pausedUntil the provider paused the line (63018, 63038, 471) until then; only moves later
 * @param pauseCode the error code of the latest pause
 * @param disabledAt when the provider disabled the line or banned the account (63020, 63001, 190,
 *     {@code account_update} DISABLE, …); lifted by a later reinstatement, or by an operator's
 *     re-enable with a later {@code updatedAt} on {@code wa.business-numbers}
 * @param disableCode the error code or ban state that disabled it
 * @param reinstatedAt when the provider reinstated the account after a ban
 * @param flaggedAt when Meta flagged the line's quality ({@code phone_number_quality_update})
 * @param unflaggedAt when Meta lifted the flag; the later of the two wins
 * @param quality the line's quality rating as Meta last gave it ({@code GREEN}, {@code YELLOW},
 *     {@code RED}, {@code UNKNOWN})
 * @param restrictedUntil business-initiated messages are restricted until then ({@code
 *     RESTRICTED_BIZ_INITIATED_MESSAGING})
 * @param messagingLimit the portfolio's messaging limit as Meta last announced it through this line
 *     or account: distinct users per moving 24 hours outside an open window, -1 for unlimited
 * @param messagingLimitAt when Meta announced it
 * @param updatedAt when this state last changed
 */
public record NumberState(
    String businessNumber,
    @Nullable String wabaId,
    @Nullable Instant pausedUntil,
    @Nullable String pauseCode,
    @Nullable Instant disabledAt,
    @Nullable String disableCode,
    @Nullable Instant reinstatedAt,
    @Nullable Instant flaggedAt,
    @Nullable Instant unflaggedAt,
    @Nullable String quality,
    @Nullable Instant restrictedUntil,
    @Nullable Integer messagingLimit,
    @Nullable Instant messagingLimitAt,
    Instant updatedAt) {

  /** The key prefix of an account's state. */
  public static final String WABA_PREFIX = "waba:";

  /** A line or account wagate knows nothing about yet. */
  public static NumberState unknown(String key, Instant at) {
    return new NumberState(
        key, null, null, null, null, null, null, null, null, null, null, null, null, at);
  }

  /** The key of the state of account {@code wabaId}. */
  public static String wabaKey(String wabaId) {
    return WABA_PREFIX + wabaId;
  }

  /** Whether the provider's disable or ban is in force (a later reinstatement lifts it). */
  public boolean disabled() {
    return disabledAt != null && (reinstatedAt == null || disabledAt.isAfter(reinstatedAt));
  }

  /** Whether Meta's quality flag is in force. */
  public boolean flagged() {
    return flaggedAt != null && (unflaggedAt == null || flaggedAt.isAfter(unflaggedAt));
  }
}
