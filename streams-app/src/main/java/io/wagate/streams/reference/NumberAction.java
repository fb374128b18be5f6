package io.wagate.streams.reference;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * What a provider failure taught wagate about a business number, on its way (through the internal
 * {@code number-actions} repartition topic, keyed by the number) to the one task that keeps the
 * number's learned state.
 *
 * @param businessNumber the line
 * @param kind pause or disable
 * @param until for a pause, until when
 * @param code the provider's error code
 * @param occurredAt the provider's time of the failure
 */
public record NumberAction(
    String businessNumber, Kind kind, @Nullable Instant until, String code, Instant occurredAt) {

  /** What happened to the number. */
  public enum Kind {
    PAUSE,
    DISABLE
  }
}
