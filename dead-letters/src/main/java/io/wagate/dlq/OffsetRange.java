package io.wagate.dlq;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Offsets of one {@code wa.dlq} partition, both ends included: {@code 2:17}, {@code 2:17-40} or
 * {@code 2:17-} (to the end).
 *
 * @param partition the partition
 * @param from the first offset
 * @param to the last offset, {@link Long#MAX_VALUE} for the end
 */
public record OffsetRange(int partition, long from, long to) {

  private static final Pattern FORMAT = Pattern.compile("(\\d+):(\\d+)(?:(-)(\\d*))?");

  /** Checks the ends. */
  public OffsetRange {
    if (partition < 0 || from < 0 || to < from) {
      throw new IllegalArgumentException(
          "offsets must be PARTITION:FROM[-TO] with FROM <= TO, got " + partition + ":" + from);
    }
  }

  /**
   * Reads {@code PARTITION:OFFSET}, {@code PARTITION:FROM-TO} or {@code PARTITION:FROM-}.
   *
   * @param text the text
   * @return the range
   * @throws IllegalArgumentException when the text is not one of those forms
   */
  public static OffsetRange parse(String text) {
    Matcher matcher = FORMAT.matcher(text.strip());
    if (!matcher.matches()) {
      throw new IllegalArgumentException(
          "offsets must be PARTITION:OFFSET, PARTITION:FROM-TO or PARTITION:FROM-, got '"
              + text
              + "'");
    }
    try {
      int partition = Integer.parseInt(matcher.group(1));
      long from = Long.parseLong(matcher.group(2));
      long to;
      if (matcher.group(3) == null) {
        to = from;
      } else if (matcher.group(4).isEmpty()) {
        to = Long.MAX_VALUE;
      } else {
        to = Long.parseLong(matcher.group(4));
      }
      return new OffsetRange(partition, from, to);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("offsets out of range in '" + text + "'", e);
    }
  }

  /** Whether {@code position} lies in the range. */
  public boolean contains(Position position) {
    return position.partition() == partition
        && position.offset() >= from
        && position.offset() <= to;
  }
}
