package io.wagate.dlq;

import io.wagate.schemas.Topics;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a dead letter sits on {@code wa.dlq}. Written as {@code wa.dlq-2@17}, the way Kafka writes
 * a topic partition followed by the offset, in replay markers and {@link
 * ReplayHeaders#REPLAYED_FROM} headers.
 *
 * @param partition the partition
 * @param offset the offset
 */
public record Position(int partition, long offset) implements Comparable<Position> {

  private static final Pattern FORMAT =
      Pattern.compile(Pattern.quote(Topics.DLQ.name()) + "-(\\d+)@(\\d+)");

  /** Checks that both are not negative. */
  public Position {
    if (partition < 0 || offset < 0) {
      throw new IllegalArgumentException("a position has no negative partition or offset");
    }
  }

  /**
   * Reads {@code wa.dlq-<partition>@<offset>}.
   *
   * @param text the text
   * @return the position
   * @throws IllegalArgumentException when the text is not in that form
   */
  public static Position parse(String text) {
    Matcher matcher = FORMAT.matcher(text.strip());
    if (!matcher.matches()) {
      throw new IllegalArgumentException(
          "not a dead letter position (" + Topics.DLQ.name() + "-<partition>@<offset>)");
    }
    try {
      return new Position(Integer.parseInt(matcher.group(1)), Long.parseLong(matcher.group(2)));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("partition or offset out of range", e);
    }
  }

  @Override
  public int compareTo(Position other) {
    int byPartition = Integer.compare(partition, other.partition);
    return byPartition != 0 ? byPartition : Long.compare(offset, other.offset);
  }

  @Override
  public String toString() {
    return Topics.DLQ.name() + "-" + partition + "@" + offset;
  }
}
