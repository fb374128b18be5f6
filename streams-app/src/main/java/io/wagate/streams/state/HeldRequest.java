package io.wagate.streams.state;

import java.time.Instant;

/**
 * A template held back for its portfolio (DOMAIN.md §5), in the {@code limit-held-store} under its
 * portfolio and sequence number, so that requests leave in the order they came.
 *
 * @param requestId the request
 * @param conversationKey its conversation
 * @param businessNumber the number that sends it
 * @param contact the contact it goes to
 * @param forFlag held because the number is flagged (marketing); else for room under the limit
 * @param outsideWindow business-initiated: counts against the limit when it goes
 * @param heldAt when it was held
 * @param expiresAt when it gives up waiting ({@code WAGATE_HOLD_TTL})
 */
public record HeldRequest(
    String requestId,
    String conversationKey,
    String businessNumber,
    String contact,
    boolean forFlag,
    boolean outsideWindow,
    Instant heldAt,
    Instant expiresAt) {}
