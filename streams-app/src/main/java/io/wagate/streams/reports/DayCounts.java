package io.wagate.streams.reports;

import java.time.Instant;

/**
 * One day bucket's counts ({@code activity-report-store}, {@code agent-report-store}).
 *
 * @param sent messages sent that day
 * @param received messages received that day
 * @param updatedAt when a count last changed
 * @param unwritten whether they changed since they were last written to their topic
 */
public record DayCounts(long sent, long received, Instant updatedAt, boolean unwritten) {

  /** A day nothing was counted for yet. */
  public static final DayCounts NONE = new DayCounts(0, 0, Instant.EPOCH, false);

  /** The counts with {@code change} added at {@code at}, to be written. */
  public DayCounts plus(DayChange change, Instant at) {
    return new DayCounts(sent + change.sent(), received + change.received(), at, true);
  }

  /** The same counts, written. */
  public DayCounts written() {
    return new DayCounts(sent, received, updatedAt, false);
  }
}
