package io.wagate.streams.reports;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongBinaryOperator;

/**
 * The counts of a campaign report, as a vector that adds and subtracts: what one request
 * contributes to its campaign, or the change of that contribution. Keys whose count is zero are
 * left out of the maps, so equal counts are equal records.
 *
 * @param requests distinct requests
 * @param routed routed to a sender
 * @param awaitingOptIn parked for the contact's opt-in
 * @param rejected rejected
 * @param rejectedByReason rejected, by reason
 * @param expired expired while parked
 * @param sent accepted by the provider (or further)
 * @param delivered delivered (or read)
 * @param read read
 * @param failed failed for good before delivery
 * @param failedByCode failed, by code
 * @param optOuts opt-outs after a campaign message
 * @param marketingOptOuts of those, opt-outs of marketing only
 */
public record CampaignCounts(
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
    long marketingOptOuts) {

  /** Nothing counted. */
  public static final CampaignCounts ZERO =
      new CampaignCounts(0, 0, 0, 0, Map.of(), 0, 0, 0, 0, 0, Map.of(), 0, 0);

  public CampaignCounts {
    rejectedByReason = withoutZeros(rejectedByReason);
    failedByCode = withoutZeros(failedByCode);
  }

  /** One opt-out, of marketing only or not. */
  public static CampaignCounts optOut(boolean marketingOnly) {
    return new CampaignCounts(
        0, 0, 0, 0, Map.of(), 0, 0, 0, 0, 0, Map.of(), 1, marketingOnly ? 1 : 0);
  }

  /** These counts and {@code other}'s added. */
  public CampaignCounts plus(CampaignCounts other) {
    return combine(other, Long::sum);
  }

  /** These counts less {@code other}'s. */
  public CampaignCounts minus(CampaignCounts other) {
    return combine(other, (a, b) -> a - b);
  }

  /** Whether every count is zero. */
  public boolean isZero() {
    return equals(ZERO);
  }

  private CampaignCounts combine(CampaignCounts other, LongBinaryOperator op) {
    return new CampaignCounts(
        op.applyAsLong(requests, other.requests),
        op.applyAsLong(routed, other.routed),
        op.applyAsLong(awaitingOptIn, other.awaitingOptIn),
        op.applyAsLong(rejected, other.rejected),
        combine(rejectedByReason, other.rejectedByReason, op),
        op.applyAsLong(expired, other.expired),
        op.applyAsLong(sent, other.sent),
        op.applyAsLong(delivered, other.delivered),
        op.applyAsLong(read, other.read),
        op.applyAsLong(failed, other.failed),
        combine(failedByCode, other.failedByCode, op),
        op.applyAsLong(optOuts, other.optOuts),
        op.applyAsLong(marketingOptOuts, other.marketingOptOuts));
  }

  private static Map<String, Long> combine(
      Map<String, Long> a, Map<String, Long> b, LongBinaryOperator op) {
    Map<String, Long> result = new TreeMap<>(a);
    b.forEach((key, value) -> result.put(key, op.applyAsLong(result.getOrDefault(key, 0L), value)));
    return result;
  }

  private static Map<String, Long> withoutZeros(Map<String, Long> counts) {
    Map<String, Long> kept = new TreeMap<>(counts);
    kept.values().removeIf(count -> count == 0);
    return Collections.unmodifiableMap(kept);
  }
}
