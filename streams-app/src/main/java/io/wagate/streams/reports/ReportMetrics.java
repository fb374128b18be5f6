package io.wagate.streams.reports;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The campaign funnel, summed over every campaign: campaign ids are a CRM's ids and unbounded, so
 * they are never labels. Counted when a campaign's counts change, so a record processed again after
 * a crash may count twice here (never in the reports themselves).
 */
public final class ReportMetrics {

  /** The funnel's stages, in order. */
  static final List<String> STAGES =
      List.of("requested", "routed", "rejected", "expired", "sent", "delivered", "read", "failed");

  private final MeterRegistry registry;
  private final Map<String, Counter> counters = new ConcurrentHashMap<>();

  public ReportMetrics(MeterRegistry registry) {
    this.registry = registry;
    // Series with a fixed label set exist from the start, so the dashboard shows zeros, not gaps.
    STAGES.forEach(stage -> counter("wagate.report.campaign.messages", "stage", stage));
    counter("wagate.report.campaign.opt_outs", "marketing_only", "true");
    counter("wagate.report.campaign.opt_outs", "marketing_only", "false");
  }

  /** A campaign's counts changed by {@code delta}. */
  void changed(CampaignCounts delta) {
    stage("requested", delta.requests());
    stage("routed", delta.routed());
    stage("rejected", delta.rejected());
    stage("expired", delta.expired());
    stage("sent", delta.sent());
    stage("delivered", delta.delivered());
    stage("read", delta.read());
    stage("failed", delta.failed());
    delta
        .failedByCode()
        .forEach(
            (code, count) -> {
              if (count > 0) {
                counter("wagate.report.campaign.failures", "code", codeLabel(code))
                    .increment(count);
              }
            });
    if (delta.optOuts() > 0) {
      counter(
              "wagate.report.campaign.opt_outs",
              "marketing_only",
              Boolean.toString(delta.marketingOptOuts() > 0))
          .increment(delta.optOuts());
    }
  }

  private void stage(String stage, long count) {
    if (count > 0) {
      counter("wagate.report.campaign.messages", "stage", stage).increment(count);
    }
  }

  /** Error codes are a bounded vocabulary, but a misbehaving provider could invent them. */
  static String codeLabel(String code) {
    return code.length() <= 8 && code.chars().allMatch(Character::isDigit) ? code : "other";
  }

  private Counter counter(String name, String tag, String value) {
    return counters.computeIfAbsent(
        name + '|' + value, ignored -> Counter.builder(name).tag(tag, value).register(registry));
  }
}
