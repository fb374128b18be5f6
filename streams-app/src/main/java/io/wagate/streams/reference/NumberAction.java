package io.wagate.streams.reference;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Something wagate learned about a business number or a WhatsApp Business Account, from a provider
 * failure or an account-level webhook, on its way (through the internal {@code
 * number-actions-by-number} repartition topic, keyed by {@link #businessNumber}) to the one task
 * that keeps that number's or account's learned state.
 *
 * @param businessNumber the key: the line in E.164, or {@code waba:<id>}
 * @param kind what happened
 * @param until for a pause or restriction, until when
 * @param code the provider's error code, ban state or event, for the record
 * @param occurredAt the provider's time of it
 * @param quality for {@link Kind#QUALITY}, the rating
 * @param messagingLimit for {@link Kind#LIMIT}, the limit (-1 unlimited)
 * @param wabaId for {@link Kind#ACCOUNT}, the line's WhatsApp Business Account
 */
public record NumberAction(
    String businessNumber,
    Kind kind,
    @Nullable Instant until,
    @Nullable String code,
    Instant occurredAt,
    @Nullable String quality,
    @Nullable Integer messagingLimit,
    @Nullable String wabaId) {

  /** What happened to the number or account. */
  public enum Kind {
    /** Sends paused until {@code until} (63018, 63038, 471). */
    PAUSE,
    /** Disabled (63020, 63001, …) or the account banned. */
    DISABLE,
    /** The account reinstated after a ban. */
    REINSTATE,
    /** Meta flagged the number's quality. */
    FLAG,
    /** Meta lifted the flag. */
    UNFLAG,
    /** A new quality rating. */
    QUALITY,
    /** Business-initiated messages restricted until {@code until}. */
    RESTRICT,
    /** A new messaging limit for the portfolio. */
    LIMIT,
    /** The number belongs to account {@code wabaId}. */
    ACCOUNT
  }

  /** A pause or disable learned from a provider failure. */
  public static NumberAction failure(
      String businessNumber, Kind kind, @Nullable Instant until, String code, Instant occurredAt) {
    return new NumberAction(businessNumber, kind, until, code, occurredAt, null, null, null);
  }
}
