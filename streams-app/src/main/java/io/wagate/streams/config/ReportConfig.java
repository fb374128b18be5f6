package io.wagate.streams.config;

import io.wagate.schemas.config.Environment;
import java.time.Duration;

/**
 * How long the reports keep what they count, and how they attribute opt-outs ({@code
 * WAGATE_REPORT_*}).
 *
 * @param requestRetention {@code WAGATE_REPORT_REQUEST_RETENTION}: how long a request's report
 *     state is kept after its last record (its campaign, its furthest state); a status that comes
 *     later counts for no campaign
 * @param dayRetention {@code WAGATE_REPORT_DAY_RETENTION}: how long the day buckets of the activity
 *     and agent reports are kept, counted from their day (UTC)
 * @param campaignIdle {@code WAGATE_REPORT_CAMPAIGN_IDLE}: a campaign whose counts did not change
 *     for this long is forgotten
 * @param conversationIdle {@code WAGATE_REPORT_CONVERSATION_IDLE}: a conversation's sent and
 *     received counts are forgotten after this long without a message either way
 * @param optOutWindow {@code WAGATE_REPORT_OPT_OUT_WINDOW}: an opt-out counts for the latest
 *     campaign message to the contact when it comes within this time after it
 * @param enabled {@code WAGATE_REPORTS}: whether the app keeps the reports at all; an operator who
 *     does not need them saves their repartitions and stores (BENCHMARKS.md gives the cost)
 */
public record ReportConfig(
    Duration requestRetention,
    Duration dayRetention,
    Duration campaignIdle,
    Duration conversationIdle,
    Duration optOutWindow,
    boolean enabled) {

  /** The defaults of every {@code WAGATE_REPORT_*} setting. */
  public static final ReportConfig DEFAULTS =
      new ReportConfig(
          Duration.ofDays(7),
          Duration.ofDays(400),
          Duration.ofDays(400),
          Duration.ofDays(400),
          Duration.ofDays(7),
          true);

  public ReportConfig {
    positive("WAGATE_REPORT_REQUEST_RETENTION", requestRetention);
    positive("WAGATE_REPORT_DAY_RETENTION", dayRetention);
    positive("WAGATE_REPORT_CAMPAIGN_IDLE", campaignIdle);
    positive("WAGATE_REPORT_CONVERSATION_IDLE", conversationIdle);
    positive("WAGATE_REPORT_OPT_OUT_WINDOW", optOutWindow);
    if (dayRetention.toDays() < 1) {
      // Day buckets are whole days: less than one would forget today's counts as they are made.
      throw new Environment.ConfigurationException(
          "WAGATE_REPORT_DAY_RETENTION must be at least P1D");
    }
  }

  /** Reads the settings from {@code env}, failing fast with the variable that is wrong. */
  public static ReportConfig from(Environment env) {
    return new ReportConfig(
        env.getDuration("WAGATE_REPORT_REQUEST_RETENTION", DEFAULTS.requestRetention()),
        env.getDuration("WAGATE_REPORT_DAY_RETENTION", DEFAULTS.dayRetention()),
        env.getDuration("WAGATE_REPORT_CAMPAIGN_IDLE", DEFAULTS.campaignIdle()),
        env.getDuration("WAGATE_REPORT_CONVERSATION_IDLE", DEFAULTS.conversationIdle()),
        env.getDuration("WAGATE_REPORT_OPT_OUT_WINDOW", DEFAULTS.optOutWindow()),
        env.getBoolean("WAGATE_REPORTS", DEFAULTS.enabled()));
  }

  private static void positive(String variable, Duration value) {
    if (value.isNegative() || value.isZero()) {
      throw new Environment.ConfigurationException(variable + " must be a positive duration");
    }
  }
}
