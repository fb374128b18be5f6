package io.wagate.streams.reports;

import java.time.Instant;

/**
 * One day bucket's counts ({@code activity-report-store}, {@code agent-report-store}).
 *
 * @param sent messages sent that day
 * @param received messages received that day
 * @param updatedAt when a count last changed
 */
public record DayCounts(long sent, long received, Instant updatedAt) {

  /** A day nothing was counted for yet. */
  public static final DayCounts NONE = new DayCounts(0, 0, Instant.EPOCH);

  /** The counts with {@code change} added at {@code at}. */
  public DayCounts plus(DayChange change, Instant at) {
    return new DayCounts(sent + change.sent(), received + change.received(), at);
  }
}
