package io.wagate.streams.topology;

import io.wagate.streams.state.ConsentLedger;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * What one part of wagate asks of a conversation, through the internal {@code
 * commands-by-conversation} repartition topic keyed by the conversation: a held template may go or
 * gave up waiting (from its portfolio), a number change carries consent over (from the old number's
 * conversation).
 *
 * @param kind what is asked
 * @param requestId the request, for {@link Kind#ADMITTED} and {@link Kind#HOLD_EXPIRED}
 * @param forFlag for {@link Kind#HOLD_EXPIRED}: held because the number was flagged
 * @param limit for {@link Kind#HOLD_EXPIRED}: the portfolio's limit
 * @param roomAt for {@link Kind#HOLD_EXPIRED}: when the portfolio next has room, if known
 * @param consent for {@link Kind#CARRY_OVER}: the old number's consent
 * @param blocked for {@link Kind#CARRY_OVER}: whether the old number had blocked the business
 * @param from for {@link Kind#CARRY_OVER}: the old contact; for {@link Kind#LINK}: the phone
 *     conversation a business-scoped user id belongs to
 * @param redirected for {@link Kind#REDIRECT}: the event that reached the user id's conversation,
 *     for the phone number's conversation it is linked to
 * @param at when it was asked
 */
public record Command(
    Kind kind,
    @Nullable String requestId,
    boolean forFlag,
    @Nullable Integer limit,
    @Nullable Instant roomAt,
    @Nullable ConsentLedger consent,
    boolean blocked,
    @Nullable String from,
    @Nullable Redirected redirected,
    Instant at) {

  /**
   * An event for a business-scoped user id, passed on to the phone number's conversation it is
   * linked to; one of its parts is set.
   *
   * @param inbound a user's message
   * @param callback a provider status
   * @param request a send request, with the contact it is addressed to
   * @param contact the contact a request is addressed to (the user id)
   */
  public record Redirected(
      io.wagate.schemas.events.@Nullable InboundMessage inbound,
      io.wagate.schemas.events.@Nullable StatusCallback callback,
      io.wagate.schemas.events.@Nullable SendRequest request,
      @Nullable String contact) {}

  /** What is asked. */
  public enum Kind {
    /** The portfolio has room: the held template goes. */
    ADMITTED,
    /** The template waited longer than {@code WAGATE_HOLD_TTL}. */
    HOLD_EXPIRED,
    /** The contact changed number: take over their consent and blocks. */
    CARRY_OVER,
    /** This business-scoped user id belongs to the phone conversation {@code from}. */
    LINK,
    /** An event of a linked user id, for its phone number's conversation. */
    REDIRECT
  }

  /** The portfolio lets {@code requestId} go. */
  public static Command admitted(String requestId, Instant at) {
    return new Command(Kind.ADMITTED, requestId, false, null, null, null, false, null, null, at);
  }

  /** {@code requestId} gave up waiting. */
  public static Command holdExpired(
      String requestId,
      boolean forFlag,
      @Nullable Integer limit,
      @Nullable Instant roomAt,
      Instant at) {
    return new Command(
        Kind.HOLD_EXPIRED, requestId, forFlag, limit, roomAt, null, false, null, null, at);
  }

  /** The contact moved from {@code from}, with this consent. */
  public static Command carryOver(ConsentLedger consent, boolean blocked, String from, Instant at) {
    return new Command(Kind.CARRY_OVER, null, false, null, null, consent, blocked, from, null, at);
  }

  /** The user id of this conversation belongs to the phone conversation {@code phoneKey}. */
  public static Command link(String phoneKey, @Nullable ConsentLedger consent, Instant at) {
    return new Command(Kind.LINK, null, false, null, null, consent, false, phoneKey, null, at);
  }

  /** {@code event}, passed on to the linked phone conversation. */
  public static Command redirect(Redirected event, Instant at) {
    return new Command(Kind.REDIRECT, null, false, null, null, null, false, null, event, at);
  }
}
