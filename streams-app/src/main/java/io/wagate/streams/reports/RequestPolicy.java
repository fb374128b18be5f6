package io.wagate.streams.reports;

import io.wagate.schemas.events.LifecycleState;
import io.wagate.streams.reports.RequestTally.Outcome;
import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * How one record about a request changes what it counts for in its campaign. A request's state only
 * ever moves forward (one routing outcome, delivery {@code SENT < DELIVERED < READ}, a failure only
 * before delivery), and what it contributes to its campaign is a function of that state alone: a
 * record delivered again, a status out of order or a retry changes the state at most once, so it
 * counts at most once. The change sent to the campaign is the difference between what the request
 * contributed before and after. Pure.
 */
public final class RequestPolicy {

  /** The reason counted for a rejection whose status named none. */
  static final String UNKNOWN_REASON = "UNKNOWN";

  /** The code counted for a failure whose status named none. */
  static final String UNKNOWN_CODE = "unknown";

  private RequestPolicy() {}

  /**
   * What one record does.
   *
   * @param after the request's state after it
   * @param change what changed in its campaign's counts; null when nothing did or the campaign is
   *     not known
   * @param send the message's first send, for its conversation's counts; null for anything else
   */
  public record Step(RequestTally after, @Nullable CampaignChange change, @Nullable Send send) {}

  /**
   * A request's first send, to be counted in its conversation.
   *
   * @param conversationKey the conversation
   * @param sent what to count
   */
  public record Send(String conversationKey, ConversationFact.Sent sent) {}

  /**
   * Applies {@code fact} to the request's state.
   *
   * @param before the request's state, null when the reports have not heard of it
   * @param fact what came
   * @param now the time it came, from which the state's retention runs
   */
  public static Step apply(@Nullable RequestTally before, RequestFact fact, Instant now) {
    RequestTally prior = before == null ? RequestTally.fresh(now) : before;
    RequestTally after = prior;
    Send send = null;
    if (fact instanceof RequestFact.Requested requested) {
      after = prior.withCampaign(requested.campaignId());
    } else if (fact instanceof RequestFact.Routed routed) {
      after =
          prior
              .withCampaign(routed.campaignId())
              .withOutcome(Outcome.ROUTED, null)
              .withRoutedAt(routed.routedAt());
      if (prior.routedAt() == null) {
        send =
            new Send(
                routed.conversationKey(),
                new ConversationFact.Sent(
                    routed.businessNumber(),
                    routed.agentId(),
                    after.campaignId(),
                    routed.routedAt()));
      }
    } else if (fact instanceof RequestFact.StatusChanged status) {
      after = status(prior, status);
    }
    return new Step(after.touched(now), change(prior, after), send);
  }

  /** What {@code tally} contributes to its campaign: nothing while its campaign is not known. */
  public static CampaignCounts contribution(RequestTally tally) {
    if (tally.campaignId() == null) {
      return CampaignCounts.ZERO;
    }
    Outcome outcome = tally.outcome();
    LifecycleState delivery = tally.delivery();
    boolean delivered = delivery == LifecycleState.DELIVERED || delivery == LifecycleState.READ;
    return new CampaignCounts(
        1,
        one(outcome == Outcome.ROUTED),
        one(outcome == Outcome.AWAITING_OPT_IN),
        one(outcome == Outcome.REJECTED),
        outcome == Outcome.REJECTED
            ? Map.of(tally.rejection() == null ? UNKNOWN_REASON : tally.rejection(), 1L)
            : Map.of(),
        one(outcome == Outcome.EXPIRED),
        one(delivery != null),
        one(delivered),
        one(delivery == LifecycleState.READ),
        one(tally.failure() != null),
        tally.failure() == null ? Map.of() : Map.of(tally.failure(), 1L),
        0,
        0);
  }

  private static RequestTally status(RequestTally tally, RequestFact.StatusChanged status) {
    return switch (status.state()) {
      case ROUTED_TEMPLATE, ROUTED_FREEFORM -> tally.withOutcome(Outcome.ROUTED, null);
      case AWAITING_OPT_IN -> tally.withOutcome(Outcome.AWAITING_OPT_IN, null);
      case REJECTED ->
          tally.withOutcome(
              Outcome.REJECTED, status.reason() == null ? UNKNOWN_REASON : status.reason());
      case EXPIRED -> tally.withOutcome(Outcome.EXPIRED, null);
      case SENT, DELIVERED, READ -> tally.withDelivery(status.state());
      case FAILED -> tally.withFailure(status.code() == null ? UNKNOWN_CODE : status.code());
      // A retry is the same request, and a held one waits for the messaging limit: only where
      // each ends (routed, expired) counts.
      case RETRY_SCHEDULED, HELD -> tally;
    };
  }

  private static @Nullable CampaignChange change(RequestTally before, RequestTally after) {
    String campaign = after.campaignId();
    if (campaign == null) {
      return null;
    }
    CampaignCounts delta = contribution(after).minus(contribution(before));
    // The send counts for the campaign's first and last send once both are known.
    boolean sendNewlyCounted =
        after.routedAt() != null && (before.routedAt() == null || before.campaignId() == null);
    Instant sendAt = sendNewlyCounted ? after.routedAt() : null;
    if (delta.isZero() && sendAt == null) {
      return null;
    }
    return new CampaignChange(campaign, delta, sendAt);
  }

  private static long one(boolean condition) {
    return condition ? 1 : 0;
  }
}
