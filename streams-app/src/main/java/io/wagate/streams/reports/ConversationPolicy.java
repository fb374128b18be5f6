package io.wagate.streams.reports;

import io.wagate.schemas.events.Category;
import io.wagate.schemas.events.OptInState;
import io.wagate.streams.reports.ConversationTally.OptOut;
import io.wagate.streams.reports.ConversationTally.Reception;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * How one fact about a conversation changes its counts, the day buckets, and its campaigns'
 * opt-outs. Pure.
 *
 * <ul>
 *   <li>A message wagate routed counts as sent on its UTC day, for the business number and for the
 *       CRM user who sent it.
 *   <li>A message the contact wrote counts as received on its UTC day (by the provider's time), for
 *       the business number and for the CRM user of the latest message that named one.
 *   <li>An opt-out is a consent state on {@code wa.sessions} that opts the contact out of more than
 *       before: of everything, or of one more category (after a full opt-out, fewer categories is
 *       an opt-in). It counts for the latest campaign message before it, when it comes within the
 *       opt-out window after that message, and a message earns at most one; it is marketing-only
 *       when the contact is now opted out of marketing and of nothing else.
 * </ul>
 *
 * Sends reach the reports a step later than replies and consent (they are counted once per request
 * first), so a send may arrive after the reply or opt-out it caused. Attribution goes by time, not
 * by arrival: a user's send that arrives late takes over the contact's latest messages written
 * after it, and a campaign's send that arrives late takes over the latest opt-out after it.
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
   * @param campaigns what changed in campaigns' opt-outs (an opt-out may move from one campaign to
   *     another)
   */
  public record Step(
      ConversationTally after, List<DayChange> days, List<CampaignChange> campaigns) {

    public Step {
      days = List.copyOf(days);
      campaigns = List.copyOf(campaigns);
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
      return sent(tally, sent, now, optOutWindow);
    }
    if (fact instanceof ConversationFact.Received received) {
      return received(tally, received, now);
    }
    return consent(tally, (ConversationFact.ConsentSeen) fact, now, optOutWindow);
  }

  private static Step sent(
      ConversationTally t, ConversationFact.Sent sent, Instant now, Duration window) {
    Instant at = sent.at();
    String agent = sent.agentId();
    String campaign = sent.campaignId();
    boolean latestAgent = agent != null && (t.agentAt() == null || !at.isBefore(t.agentAt()));
    boolean latestCampaign =
        campaign != null && (t.campaignSentAt() == null || !at.isBefore(t.campaignSentAt()));
    String day = DayBuckets.dayOf(at);
    List<DayChange> days = new ArrayList<>();
    days.add(new DayChange(DayChange.Report.ACTIVITY, sent.businessNumber(), day, 1, 0));
    List<Reception> receptions = t.receptions();
    if (agent != null) {
      days.add(new DayChange(DayChange.Report.AGENT, agent, day, 1, 0));
      receptions = recredit(receptions, agent, at, days);
    }
    List<CampaignChange> campaigns = new ArrayList<>();
    OptOut optOut = t.optOut();
    if (campaign != null && optOut != null && claims(at, optOut, window)) {
      // The opt-out came after this message: it counts for it, not for an earlier one.
      if (optOut.campaignId() != null) {
        campaigns.add(
            new CampaignChange(
                optOut.campaignId(),
                CampaignCounts.ZERO.minus(CampaignCounts.optOut(optOut.marketingOnly())),
                null));
      }
      campaigns.add(
          new CampaignChange(campaign, CampaignCounts.optOut(optOut.marketingOnly()), null));
      optOut = new OptOut(optOut.at(), optOut.marketingOnly(), campaign, at);
    }
    ConversationTally after =
        new ConversationTally(
            t.sent() + 1,
            t.received(),
            later(t.lastSentAt(), at),
            t.lastReceivedAt(),
            latestAgent ? agent : t.agentId(),
            latestAgent ? at : t.agentAt(),
            latestCampaign ? campaign : t.campaignId(),
            latestCampaign ? at : t.campaignSentAt(),
            receptions,
            optOut,
            t.optedOut(),
            t.optedOutCategories(),
            now);
    return new Step(after, days, campaigns);
  }

  /**
   * The receptions with those written after {@code at}, and not credited to a later send, credited
   * to {@code agent} instead; the day changes that moves go to {@code days}.
   */
  private static List<Reception> recredit(
      List<Reception> receptions, String agent, Instant at, List<DayChange> days) {
    List<Reception> result = new ArrayList<>(receptions.size());
    for (Reception reception : receptions) {
      boolean claimed =
          !reception.at().isBefore(at)
              && (reception.agentAt() == null || at.isAfter(reception.agentAt()));
      if (!claimed) {
        result.add(reception);
        continue;
      }
      String day = DayBuckets.dayOf(reception.at());
      if (reception.agentId() != null) {
        days.add(new DayChange(DayChange.Report.AGENT, reception.agentId(), day, 0, -1));
      }
      days.add(new DayChange(DayChange.Report.AGENT, agent, day, 0, 1));
      result.add(new Reception(reception.at(), agent, at));
    }
    return result;
  }

  /** Whether a campaign message routed at {@code at} is the one {@code optOut} counts for. */
  private static boolean claims(Instant at, OptOut optOut, Duration window) {
    return !optOut.at().isBefore(at)
        && !optOut.at().isAfter(at.plus(window))
        && (optOut.campaignSentAt() == null || at.isAfter(optOut.campaignSentAt()));
  }

  private static Step received(
      ConversationTally t, ConversationFact.Received received, Instant now) {
    Instant at = received.at();
    String day = DayBuckets.dayOf(at);
    List<DayChange> days = new ArrayList<>(2);
    days.add(new DayChange(DayChange.Report.ACTIVITY, received.businessNumber(), day, 0, 1));
    if (t.agentId() != null) {
      days.add(new DayChange(DayChange.Report.AGENT, t.agentId(), day, 0, 1));
    }
    List<Reception> receptions = new ArrayList<>(t.receptions());
    receptions.add(new Reception(at, t.agentId(), t.agentAt()));
    if (receptions.size() > ConversationTally.RECEPTIONS_KEPT) {
      receptions.remove(0);
    }
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
            receptions,
            t.optOut(),
            t.optedOut(),
            t.optedOutCategories(),
            now);
    return new Step(after, days, List.of());
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
    boolean attributable =
        t.campaignId() != null
            && message != null
            && !seen.at().isBefore(message)
            && !seen.at().isAfter(message.plus(window));
    boolean alreadyCounted =
        attributable && t.optOut() != null && message.equals(t.optOut().campaignSentAt());
    OptOut optOut = t.optOut();
    List<CampaignChange> campaigns = new ArrayList<>(1);
    if (optsOut && !alreadyCounted) {
      optOut =
          attributable
              ? new OptOut(seen.at(), marketingOnly, t.campaignId(), message)
              : new OptOut(seen.at(), marketingOnly, null, null);
      if (attributable) {
        campaigns.add(
            new CampaignChange(t.campaignId(), CampaignCounts.optOut(marketingOnly), null));
      }
    }
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
            t.receptions(),
            optOut,
            optedOutOfAll,
            List.copyOf(categories),
            now);
    return new Step(after, List.of(), campaigns);
  }

  private static Instant later(@Nullable Instant a, Instant b) {
    return a == null || b.isAfter(a) ? b : a;
  }
}
