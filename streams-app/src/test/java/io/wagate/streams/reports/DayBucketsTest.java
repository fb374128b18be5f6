package io.wagate.streams.reports;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DayBucketsTest {

  @Test
  void shouldPutAMomentOnItsUtcDayWhateverTheLocalTime() {
    // 00:30 in Amsterdam on the 23rd is still the 22nd in UTC; 01:00 in New York is the 23rd.
    assertThat(DayBuckets.dayOf(Instant.parse("2026-11-22T23:30:00Z"))).isEqualTo("2026-11-22");
    assertThat(DayBuckets.dayOf(Instant.parse("2026-11-23T00:00:00Z"))).isEqualTo("2026-11-23");
    assertThat(DayBuckets.dayOf(Instant.parse("2026-11-23T05:59:59.999Z"))).isEqualTo("2026-11-23");
  }

  @Test
  void shouldReadTheOwnerAndDayBackEvenWhenTheOwnerHasASeparator() {
    // Given an agent id with the separator in it
    String key = DayBuckets.key("team|u-7", "2026-11-22");
    // Then
    assertThat(key).isEqualTo("team|u-7|2026-11-22");
    assertThat(DayBuckets.owner(key)).isEqualTo("team|u-7");
    assertThat(DayBuckets.day(key)).isEqualTo("2026-11-22");
  }

  @Test
  void shouldKeepTodayAndTheRetentionsDaysBeforeIt() {
    // Given
    Instant now = Instant.parse("2026-11-22T09:00:00Z");
    Duration retention = Duration.ofDays(400);
    // Then
    assertThat(DayBuckets.firstDayKept(now, retention)).hasToString("2025-10-18");
    assertThat(DayBuckets.expired("2025-10-18", now, retention)).isFalse();
    assertThat(DayBuckets.expired("2025-10-17", now, retention)).isTrue();
    assertThat(DayBuckets.expired("2026-11-22", now, retention)).isFalse();
  }
}
