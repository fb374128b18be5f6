package io.wagate.dlq;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * The progress of a long scan, on stderr: a line every few seconds, never for a scan that ends
 * before the first interval passed.
 */
public final class ProgressLine implements DeadLetterScanner.Progress {

  /** How often a line is written. */
  public static final Duration INTERVAL = Duration.ofSeconds(2);

  private final PrintWriter err;
  private final LongSupplier nanoTime;
  private final long started;
  private long next;
  private boolean printed;
  private boolean finished;

  /**
   * A progress line.
   *
   * @param err where it goes
   * @param nanoTime the clock, {@link System#nanoTime} but in tests
   */
  public ProgressLine(PrintWriter err, LongSupplier nanoTime) {
    this.err = err;
    this.nanoTime = nanoTime;
    this.started = nanoTime.getAsLong();
    this.next = started + INTERVAL.toNanos();
  }

  @Override
  public void scanned(long scanned, long total) {
    if (finished) {
      return;
    }
    long now = nanoTime.getAsLong();
    boolean done = scanned >= total;
    // A scan that wrote progress also writes its end; a short one writes nothing at all.
    if (now < next && !(done && printed)) {
      return;
    }
    long shown = Math.min(scanned, total);
    err.printf(
        "scanning wa.dlq: %d%% (%,d of %,d records, %d s)%n",
        total == 0 ? 100 : shown * 100 / total,
        shown,
        total,
        Duration.ofNanos(now - started).toSeconds());
    err.flush();
    printed = true;
    finished = done;
    next = now + INTERVAL.toNanos();
  }
}
