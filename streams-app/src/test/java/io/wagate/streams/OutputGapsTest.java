package io.wagate.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutputGapsTest {

  private static final long S = 1_000_000_000L;

  @Test
  void shouldMeasureTheStillStretchAcrossTheStartFromTheLastRecordBeforeIt() {
    // Given records until 9 s, a kill at 10 s, records again from 14 s
    List<Long> arrivals = List.of(8 * S, 9 * S, 14 * S, 15 * S);

    // When
    Duration gap = OutputGaps.longest(arrivals, 10 * S, 16 * S).length();

    // Then the output stood still from 9 s to 14 s
    assertThat(gap).isEqualTo(Duration.ofSeconds(5));
    assertThat(OutputGaps.longest(arrivals, 10 * S, 16 * S).startAfter(10 * S))
        .isEqualTo(Duration.ofSeconds(-1));
  }

  @Test
  void shouldCountAnOutputThatNeverCameBackUpToTheEnd() {
    // Given records that stop at 11 s
    List<Long> arrivals = List.of(10 * S, 11 * S);

    // When
    Duration gap = OutputGaps.longest(arrivals, 10 * S, 30 * S).length();

    // Then
    assertThat(gap).isEqualTo(Duration.ofSeconds(19));
  }

  @Test
  void shouldIgnoreRecordsAfterTheEnd() {
    // Given
    List<Long> arrivals = List.of(1 * S, 2 * S, 3 * S, 20 * S);

    // When
    Duration gap = OutputGaps.longest(arrivals, 1 * S, 4 * S).length();

    // Then
    assertThat(gap).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void shouldCountTheWholeMeasurementWhenNothingArrived() {
    // When
    Duration gap = OutputGaps.longest(List.of(), 2 * S, 7 * S).length();

    // Then
    assertThat(gap).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void shouldRefuseAMeasurementThatEndsBeforeItStarts() {
    // When / Then
    assertThatThrownBy(() -> OutputGaps.longest(List.of(), 7 * S, 2 * S))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
