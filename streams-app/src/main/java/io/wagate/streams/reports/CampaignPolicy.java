package io.wagate.streams.reports;

import io.wagate.schemas.events.CampaignReport;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** How a change adds to a campaign's report, and when an idle campaign is forgotten. Pure. */
public final class CampaignPolicy {

  private CampaignPolicy() {}

  /**
   * The report with {@code change} added at {@code now}.
   *
   * @param before the report so far, null for a campaign not counted yet
   * @param change what a request or an opt-out changed
   * @param now when, the report's {@code updatedAt}
   */
  public static CampaignReport apply(
      @Nullable CampaignReport before, CampaignChange change, Instant now) {
    CampaignReport base = before == null ? CampaignReport.empty(change.campaignId(), now) : before;
    CampaignCounts counts = countsOf(base).plus(change.delta());
    Instant sendAt = change.sendAt();
    Instant latest = change.latestSendAt();
    Instant first = base.firstSendAt();
    Instant last = base.lastSendAt();
    if (sendAt != null) {
      first = first == null || sendAt.isBefore(first) ? sendAt : first;
    }
    if (latest != null) {
      last = last == null || latest.isAfter(last) ? latest : last;
    }
    return new CampaignReport(
        base.campaignId(),
        counts.requests(),
        counts.routed(),
        counts.awaitingOptIn(),
        counts.rejected(),
        counts.rejectedByReason(),
        counts.expired(),
        counts.sent(),
        counts.delivered(),
        counts.read(),
        counts.failed(),
        counts.failedByCode(),
        counts.optOuts(),
        counts.marketingOptOuts(),
        first,
        last,
        now);
  }

  /** Whether {@code report} may be forgotten at {@code now}: it did not change for {@code idle}. */
  public static boolean forgettable(CampaignReport report, Instant now, Duration idle) {
    return !now.isBefore(report.updatedAt().plus(idle));
  }

  /** The counts of {@code report}. */
  public static CampaignCounts countsOf(CampaignReport report) {
    return new CampaignCounts(
        report.requests(),
        report.routed(),
        report.awaitingOptIn(),
        report.rejected(),
        report.rejectedByReason(),
        report.expired(),
        report.sent(),
        report.delivered(),
        report.read(),
        report.failed(),
        report.failedByCode(),
        report.optOuts(),
        report.marketingOptOuts());
  }
}
