package io.wagate.streams.reports;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * What one request or opt-out changed in a campaign's counts; keyed by campaign id.
 *
 * @param campaignId the campaign
 * @param delta the change of every count (negative for a request that left a state, such as
 *     awaiting opt-in)
 * @param sendAt when one of the campaign's messages was first routed, for its first and last send
 */
public record CampaignChange(String campaignId, CampaignCounts delta, @Nullable Instant sendAt)
    implements ReportUpdate {}
