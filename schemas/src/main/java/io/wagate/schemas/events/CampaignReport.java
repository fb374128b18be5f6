package io.wagate.schemas.events;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * What became of a CRM campaign's requests ({@code wa.reports.campaigns}, compacted, key the
 * campaign id): every count is of distinct requests, each counted once in the furthest state it
 * reached, so statuses that arrive twice or out of order never count twice and never go back.
 *
 * @param campaignId the CRM's campaign id, equal to the record key
 * @param requests distinct request ids that named the campaign
 * @param routed requests routed to a sender ({@code ROUTED_TEMPLATE}, {@code ROUTED_FREEFORM})
 * @param awaitingOptIn requests parked for the contact's opt-in now ({@code AWAITING_OPT_IN} with
 *     no routing outcome yet)
 * @param rejected requests rejected ({@code REJECTED})
 * @param rejectedByReason the rejected requests by rejection reason
 * @param expired parked requests that expired waiting for the opt-in ({@code EXPIRED})
 * @param sent requests the provider accepted for delivery: {@code SENT}, or a later state
 * @param delivered requests delivered to the phone: {@code DELIVERED}, or {@code READ}
 * @param read requests read
 * @param failed requests that failed for good ({@code FAILED}) before they were delivered
 * @param failedByCode the failed requests by the provider's or wagate's error code
 * @param optOuts contacts who opted out within the opt-out window after a message of the campaign
 *     (the latest campaign message to them before the opt-out is the one it counts for)
 * @param marketingOptOuts of {@code optOuts}, those who opted out of marketing only
 * @param firstSendAt when wagate first routed one of the campaign's messages to a sender
 * @param lastSendAt when wagate last routed one of the campaign's messages to a sender
 * @param updatedAt when a count last changed
 */
public record CampaignReport(
    String campaignId,
    long requests,
    long routed,
    long awaitingOptIn,
    long rejected,
    Map<String, Long> rejectedByReason,
    long expired,
    long sent,
    long delivered,
    long read,
    long failed,
    Map<String, Long> failedByCode,
    long optOuts,
    long marketingOptOuts,
    @Nullable Instant firstSendAt,
    @Nullable Instant lastSendAt,
    Instant updatedAt) {

  public CampaignReport {
    // Sorted, so that the same counts are always written as the same JSON.
    rejectedByReason = Collections.unmodifiableMap(new TreeMap<>(rejectedByReason));
    failedByCode = Collections.unmodifiableMap(new TreeMap<>(failedByCode));
  }

  /** A campaign nothing was counted for yet. */
  public static CampaignReport empty(String campaignId, Instant at) {
    return new CampaignReport(
        campaignId, 0, 0, 0, 0, Map.of(), 0, 0, 0, 0, 0, Map.of(), 0, 0, null, null, at);
  }
}
