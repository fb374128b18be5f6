package io.wagate.schemas.events;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * What wagate learned about one business line from the providers ({@code wa.number-state},
 * compacted, key the business number). wagate alone writes it, one writer per key, every record
 * whole, so a fresh instance that reads the compacted topic knows all of it. The operator's own
 * settings stay on {@code wa.business-numbers}; routing combines the two.
 *
 * @param businessNumber the line, E.164
 * @param pausedUntil the provider paused the line (63018, 63038, 471) until then; only ever moves
 *     later
 * @param pauseCode the error code of the latest pause
 * @param disabledAt when the provider disabled the line (63020, 63001, 190, …); an operator's
 *     re-enable with a later {@code updatedAt} on {@code wa.business-numbers} lifts it
 * @param disableCode the error code that disabled it
 * @param updatedAt when this state last changed
 */
public record NumberState(
    String businessNumber,
    @Nullable Instant pausedUntil,
    @Nullable String pauseCode,
    @Nullable Instant disabledAt,
    @Nullable String disableCode,
    Instant updatedAt) {

  /** A line wagate knows nothing about yet. */
  public static NumberState unknown(String businessNumber, Instant at) {
    return new NumberState(businessNumber, null, null, null, null, at);
  }
}
