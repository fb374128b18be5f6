package io.wagate.streams.reports;

import static org.assertj.core.api.Assertions.assertThat;

import io.wagate.schemas.events.LifecycleState;
import io.wagate.schemas.events.Purpose;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RequestPolicyTest {

  private static final Instant T0 = Instant.parse("2026-11-22T09:00:00Z");
  private static final String CAMPAIGN = "cmp-11";
  private static final String KEY = "+31201234567|+31612345678";

  @Test
  void shouldCountAReadBeforeItsDeliveredAsDeliveredAndReadOnce() {
    // Given a routed campaign request
    Tally tally =
        new Tally().apply(requested(), routed(Purpose.REQUESTED), status("ROUTED_TEMPLATE"));
    // When read comes before delivered, and delivered comes after
    tally.apply(status("READ"), status("DELIVERED"), status("SENT"));
    // Then it is sent, delivered and read, once each
    assertThat(tally.total.sent()).isOne();
    assertThat(tally.total.delivered()).isOne();
    assertThat(tally.total.read()).isOne();
    assertThat(tally.total.requests()).isOne();
    assertThat(tally.total.routed()).isOne();
  }

  @Test
  void shouldCountDuplicateStatusesOnce() {
    // Given
    Tally tally = new Tally().apply(requested(), status("ROUTED_TEMPLATE"));
    // When every record comes three times
    for (int i = 0; i < 3; i++) {
      tally.apply(requested(), status("ROUTED_TEMPLATE"), status("SENT"), status("DELIVERED"));
    }
    // Then
    assertThat(tally.total)
        .isEqualTo(new CampaignCounts(1, 1, 0, 0, Map.of(), 0, 1, 1, 0, 0, Map.of(), 0, 0));
  }

  @Test
  void shouldCountTheSameWhateverOrderAndDuplicatesTheRecordsComeIn() {
    // Given one request's records in order
    List<RequestFact> facts =
        List.of(
            requested(),
            status("ROUTED_FREEFORM"),
            routed(Purpose.REQUESTED),
            status("SENT"),
            status("DELIVERED"),
            status("READ"));
    CampaignCounts inOrder = new Tally().apply(facts.toArray(RequestFact[]::new)).total;
    Random random = new Random(42);
    for (int run = 0; run < 200; run++) {
      // When they come shuffled, some twice
      List<RequestFact> shuffled = new ArrayList<>(facts);
      for (RequestFact fact : facts) {
        if (random.nextBoolean()) {
          shuffled.add(fact);
        }
      }
      Collections.shuffle(shuffled, random);
      Tally tally = new Tally().apply(shuffled.toArray(RequestFact[]::new));
      // Then the campaign's counts are the same, and the message is sent once
      assertThat(tally.total).as("order %s", shuffled).isEqualTo(inOrder);
      assertThat(tally.sends).hasSize(1);
    }
    assertThat(inOrder.read()).isOne();
  }

  @Test
  void shouldCountARetriedRequestOnce() {
    // Given a message that was sent, failed with a retryable error and was scheduled again
    Tally tally =
        new Tally()
            .apply(
                requested(),
                status("ROUTED_TEMPLATE"),
                routed(Purpose.REQUESTED),
                status("SENT"),
                status("RETRY_SCHEDULED"));
    // When the retry goes out (attempt 2) and is delivered
    tally.apply(routed(Purpose.RETRY), status("SENT"), status("DELIVERED"));
    // Then it is one request, sent and delivered once, and one message in its conversation
    assertThat(tally.total)
        .isEqualTo(new CampaignCounts(1, 1, 0, 0, Map.of(), 0, 1, 1, 0, 0, Map.of(), 0, 0));
    assertThat(tally.sends).hasSize(1);
    assertThat(tally.sends.get(0).conversationKey()).isEqualTo(KEY);
    assertThat(tally.sends.get(0).sent().campaignId()).isEqualTo(CAMPAIGN);
    assertThat(tally.sends.get(0).sent().at()).isEqualTo(T0);
  }

  @Test
  void shouldCountAFinalFailureByItsCodeAndIgnoreOneAfterDelivery() {
    // Given two requests: one fails after it was sent, one is delivered first
    Tally failed =
        new Tally().apply(requested(), status("ROUTED_TEMPLATE"), status("SENT"), failed("63016"));
    Tally delivered =
        new Tally()
            .apply(requested(), status("ROUTED_TEMPLATE"), status("DELIVERED"), failed("131026"));
    // When the failed one later reports delivered (stale news after the failure)
    failed.apply(status("DELIVERED"));
    // Then
    assertThat(failed.total.failed()).isOne();
    assertThat(failed.total.failedByCode()).containsExactlyEntriesOf(Map.of("63016", 1L));
    assertThat(failed.total.sent()).isOne();
    assertThat(failed.total.delivered()).isZero();
    assertThat(delivered.total.failed()).isZero();
    assertThat(delivered.total.failedByCode()).isEmpty();
    assertThat(delivered.total.delivered()).isOne();
  }

  @Test
  void shouldMoveAParkedRequestFromAwaitingOptInToItsOutcome() {
    // Given a parked campaign request
    Tally tally = new Tally().apply(requested(), status("AWAITING_OPT_IN"));
    assertThat(tally.total.awaitingOptIn()).isOne();
    // When the contact opts in and it is routed (and a duplicate parking record comes late)
    tally.apply(status("ROUTED_TEMPLATE"), status("AWAITING_OPT_IN"));
    // Then it no longer waits
    assertThat(tally.total.awaitingOptIn()).isZero();
    assertThat(tally.total.routed()).isOne();
  }

  @Test
  void shouldCountRejectionsAndExpiriesByTheirFirstOutcome() {
    // Given
    Tally rejected = new Tally().apply(requested(), rejected("OPTED_OUT"), rejected("NO_OPT_IN"));
    Tally expired = new Tally().apply(requested(), status("AWAITING_OPT_IN"), status("EXPIRED"));
    // Then one outcome each: the first
    assertThat(rejected.total.rejected()).isOne();
    assertThat(rejected.total.rejectedByReason()).containsExactlyEntriesOf(Map.of("OPTED_OUT", 1L));
    assertThat(expired.total.expired()).isOne();
    assertThat(expired.total.awaitingOptIn()).isZero();
  }

  @Test
  void shouldCountStatusesThatCameBeforeTheRequestOnceItsCampaignIsKnown() {
    // Given statuses of a request whose campaign is not known yet
    Tally tally = new Tally().apply(status("ROUTED_TEMPLATE"), status("DELIVERED"));
    assertThat(tally.changes).isEmpty();
    // When the request comes
    tally.apply(requested());
    // Then the campaign gets all of it in one change
    assertThat(tally.changes).hasSize(1);
    assertThat(tally.total.routed()).isOne();
    assertThat(tally.total.delivered()).isOne();
  }

  @Test
  void shouldKeepTheFirstCampaignOfARequestId() {
    // Given
    Tally tally = new Tally().apply(requested(), status("ROUTED_TEMPLATE"));
    // When a duplicate request names another campaign
    tally.apply(new RequestFact.Requested("cmp-other"));
    // Then the request stays with the first
    assertThat(tally.changes).allMatch(change -> change.campaignId().equals(CAMPAIGN));
    assertThat(tally.state.campaignId()).isEqualTo(CAMPAIGN);
  }

  @Test
  void shouldCountTheSendOfAMessageWithoutCampaignForItsConversationOnly() {
    // Given an automatic reply, which names no campaign
    Tally tally = new Tally();
    // When it is routed twice (its record delivered again)
    tally.apply(
        new RequestFact.Routed(KEY, "+31201234567", null, null, Purpose.AUTO_REPLY, T0),
        new RequestFact.Routed(KEY, "+31201234567", null, null, Purpose.AUTO_REPLY, T0));
    // Then its conversation counts it once, and no campaign changes
    assertThat(tally.sends).hasSize(1);
    assertThat(tally.changes).isEmpty();
  }

  @Test
  void shouldCarryTheFirstSendTimeToTheCampaignOnce() {
    // Given
    Tally tally = new Tally().apply(requested());
    // When
    tally.apply(routed(Purpose.REQUESTED), routed(Purpose.RETRY));
    // Then
    assertThat(tally.changes.stream().filter(change -> change.sendAt() != null).toList())
        .singleElement()
        .extracting(CampaignChange::sendAt)
        .isEqualTo(T0);
  }

  @Test
  void shouldBeForgottenOnlyAfterTheRetentionSinceItsLastRecord() {
    // Given
    RequestTally tally =
        RequestPolicy.apply(null, requested(), T0.plus(Duration.ofDays(3))).after();
    // Then
    assertThat(tally.forgettable(T0.plus(Duration.ofDays(9)), Duration.ofDays(7))).isFalse();
    assertThat(tally.forgettable(T0.plus(Duration.ofDays(10)), Duration.ofDays(7))).isTrue();
  }

  private static RequestFact requested() {
    return new RequestFact.Requested(CAMPAIGN);
  }

  private static RequestFact routed(Purpose purpose) {
    return new RequestFact.Routed(KEY, "+31201234567", "u-7", CAMPAIGN, purpose, T0);
  }

  private static RequestFact status(String state) {
    return new RequestFact.StatusChanged(LifecycleState.valueOf(state), null, null);
  }

  private static RequestFact rejected(String reason) {
    return new RequestFact.StatusChanged(LifecycleState.REJECTED, reason, "code");
  }

  private static RequestFact failed(String code) {
    return new RequestFact.StatusChanged(LifecycleState.FAILED, "NONE", code);
  }

  /** One request's facts applied in turn, with the changes its campaign received summed up. */
  private static final class Tally {
    private RequestTally state;
    private CampaignCounts total = CampaignCounts.ZERO;
    private final List<CampaignChange> changes = new ArrayList<>();
    private final List<RequestPolicy.Send> sends = new ArrayList<>();

    Tally apply(RequestFact... facts) {
      for (RequestFact fact : facts) {
        RequestPolicy.Step step = RequestPolicy.apply(state, fact, T0);
        state = step.after();
        if (step.change() != null) {
          changes.add(step.change());
          total = total.plus(step.change().delta());
        }
        if (step.send() != null) {
          sends.add(step.send());
        }
      }
      return this;
    }
  }
}
