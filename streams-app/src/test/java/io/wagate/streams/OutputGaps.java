package io.wagate.streams;

import java.time.Duration;
import java.util.List;

/** The longest time a partition's output stood still, from the times its records arrived. */
final class OutputGaps {

  private OutputGaps() {}

  /**
   * A stretch without output.
   *
   * @param start the last arrival before it, or the start of the measurement, in nanoTime
   * @param end the first arrival after it, or the end of the measurement, in nanoTime
   */
  record Gap(long start, long end) {

    /** How long the output stood still. */
    Duration length() {
      return Duration.ofNanos(end - start);
    }

    /** When it began, from {@code origin}, e.g. the kill; negative when it began before. */
    Duration startAfter(long origin) {
      return Duration.ofNanos(start - origin);
    }
  }

  /**
   * The longest stretch without a record within {@code [from, to]}.
   *
   * <p>The first stretch starts at the last record before {@code from} (the output had already
   * stopped then), or at {@code from} when there was none; the last one ends at {@code to}, so an
   * output that never came back counts up to the end of the measurement.
   *
   * @param arrivals when records arrived, in {@link System#nanoTime()}, ascending
   * @param from the start of the measurement, e.g. the kill
   * @param to the end of the measurement, e.g. the end of the load
   */
  static Gap longest(List<Long> arrivals, long from, long to) {
    if (to < from) {
      throw new IllegalArgumentException("the measurement ends before it starts");
    }
    long previous = from;
    Gap longest = new Gap(from, from);
    for (long arrival : arrivals) {
      if (arrival <= from) {
        previous = arrival;
        continue;
      }
      if (arrival > to) {
        break;
      }
      longest = longer(longest, new Gap(previous, arrival));
      previous = arrival;
    }
    return longer(longest, new Gap(previous, to));
  }

  private static Gap longer(Gap a, Gap b) {
    return b.end() - b.start() > a.end() - a.start() ? b : a;
  }
}
