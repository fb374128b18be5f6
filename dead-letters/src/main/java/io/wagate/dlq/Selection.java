package io.wagate.dlq;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Which dead letters a command works on. Each criterion given must match; an empty one matches
 * everything. Replay markers are never selected.
 *
 * @param sources source topics or ingress endpoints ({@link Origin#source()}); a dead letter of the
 *     streams app also matches the input topic it is replayed to
 * @param errors parts of the error ({@link Origin#error()}), case-insensitive
 * @param from the earliest record timestamp, included, or null
 * @param to the latest record timestamp, excluded, or null
 * @param offsets offset ranges of {@code wa.dlq}
 */
public record Selection(
    List<String> sources,
    List<String> errors,
    @Nullable Instant from,
    @Nullable Instant to,
    List<OffsetRange> offsets) {

  /** Everything. */
  public static final Selection ALL = new Selection(List.of(), List.of(), null, null, List.of());

  /** Freezes the lists and checks the time range. */
  public Selection {
    sources = List.copyOf(sources);
    errors = errors.stream().map(error -> error.toLowerCase(Locale.ROOT)).toList();
    offsets = List.copyOf(offsets);
    if (from != null && to != null && !from.isBefore(to)) {
      throw new IllegalArgumentException("the time range is empty: --from must be before --to");
    }
  }

  /**
   * Whether the selection takes {@code letter}.
   *
   * @param letter the dead letter
   * @param origin its origin, read once by the caller
   * @return true when every criterion matches
   */
  public boolean matches(DeadLetter letter, Origin origin) {
    if (origin instanceof Origin.Marker) {
      return false;
    }
    if (from != null && letter.timestamp().isBefore(from)) {
      return false;
    }
    if (to != null && !letter.timestamp().isBefore(to)) {
      return false;
    }
    if (!offsets.isEmpty()
        && offsets.stream().noneMatch(range -> range.contains(letter.position()))) {
      return false;
    }
    if (!sources.isEmpty() && !sources.contains(origin.source()) && !matchesTarget(origin)) {
      return false;
    }
    String error = origin.error().toLowerCase(Locale.ROOT);
    return errors.isEmpty() || errors.stream().anyMatch(error::contains);
  }

  private boolean matchesTarget(Origin origin) {
    if (origin instanceof Origin.Streams streams && streams.topic() != null) {
      String target = ReplayTargets.target(streams.topic());
      return target != null && sources.contains(target);
    }
    return false;
  }
}
