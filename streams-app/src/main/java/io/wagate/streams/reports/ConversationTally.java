package io.wagate.streams.reports;

import io.wagate.schemas.events.Category;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What the reports remember of one conversation ({@code report-conversation-store}, keyed by
 * conversation): the messages sent and received for the contact's profile, and what an inbound
 * message or an opt-out counts for.
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
 * @param optOutCountedFor the {@code campaignSentAt} of the campaign message an opt-out last
 *     counted for, so one message earns at most one opt-out
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
    @Nullable Instant optOutCountedFor,
    boolean optedOut,
    List<Category> optedOutCategories,
    Instant touchedAt) {

  public ConversationTally {
    optedOutCategories = List.copyOf(optedOutCategories);
  }

  /** A conversation the reports have not heard of, at {@code at}. */
  public static ConversationTally fresh(Instant at) {
    return new ConversationTally(
        0, 0, null, null, null, null, null, null, null, false, List.of(), at);
  }

  /** Whether it may be forgotten at {@code now}: nothing came for {@code idle}. */
  public boolean forgettable(Instant now, Duration idle) {
    return !now.isBefore(touchedAt.plus(idle));
  }
}
