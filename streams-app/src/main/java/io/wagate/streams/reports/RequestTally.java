package io.wagate.streams.reports;

import io.wagate.schemas.events.LifecycleState;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * What the reports remember of one request ({@code report-request-store}, keyed by request id): its
 * campaign and the furthest state it reached, so that a record delivered again or out of order
 * changes nothing, and what it contributes to its campaign can be taken back when it moves on.
 *
 * @param campaignId the campaign the request named first; null while unknown or when it named none
 * @param outcome its routing outcome
 * @param rejection the reason of a rejection
 * @param delivery the furthest delivery state: {@code SENT}, {@code DELIVERED} or {@code READ}
 * @param failure the error code of its final failure
 * @param routedAt when wagate first routed it to a sender: the send that counts
 * @param touchedAt when its last record came, from which its retention runs
 */
public record RequestTally(
    @Nullable String campaignId,
    Outcome outcome,
    @Nullable String rejection,
    @Nullable LifecycleState delivery,
    @Nullable String failure,
    @Nullable Instant routedAt,
    Instant touchedAt) {

  /** Where a request's routing stands. */
  public enum Outcome {
    /** Nothing known yet. */
    NONE,
    /** Parked for the contact's opt-in. */
    AWAITING_OPT_IN,
    /** Routed to a sender. */
    ROUTED,
    /** Rejected. */
    REJECTED,
    /** Expired while parked. */
    EXPIRED;

    /** Whether this is the request's one routing outcome, which nothing changes. */
    public boolean isFinal() {
      return this == ROUTED || this == REJECTED || this == EXPIRED;
    }
  }

  /** A request the reports have not heard of, at {@code at}. */
  public static RequestTally fresh(Instant at) {
    return new RequestTally(null, Outcome.NONE, null, null, null, null, at);
  }

  /** Whether it may be forgotten at {@code now}: nothing came for {@code retention}. */
  public boolean forgettable(Instant now, Duration retention) {
    return !now.isBefore(touchedAt.plus(retention));
  }

  RequestTally withCampaign(@Nullable String campaign) {
    if (campaignId != null || campaign == null) {
      return this;
    }
    return new RequestTally(campaign, outcome, rejection, delivery, failure, routedAt, touchedAt);
  }

  /**
   * The routing outcome {@code next}, unless a final one is known (or a later one, for parking).
   */
  RequestTally withOutcome(Outcome next, @Nullable String reason) {
    if (outcome.isFinal() || (next == Outcome.AWAITING_OPT_IN && outcome != Outcome.NONE)) {
      return this;
    }
    return new RequestTally(
        campaignId,
        next,
        next == Outcome.REJECTED ? reason : null,
        delivery,
        failure,
        routedAt,
        touchedAt);
  }

  /** The delivery state {@code state}, when it is further than the one known and nothing failed. */
  RequestTally withDelivery(LifecycleState state) {
    if (failure != null || rank(state) <= rank(delivery)) {
      return this;
    }
    return new RequestTally(campaignId, outcome, rejection, state, failure, routedAt, touchedAt)
        .withOutcome(Outcome.ROUTED, null);
  }

  /** A final failure with {@code code}, unless one was known or the message was delivered. */
  RequestTally withFailure(String code) {
    if (failure != null || rank(delivery) >= rank(LifecycleState.DELIVERED)) {
      return this;
    }
    return new RequestTally(campaignId, outcome, rejection, delivery, code, routedAt, touchedAt)
        .withOutcome(Outcome.ROUTED, null);
  }

  RequestTally withRoutedAt(Instant at) {
    if (routedAt != null) {
      return this;
    }
    return new RequestTally(campaignId, outcome, rejection, delivery, failure, at, touchedAt);
  }

  RequestTally touched(Instant at) {
    return new RequestTally(campaignId, outcome, rejection, delivery, failure, routedAt, at);
  }

  private static int rank(@Nullable LifecycleState state) {
    if (state == null) {
      return 0;
    }
    return switch (state) {
      case SENT -> 1;
      case DELIVERED -> 2;
      case READ -> 3;
      default -> 0;
    };
  }
}
