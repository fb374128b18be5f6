package io.wagate.streams.reports;

import static org.assertj.core.api.Assertions.assertThat;

import io.wagate.schemas.events.CampaignReport;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CampaignPolicyTest {

  private static final Instant T0 = Instant.parse("2026-11-22T09:00:00Z");

  @Test
  void shouldAddChangesAndDropReasonsThatCountNothingAnyMore() {
    // Given a request counted as awaiting opt-in, then routed and sent
    CampaignReport report =
        CampaignPolicy.apply(
            null,
            change(new CampaignCounts(1, 0, 1, 0, Map.of(), 0, 0, 0, 0, 0, Map.of(), 0, 0), null),
            T0);
    // When it moves on to a rejection (which a change takes back from awaiting)
    report =
        CampaignPolicy.apply(
            report,
            change(
                new CampaignCounts(
                    0, 0, -1, 1, Map.of("OPTED_OUT", 1L), 0, 0, 0, 0, 0, Map.of(), 0, 0),
                null),
            T0.plusSeconds(5));
    // Then
    assertThat(report.campaignId()).isEqualTo("cmp-11");
    assertThat(report.requests()).isOne();
    assertThat(report.awaitingOptIn()).isZero();
    assertThat(report.rejected()).isOne();
    assertThat(report.rejectedByReason()).containsExactlyEntriesOf(Map.of("OPTED_OUT", 1L));
    assertThat(report.updatedAt()).isEqualTo(T0.plusSeconds(5));
    // And a change that takes the rejection back leaves no reason with zero behind
    CampaignReport undone =
        CampaignPolicy.apply(
            report,
            change(
                new CampaignCounts(
                    0, 0, 0, -1, Map.of("OPTED_OUT", -1L), 0, 0, 0, 0, 0, Map.of(), 0, 0),
                null),
            T0.plusSeconds(6));
    assertThat(undone.rejectedByReason()).isEmpty();
  }

  @Test
  void shouldKeepTheEarliestAndLatestSendWhateverOrderTheyComeIn() {
    // Given
    CampaignReport report = CampaignPolicy.apply(null, change(CampaignCounts.ZERO, T0), T0);
    // When a later send and then an earlier one come
    report = CampaignPolicy.apply(report, change(CampaignCounts.ZERO, T0.plusSeconds(90)), T0);
    report = CampaignPolicy.apply(report, change(CampaignCounts.ZERO, T0.minusSeconds(30)), T0);
    report = CampaignPolicy.apply(report, change(CampaignCounts.ZERO, null), T0);
    // Then
    assertThat(report.firstSendAt()).isEqualTo(T0.minusSeconds(30));
    assertThat(report.lastSendAt()).isEqualTo(T0.plusSeconds(90));
  }

  @Test
  void shouldForgetACampaignOnlyAfterItsIdleTime() {
    // Given
    CampaignReport report = CampaignPolicy.apply(null, change(CampaignCounts.ZERO, null), T0);
    Duration idle = Duration.ofDays(30);
    // Then
    assertThat(CampaignPolicy.forgettable(report, T0.plus(Duration.ofDays(29)), idle)).isFalse();
    assertThat(CampaignPolicy.forgettable(report, T0.plus(Duration.ofDays(30)), idle)).isTrue();
  }

  private static CampaignChange change(CampaignCounts delta, Instant sendAt) {
    return new CampaignChange("cmp-11", delta, sendAt);
  }

  @Test
  void shouldCountChangesTakenTogetherAsEachOneAfterTheOther() {
    // Given three requests' changes: two sends (the later one first) and a rejection
    CampaignChange later =
        change(
            new CampaignCounts(1, 1, 0, 0, Map.of(), 0, 0, 0, 0, 0, Map.of(), 0, 0),
            T0.plusSeconds(60));
    CampaignChange earlier =
        change(new CampaignCounts(1, 1, 0, 0, Map.of(), 0, 0, 0, 0, 0, Map.of(), 0, 0), T0);
    CampaignChange rejected =
        change(
            new CampaignCounts(1, 0, 0, 1, Map.of("OPTED_OUT", 1L), 0, 0, 0, 0, 0, Map.of(), 0, 0),
            null);
    CampaignReport before =
        CampaignPolicy.apply(
            null,
            change(
                new CampaignCounts(1, 1, 0, 0, Map.of(), 0, 0, 0, 0, 0, Map.of(), 0, 0),
                T0.plusSeconds(30)),
            T0);
    // When they are applied one by one, and summed first
    CampaignReport oneByOne =
        CampaignPolicy.apply(
            CampaignPolicy.apply(CampaignPolicy.apply(before, later, T0), earlier, T0),
            rejected,
            T0);
    CampaignReport together = CampaignPolicy.apply(before, later.plus(earlier).plus(rejected), T0);
    // Then the report is the same, first and last send included
    assertThat(together).isEqualTo(oneByOne);
    assertThat(together.firstSendAt()).isEqualTo(T0);
    assertThat(together.lastSendAt()).isEqualTo(T0.plusSeconds(60));
    assertThat(together.requests()).isEqualTo(4);
    assertThat(together.rejectedByReason()).containsExactlyEntriesOf(Map.of("OPTED_OUT", 1L));
  }

  @Test
  void shouldAddDayChangesOfOneBucket() {
    DayChange sum =
        new DayChange(DayChange.Report.AGENT, "u-7", "2026-11-22", 2, 1)
            .plus(new DayChange(DayChange.Report.AGENT, "u-7", "2026-11-22", 1, 4));
    assertThat(sum).isEqualTo(new DayChange(DayChange.Report.AGENT, "u-7", "2026-11-22", 3, 5));
  }
}
