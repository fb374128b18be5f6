package io.wagate.streams.reports;

import org.jspecify.annotations.Nullable;

/** Day changes of one bucket taken together. */
final class DayChanges {

  private DayChanges() {}

  /**
   * The change of {@code pending} and {@code change} together; both are of the same report, owner
   * and day.
   */
  static DayChange sum(@Nullable DayChange pending, DayChange change) {
    if (pending == null) {
      return change;
    }
    return new DayChange(
        change.report(),
        change.owner(),
        change.day(),
        pending.sent() + change.sent(),
        pending.received() + change.received());
  }
}
