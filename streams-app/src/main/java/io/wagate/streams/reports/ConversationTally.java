package io.wagate.streams.reports;

import io.wagate.schemas.events.Category;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What the reports remember of one conversation ({@code report-conversation-store}, keyed by
 * conversation): the messages sent and received for the contact's profile, and what its replies and
 * its latest opt-out count for.
 *
 * @param sent distinct messages wagate routed to the contact
 * @param received distinct messages the contact wrote
 * @param lastSentAt when the latest of them was routed
 * @param lastReceivedAt the provider's time of the latest message the contact wrote
 * @param agentId the CRM user of the latest message that named one: the contact's replies count for
 *     them
 * @param agentAt when that message was routed
 * @param campaignId the campaign of the latest campaign message to the contact
 * @param campaignSentAt when that message was routed
 * @param receptions the contact's latest messages (at most {@link #RECEPTIONS_KEPT}) with the user
 *     each counts for, so a user's message that reaches the reports after a reply to it still gets
 *     the reply
 * @param optOut the contact's latest opt-out and the campaign message it counts for
 * @param optedOut whether the contact was opted out of everything, as {@code wa.sessions} last said
 * @param optedOutCategories the categories they were opted out of otherwise
 * @param touchedAt when its last record came, from which its idle time runs
 */
public record ConversationTally(
    long sent,
    long received,
    @Nullable Instant lastSentAt,
    @Nullable Instant lastReceivedAt,
    @Nullable String agentId,
    @Nullable Instant agentAt,
    @Nullable String campaignId,
    @Nullable Instant campaignSentAt,
    List<Reception> receptions,
    @Nullable OptOut optOut,
    boolean optedOut,
    List<Category> optedOutCategories,
    Instant touchedAt) {

  /** How many of the contact's latest messages keep the user they count for. */
  public static final int RECEPTIONS_KEPT = 16;

  public ConversationTally {
    receptions = List.copyOf(receptions);
    optedOutCategories = List.copyOf(optedOutCategories);
  }

  /**
   * One of the contact's messages and the CRM user it counts for.
   *
   * @param at the provider's time of the message
   * @param agentId the user it counts for, null for none
   * @param agentAt when that user's message was routed
   */
  public record Reception(Instant at, @Nullable String agentId, @Nullable Instant agentAt) {}

  /**
   * An opt-out and the campaign message it counts for.
   *
   * @param at when wagate recorded it
   * @param marketingOnly whether the contact opted out of marketing only
   * @param campaignId the campaign it counts for, null for none
   * @param campaignSentAt when that campaign's message was routed
   */
  public record OptOut(
      Instant at,
      boolean marketingOnly,
      @Nullable String campaignId,
      @Nullable Instant campaignSentAt) {}

  /** A conversation the reports have not heard of, at {@code at}. */
  public static ConversationTally fresh(Instant at) {
    return new ConversationTally(
        0, 0, null, null, null, null, null, null, List.of(), null, false, List.of(), at);
  }

  /** Whether it may be forgotten at {@code now}: nothing came for {@code idle}. */
  public boolean forgettable(Instant now, Duration idle) {
    return !now.isBefore(touchedAt.plus(idle));
  }
}
