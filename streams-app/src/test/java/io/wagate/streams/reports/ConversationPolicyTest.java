package io.wagate.streams.reports;

import static org.assertj.core.api.Assertions.assertThat;

import io.wagate.schemas.events.Category;
import io.wagate.schemas.events.OptInState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConversationPolicyTest {

  private static final Instant T0 = Instant.parse("2026-11-22T09:00:00Z");
  private static final Duration WINDOW = Duration.ofDays(7);
  private static final String NUMBER = "+31201234567";

  @Test
  void shouldCountAMessageOnItsUtcDayForTheNumberAndItsSender() {
    // Given a conversation in Amsterdam, where 23:30 UTC is already the next day
    Conversation conversation = new Conversation();
    // When a message goes out late in the UTC day and the contact answers after UTC midnight
    conversation.apply(sent("u-7", null, Instant.parse("2026-11-22T23:30:00Z")));
    conversation.apply(received("wamid.1", Instant.parse("2026-11-23T00:10:00Z")));
    // Then each counts on its own UTC day
    assertThat(conversation.days)
        .containsExactly(
            new DayChange(DayChange.Report.ACTIVITY, NUMBER, "2026-11-22", 1, 0),
            new DayChange(DayChange.Report.AGENT, "u-7", "2026-11-22", 1, 0),
            new DayChange(DayChange.Report.ACTIVITY, NUMBER, "2026-11-23", 0, 1),
            new DayChange(DayChange.Report.AGENT, "u-7", "2026-11-23", 0, 1));
    assertThat(conversation.state.sent()).isOne();
    assertThat(conversation.state.received()).isOne();
  }

  @Test
  void shouldCountRepliesForTheUserOfTheLatestMessageThatNamedOne() {
    // Given messages by two users, then a reply wagate sent on its own
    Conversation conversation = new Conversation();
    conversation.apply(sent("u-7", null, T0));
    conversation.apply(sent("u-8", null, T0.plusSeconds(60)));
    conversation.apply(sent(null, null, T0.plusSeconds(120)));
    conversation.days.clear();
    // When the contact writes
    conversation.apply(received("wamid.2", T0.plusSeconds(180)));
    // Then the reply counts for the number and for u-8
    assertThat(conversation.days)
        .containsExactly(
            new DayChange(DayChange.Report.ACTIVITY, NUMBER, "2026-11-22", 0, 1),
            new DayChange(DayChange.Report.AGENT, "u-8", "2026-11-22", 0, 1));
  }

  @Test
  void shouldAttributeAnOptOutToTheLatestCampaignMessageWithinTheWindow() {
    // Given a contact who got messages of two campaigns, opted in
    Conversation conversation = new Conversation();
    conversation.apply(consent(OptInState.OPTED_IN, List.of(), T0.minusSeconds(600)));
    conversation.apply(sent(null, "cmp-1", T0));
    conversation.apply(sent(null, "cmp-2", T0.plus(Duration.ofHours(1))));
    // When they send STOP two days later
    conversation.apply(consent(OptInState.OPTED_OUT, List.of(), T0.plus(Duration.ofDays(2))));
    // Then the opt-out counts once, for the later campaign, and not as marketing-only
    assertThat(conversation.optOuts)
        .containsExactly(new CampaignChange("cmp-2", CampaignCounts.optOut(false), null));
  }

  @Test
  void shouldNotAttributeAnOptOutAfterTheWindowOrWithoutACampaignMessage() {
    // Given
    Conversation late = new Conversation();
    late.apply(sent(null, "cmp-1", T0));
    Conversation noCampaign = new Conversation();
    noCampaign.apply(sent("u-7", null, T0));
    // When both opt out eight days later
    late.apply(consent(OptInState.OPTED_OUT, List.of(), T0.plus(Duration.ofDays(8))));
    noCampaign.apply(consent(OptInState.OPTED_OUT, List.of(), T0.plus(Duration.ofHours(1))));
    // Then neither counts
    assertThat(late.optOuts).isEmpty();
    assertThat(noCampaign.optOuts).isEmpty();
    assertThat(late.state.optedOut()).isTrue();
  }

  @Test
  void shouldCountAMarketingOnlyOptOutAndOneOptOutPerCampaignMessage() {
    // Given a campaign message to an opted-in contact
    Conversation conversation = new Conversation();
    conversation.apply(consent(OptInState.OPTED_IN, List.of(), T0.minusSeconds(60)));
    conversation.apply(sent(null, "cmp-1", T0));
    // When they stop promotions, then stop everything, and their state is written again
    conversation.apply(
        consent(OptInState.OPTED_IN, List.of(Category.MARKETING), T0.plusSeconds(60)));
    conversation.apply(consent(OptInState.OPTED_OUT, List.of(), T0.plusSeconds(120)));
    conversation.apply(consent(OptInState.OPTED_OUT, List.of(), T0.plusSeconds(180)));
    // Then one opt-out counts for the message: the first, marketing-only
    assertThat(conversation.optOuts)
        .containsExactly(new CampaignChange("cmp-1", CampaignCounts.optOut(true), null));
  }

  @Test
  void shouldNotCountAnOptInAfterAFullOptOutAsANewOptOut() {
    // Given a contact opted out of everything, then a campaign message (utility, after consent)
    Conversation conversation = new Conversation();
    conversation.apply(consent(OptInState.OPTED_OUT, List.of(), T0.minusSeconds(600)));
    conversation.apply(sent(null, "cmp-1", T0));
    // When the CRM opts them in to utility only: every other category stays opted out
    conversation.apply(
        consent(
            OptInState.OPTED_IN,
            List.of(Category.MARKETING, Category.AUTHENTICATION),
            T0.plusSeconds(60)));
    // Then that is no opt-out
    assertThat(conversation.optOuts).isEmpty();
  }

  @Test
  void shouldCountAnOptOutAgainAfterTheContactOptedBackInAndGotANewCampaignMessage() {
    // Given an opt-out counted for a first campaign
    Conversation conversation = new Conversation();
    conversation.apply(sent(null, "cmp-1", T0));
    conversation.apply(consent(OptInState.OPTED_OUT, List.of(), T0.plusSeconds(60)));
    // When they opt in, get another campaign's message and opt out again
    conversation.apply(consent(OptInState.OPTED_IN, List.of(), T0.plusSeconds(120)));
    conversation.apply(sent(null, "cmp-2", T0.plusSeconds(180)));
    conversation.apply(consent(OptInState.OPTED_OUT, List.of(), T0.plusSeconds(240)));
    // Then each campaign has its opt-out
    assertThat(conversation.optOuts)
        .extracting(CampaignChange::campaignId)
        .containsExactly("cmp-1", "cmp-2");
  }

  @Test
  void shouldCreditRepliesToTheUserWhoseEarlierMessageArrivesLate() {
    // Given a reply the reports saw before the message it answers, and an older reply
    Conversation conversation = new Conversation();
    conversation.apply(received("wamid.old", T0.minusSeconds(600)));
    conversation.apply(received("wamid.reply", T0.plusSeconds(60)));
    conversation.days.clear();
    // When u-7's message, routed before the reply, arrives
    conversation.apply(sent("u-7", null, T0));
    // Then u-7 gets the reply written after their message, not the older one
    assertThat(conversation.days)
        .containsExactly(
            new DayChange(DayChange.Report.ACTIVITY, NUMBER, "2026-11-22", 1, 0),
            new DayChange(DayChange.Report.AGENT, "u-7", "2026-11-22", 1, 0),
            new DayChange(DayChange.Report.AGENT, "u-7", "2026-11-22", 0, 1));
    // And a later message of another user that arrives later still takes the reply over
    conversation.days.clear();
    conversation.apply(sent("u-8", null, T0.plusSeconds(30)));
    assertThat(conversation.days)
        .contains(
            new DayChange(DayChange.Report.AGENT, "u-7", "2026-11-22", 0, -1),
            new DayChange(DayChange.Report.AGENT, "u-8", "2026-11-22", 0, 1));
  }

  @Test
  void shouldGiveAnOptOutToTheCampaignWhoseEarlierMessageArrivesLate() {
    // Given an opt-out the reports saw before any campaign message
    Conversation conversation = new Conversation();
    conversation.apply(consent(OptInState.OPTED_OUT, List.of(), T0.plusSeconds(60)));
    assertThat(conversation.optOuts).isEmpty();
    // When the campaign message routed before it arrives
    conversation.apply(sent(null, "cmp-1", T0));
    // Then the opt-out counts for that campaign
    assertThat(conversation.optOuts)
        .containsExactly(new CampaignChange("cmp-1", CampaignCounts.optOut(false), null));
  }

  @Test
  void shouldMoveAnOptOutToALaterCampaignMessageBeforeItThatArrivesLate() {
    // Given an opt-out counted for the first of two campaign messages
    Conversation conversation = new Conversation();
    conversation.apply(sent(null, "cmp-1", T0));
    conversation.apply(
        consent(OptInState.OPTED_IN, List.of(Category.MARKETING), T0.plus(Duration.ofHours(2))));
    conversation.optOuts.clear();
    // When the second message, routed an hour before the opt-out, arrives
    conversation.apply(sent(null, "cmp-2", T0.plus(Duration.ofHours(1))));
    // Then the opt-out moves to the second campaign; a message after it takes nothing
    assertThat(conversation.optOuts)
        .containsExactly(
            new CampaignChange(
                "cmp-1", CampaignCounts.ZERO.minus(CampaignCounts.optOut(true)), null),
            new CampaignChange("cmp-2", CampaignCounts.optOut(true), null));
    conversation.optOuts.clear();
    conversation.apply(sent(null, "cmp-3", T0.plus(Duration.ofHours(3))));
    assertThat(conversation.optOuts).isEmpty();
  }

  @Test
  void shouldNotCountPreferenceChangesAndSystemNoticesAsMessages() {
    assertThat(ConversationPolicy.isMessage("text")).isTrue();
    assertThat(ConversationPolicy.isMessage("button")).isTrue();
    assertThat(ConversationPolicy.isMessage("image")).isTrue();
    assertThat(ConversationPolicy.isMessage("user_preferences")).isFalse();
    assertThat(ConversationPolicy.isMessage("system")).isFalse();
  }

  private static ConversationFact sent(String agent, String campaign, Instant at) {
    return new ConversationFact.Sent(NUMBER, agent, campaign, at);
  }

  private static ConversationFact received(String id, Instant at) {
    return new ConversationFact.Received(NUMBER, id, at);
  }

  private static ConversationFact consent(OptInState state, List<Category> out, Instant at) {
    return new ConversationFact.ConsentSeen(state, out, at);
  }

  /** One conversation's facts applied in turn, with what they passed on. */
  private static final class Conversation {
    private ConversationTally state;
    private final List<DayChange> days = new ArrayList<>();
    private final List<CampaignChange> optOuts = new ArrayList<>();

    void apply(ConversationFact fact) {
      ConversationPolicy.Step step = ConversationPolicy.apply(state, fact, T0, WINDOW);
      state = step.after();
      days.addAll(step.days());
      optOuts.addAll(step.campaigns());
    }
  }
}
