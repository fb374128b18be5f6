package io.wagate.dlq;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressLineTest {

  private final AtomicLong now = new AtomicLong();
  private final StringWriter err = new StringWriter();
  private final ProgressLine progress = new ProgressLine(new PrintWriter(err), now::get);

  @Test
  void shouldWriteNothingForAScanShorterThanTheInterval() {
    // When
    progress.scanned(10, 100);
    progress.scanned(100, 100);

    // Then
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void shouldWriteALineEveryIntervalAndTheEndOfALongScan() {
    // When
    now.addAndGet(ProgressLine.INTERVAL.toNanos());
    progress.scanned(250_000, 1_000_000);
    progress.scanned(300_000, 1_000_000);
    now.addAndGet(ProgressLine.INTERVAL.toNanos());
    progress.scanned(600_000, 1_000_000);
    progress.scanned(1_000_000, 1_000_000);
    progress.scanned(1_000_000, 1_000_000);

    // Then
    assertThat(err.toString().lines())
        .containsExactly(
            "scanning wa.dlq: 25% (250,000 of 1,000,000 records, 2 s)",
            "scanning wa.dlq: 60% (600,000 of 1,000,000 records, 4 s)",
            "scanning wa.dlq: 100% (1,000,000 of 1,000,000 records, 4 s)");
  }
}
