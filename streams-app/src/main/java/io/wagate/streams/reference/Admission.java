package io.wagate.streams.reference;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A conversation asking its portfolio whether a business-initiated template may go, or telling it
 * that one went (an opt-in request, a template while the limit is unknown), on its way through the
 * internal {@code admissions-by-portfolio} repartition topic to the one task that counts the
 * portfolio. Counting in one task per portfolio keeps the count exact across instances.
 *
 * @param portfolioId the portfolio
 * @param requestId the request, for a question; null when only counting
 * @param conversationKey the conversation
 * @param businessNumber the number that sends it
 * @param contact the contact it goes to
 * @param forFlag marketing from a number Meta flagged, to hold until the flag is lifted
 * @param countOnly the message went already: count the contact, answer nothing
 * @param outsideWindow whether the message is business-initiated (counts); a flagged number's
 *     marketing inside an open window waits for the flag but does not count
 * @param at when it was decided
 */
public record Admission(
    String portfolioId,
    @Nullable String requestId,
    String conversationKey,
    String businessNumber,
    String contact,
    boolean forFlag,
    boolean countOnly,
    boolean outsideWindow,
    Instant at) {}
