package io.wagate.streams.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class ContactPacingTest {

  private static final Instant PREVIOUS = Instant.parse("2026-11-22T09:00:00Z");

  @Test
  void shouldCallAMessageLessThanSixSecondsAfterThePreviousOneRapid() {
    assertThat(ContactPacing.rapid(PREVIOUS, PREVIOUS.plusMillis(5_999))).isTrue();
    assertThat(ContactPacing.rapid(PREVIOUS, PREVIOUS)).isTrue();
  }

  @Test
  void shouldNotCallAMessageSixSecondsOrMoreAfterThePreviousOneRapid() {
    assertThat(ContactPacing.rapid(PREVIOUS, PREVIOUS.plusSeconds(6))).isFalse();
    assertThat(ContactPacing.rapid(PREVIOUS, PREVIOUS.plusSeconds(60))).isFalse();
  }

  @Test
  void shouldNotCallTheFirstMessageToAContactRapid() {
    assertThat(ContactPacing.rapid(null, PREVIOUS)).isFalse();
  }

  @Test
  void shouldNotCallAMessageDecidedAtAnEarlierTimeRapid() {
    // A record replayed with an older timestamp says nothing about the pace of sends.
    assertThat(ContactPacing.rapid(PREVIOUS, PREVIOUS.minusSeconds(1))).isFalse();
  }
}
