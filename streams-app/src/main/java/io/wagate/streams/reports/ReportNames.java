package io.wagate.streams.reports;

/**
 * The names of the reports' processors, state stores and repartition steps. Stores and repartitions
 * name internal topics ({@code <application.id>-<name>-changelog}, {@code
 * <application.id>-<name>-repartition}), so they never change once released; a test pins them.
 *
 * <p>No repartition name ends like one of the conversation inputs' ({@code
 * -inbound-by-conversation} and the like): {@code dlq replay} sends a dead letter of those back to
 * the input topic, and a report's dead letter is not an input's record.
 */
public final class ReportNames {

  /** Send requests of campaigns, by request id. */
  public static final String REQUESTS = "report-requests";

  /** Statuses and routed messages, by request id. */
  public static final String LIFECYCLE = "report-lifecycle";

  /** Messages routed to a sender, once per request, by conversation. */
  public static final String SENDS = "report-sends";

  /** Inbound messages, by conversation. */
  public static final String INBOUND = "report-inbound";

  /** Consent as {@code wa.sessions} shows it, by conversation. */
  public static final String SESSIONS = "report-sessions";

  /** What requests changed in their campaign's counts, by campaign. */
  public static final String CAMPAIGN_CHANGES = "report-campaign-changes";

  /** Opt-outs that count for a campaign, by campaign. */
  public static final String OPT_OUTS = "report-opt-outs";

  /** What messages changed in a day's counts, by business number or CRM user. */
  public static final String DAY_CHANGES = "report-day-changes";

  /** Keeps each request's report state. */
  public static final String REQUEST_PROCESSOR = "report-request-processor";

  /** Keeps each conversation's counts and attributes opt-outs. */
  public static final String CONVERSATION_PROCESSOR = "report-conversation-processor";

  /** Keeps each campaign's report. */
  public static final String CAMPAIGN_PROCESSOR = "campaign-report-processor";

  /** Keeps the day buckets of the activity and agent reports. */
  public static final String DAY_PROCESSOR = "day-report-processor";

  /** Each request's report state, keyed by request id. */
  public static final String REQUEST_STORE = "report-request-store";

  /** Each conversation's counts, keyed by conversation; the query API's per-contact counts. */
  public static final String CONVERSATION_STORE = "report-conversation-store";

  /** Inbound message ids counted already, keyed by provider message id. */
  public static final String INBOUND_ID_STORE = "report-inbound-id-store";

  /**
   * Day changes not yet sent on to the day buckets, summed, keyed {@code report|yyyy-MM-dd|owner}.
   */
  public static final String DAY_PENDING_STORE = "report-day-pending-store";

  /** Campaign changes not yet sent on to the campaign's report, summed, keyed by campaign id. */
  public static final String CAMPAIGN_PENDING_STORE = "report-campaign-pending-store";

  /** Each campaign's report, keyed by campaign id. */
  public static final String CAMPAIGN_STORE = "campaign-report-store";

  /**
   * Business numbers' day buckets, keyed {@code businessNumber|yyyy-MM-dd}, partitioned by number.
   */
  public static final String ACTIVITY_STORE = "activity-report-store";

  /** CRM users' day buckets, keyed {@code agentId|yyyy-MM-dd}, partitioned by user. */
  public static final String AGENT_STORE = "agent-report-store";

  private ReportNames() {}
}
