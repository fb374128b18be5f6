package io.wagate.streams.reports;

/**
 * What one message changed in a day's counts; keyed by {@link #owner()}.
 *
 * @param report the report it counts in
 * @param owner the business number (activity) or the CRM user (agents)
 * @param day the UTC day, {@code yyyy-MM-dd}
 * @param sent messages sent to add
 * @param received messages received to add
 */
public record DayChange(Report report, String owner, String day, long sent, long received)
    implements ReportUpdate {

  /** This change and {@code next} (of the same report, owner and day) taken together. */
  public DayChange plus(DayChange next) {
    return new DayChange(report, owner, day, sent + next.sent, received + next.received);
  }

  /** The two reports kept per day. */
  public enum Report {
    /** Per business number: {@code wa.reports.activity}. */
    ACTIVITY,
    /** Per CRM user: {@code wa.reports.agents}. */
    AGENT
  }
}
