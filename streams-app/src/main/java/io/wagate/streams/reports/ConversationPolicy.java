package io.wagate.streams.reports;

import io.wagate.schemas.events.Category;
import io.wagate.schemas.events.OptInState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * How one fact about a conversation changes its counts, the day buckets, and its campaign's
 * opt-outs. Pure.
 *
 * <ul>
 *   <li>A message wagate routed counts as sent on its UTC day, for the business number and for the
 *       CRM user who sent it; it becomes the conversation's latest campaign message when it names a
 *       campaign, and the latest user's message when it names a user.
 *   <li>A message the contact wrote counts as received on its UTC day (by the provider's time), for
 *       the business number and for the CRM user of the latest message that named one.
 *   <li>An opt-out is a consent state on {@code wa.sessions} that opts the contact out of more than
 *       before: of everything, or of a category more. It counts for the latest campaign message
 *       when it comes within the opt-out window after it, and at most once per message; it is
 *       marketing-only when the contact is now opted out of marketing and of nothing else.
 * </ul>
 */
public final class ConversationPolicy {

  /** Inbound types that are not messages the contact wrote. */
  private static final Set<String> NOT_MESSAGES = Set.of("user_preferences", "system");

  private ConversationPolicy() {}

  /**
   * What one fact does.
   *
   * @param after the conversation's state after it
   * @param days what changed in the day buckets
   * @param optOut the opt-out it counts for a campaign, or null
   */
  public record Step(
      ConversationTally after, List<DayChange> days, @Nullable CampaignChange optOut) {

    public Step {
      days = List.copyOf(days);
    }
  }

  /**
   * Whether an inbound record of {@code type} is a message the contact wrote: a preference change
   * ({@code user_preferences}) or a system notice ({@code system}) is not.
   */
  public static boolean isMessage(String type) {
    return !NOT_MESSAGES.contains(type);
  }

  /**
   * Applies {@code fact} to the conversation's state.
   *
   * @param before the state, null when the reports have not heard of the conversation
   * @param fact what came
   * @param now the time it came, from which the state's idle time runs
   * @param optOutWindow how long after a campaign message an opt-out counts for it
   */
  public static Step apply(
      @Nullable ConversationTally before,
      ConversationFact fact,
      Instant now,
      Duration optOutWindow) {
    ConversationTally tally = before == null ? ConversationTally.fresh(now) : before;
    if (fact instanceof ConversationFact.Sent sent) {
      return sent(tally, sent, now);
    }
    if (fact instanceof ConversationFact.Received received) {
      return received(tally, received, now);
    }
    return consent(tally, (ConversationFact.ConsentSeen) fact, now, optOutWindow);
  }

  private static Step sent(ConversationTally t, ConversationFact.Sent sent, Instant now) {
    Instant at = sent.at();
    boolean latestAgent =
        sent.agentId() != null && (t.agentAt() == null || !at.isBefore(t.agentAt()));
    boolean latestCampaign =
        sent.campaignId() != null
            && (t.campaignSentAt() == null || !at.isBefore(t.campaignSentAt()));
    ConversationTally after =
        new ConversationTally(
            t.sent() + 1,
            t.received(),
            later(t.lastSentAt(), at),
            t.lastReceivedAt(),
            latestAgent ? sent.agentId() : t.agentId(),
            latestAgent ? at : t.agentAt(),
            latestCampaign ? sent.campaignId() : t.campaignId(),
            latestCampaign ? at : t.campaignSentAt(),
            t.optOutCountedFor(),
            t.optedOut(),
            t.optedOutCategories(),
            now);
    String day = DayBuckets.dayOf(at);
    List<DayChange> days = new ArrayList<>(2);
    days.add(new DayChange(DayChange.Report.ACTIVITY, sent.businessNumber(), day, 1, 0));
    if (sent.agentId() != null) {
      days.add(new DayChange(DayChange.Report.AGENT, sent.agentId(), day, 1, 0));
    }
    return new Step(after, days, null);
  }

  private static Step received(
      ConversationTally t, ConversationFact.Received received, Instant now) {
    Instant at = received.at();
    ConversationTally after =
        new ConversationTally(
            t.sent(),
            t.received() + 1,
            t.lastSentAt(),
            later(t.lastReceivedAt(), at),
            t.agentId(),
            t.agentAt(),
            t.campaignId(),
            t.campaignSentAt(),
            t.optOutCountedFor(),
            t.optedOut(),
            t.optedOutCategories(),
            now);
    String day = DayBuckets.dayOf(at);
    List<DayChange> days = new ArrayList<>(2);
    days.add(new DayChange(DayChange.Report.ACTIVITY, received.businessNumber(), day, 0, 1));
    if (t.agentId() != null) {
      days.add(new DayChange(DayChange.Report.AGENT, t.agentId(), day, 0, 1));
    }
    return new Step(after, days, null);
  }

  private static Step consent(
      ConversationTally t, ConversationFact.ConsentSeen seen, Instant now, Duration window) {
    boolean optedOutOfAll = seen.optIn() == OptInState.OPTED_OUT;
    Set<Category> categories = EnumSet.noneOf(Category.class);
    categories.addAll(seen.optedOutCategories());
    Set<Category> added = EnumSet.noneOf(Category.class);
    added.addAll(categories);
    t.optedOutCategories().forEach(added::remove);
    // After a full opt-out, fewer categories opted out is an opt-in, never a new opt-out.
    boolean optsOut = !t.optedOut() && (optedOutOfAll || !added.isEmpty());
    boolean marketingOnly = !optedOutOfAll && categories.equals(EnumSet.of(Category.MARKETING));
    Instant message = t.campaignSentAt();
    boolean counts =
        optsOut
            && t.campaignId() != null
            && message != null
            && !seen.at().isBefore(message)
            && !seen.at().isAfter(message.plus(window))
            && !message.equals(t.optOutCountedFor());
    ConversationTally after =
        new ConversationTally(
            t.sent(),
            t.received(),
            t.lastSentAt(),
            t.lastReceivedAt(),
            t.agentId(),
            t.agentAt(),
            t.campaignId(),
            t.campaignSentAt(),
            counts ? message : t.optOutCountedFor(),
            optedOutOfAll,
            List.copyOf(categories),
            now);
    CampaignChange optOut =
        counts
            ? new CampaignChange(t.campaignId(), CampaignCounts.optOut(marketingOnly), null)
            : null;
    return new Step(after, List.of(), optOut);
  }

  private static Instant later(@Nullable Instant a, Instant b) {
    return a == null || b.isAfter(a) ? b : a;
  }
}
