package io.wagate.dlq;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What {@code dlq list} shows: the dead letters of a scan grouped by source and error, with counts,
 * first and last time, one example each, and how many of each group markers name.
 */
public final class DeadLetterGroups {

  private final Map<List<String>, Builder> groups = new LinkedHashMap<>();
  private final Set<Position> replayed = new HashSet<>();
  private long markers;

  /**
   * Adds a record of the scan: a marker counts towards every group, a dead letter to its own.
   *
   * @param letter the record
   * @param origin its origin
   * @param selected whether the selection takes it (markers are always taken into account)
   */
  public void add(DeadLetter letter, Origin origin, boolean selected) {
    if (origin instanceof Origin.Marker marker) {
      replayed.add(marker.replays());
      markers++;
      return;
    }
    if (selected) {
      groups
          .computeIfAbsent(
              List.of(origin.source(), origin.error()), k -> new Builder(letter, origin))
          .add(letter);
    }
  }

  /** The replay markers read. */
  public long markers() {
    return markers;
  }

  /** The groups, largest first, then by source and error. */
  public List<Group> groups() {
    List<Group> result = new ArrayList<>();
    for (Builder builder : groups.values()) {
      result.add(builder.build(replayed));
    }
    result.sort(
        Comparator.comparingLong(Group::count)
            .reversed()
            .thenComparing(group -> group.origin().source())
            .thenComparing(group -> group.origin().error()));
    return result;
  }

  /**
   * One source and error.
   *
   * @param origin the origin of its first dead letter
   * @param target where its dead letters are replayed to, for those of the streams app
   * @param count how many dead letters
   * @param replayed how many of them markers name
   * @param truncated how many were cut to fit the topic
   * @param first the earliest record timestamp
   * @param last the latest record timestamp
   * @param example the first dead letter read
   */
  public record Group(
      Origin origin,
      @Nullable String target,
      long count,
      long replayed,
      long truncated,
      Instant first,
      Instant last,
      DeadLetter example) {}

  private static final class Builder {
    private final DeadLetter example;
    private final Origin origin;
    private final List<Position> positions = new ArrayList<>();
    private long truncated;
    private Instant first;
    private Instant last;

    Builder(DeadLetter example, Origin origin) {
      this.example = example;
      this.origin = origin;
      this.first = example.timestamp();
      this.last = example.timestamp();
    }

    void add(DeadLetter letter) {
      positions.add(letter.position());
      if (letter.truncated()) {
        truncated++;
      }
      if (letter.timestamp().isBefore(first)) {
        first = letter.timestamp();
      }
      if (letter.timestamp().isAfter(last)) {
        last = letter.timestamp();
      }
    }

    Group build(Set<Position> replayedPositions) {
      long replayed = positions.stream().filter(replayedPositions::contains).count();
      String target =
          origin instanceof Origin.Streams streams && streams.topic() != null
              ? ReplayTargets.target(streams.topic())
              : null;
      return new Group(origin, target, positions.size(), replayed, truncated, first, last, example);
    }
  }
}
