package io.wagate.streams.reports;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * What one request or opt-out, or several of them taken together, changed in a campaign's counts;
 * keyed by campaign id.
 *
 * @param campaignId the campaign
 * @param delta the change of every count (negative for a request that left a state, such as
 *     awaiting opt-in)
 * @param sendAt when one of the campaign's messages was first routed, for its first and last send;
 *     of several, the earliest
 * @param lastSendAt of several changes taken together, the latest such time; null when it is {@code
 *     sendAt}
 */
public record CampaignChange(
    String campaignId, CampaignCounts delta, @Nullable Instant sendAt, @Nullable Instant lastSendAt)
    implements ReportUpdate {

  /** The change of one request or opt-out. */
  public CampaignChange(String campaignId, CampaignCounts delta, @Nullable Instant sendAt) {
    this(campaignId, delta, sendAt, null);
  }

  /** The latest send this change knows of, for the campaign's last send. */
  public @Nullable Instant latestSendAt() {
    return lastSendAt != null ? lastSendAt : sendAt;
  }

  /** This change and {@code next} (of the same campaign) taken together. */
  public CampaignChange plus(CampaignChange next) {
    return new CampaignChange(
        campaignId,
        delta.plus(next.delta),
        earlier(sendAt, next.sendAt),
        later(latestSendAt(), next.latestSendAt()));
  }

  private static @Nullable Instant earlier(@Nullable Instant a, @Nullable Instant b) {
    return a == null ? b : b == null || a.isBefore(b) ? a : b;
  }

  private static @Nullable Instant later(@Nullable Instant a, @Nullable Instant b) {
    return a == null ? b : b == null || a.isAfter(b) ? a : b;
  }
}
