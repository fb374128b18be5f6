package io.wagate.dlq;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class OriginTest {

  private static final Position AT = new Position(0, 3);

  @Test
  void shouldReadAStreamsDeadLetterFromKafkaStreamsOwnHeaders() {
    // Given
    DeadLetter letter = Letters.streams(AT, "wa.inbound", "k", "x");

    // When
    Origin origin = Origin.of(letter);

    // Then
    assertThat(origin)
        .isEqualTo(
            new Origin.Streams(
                "wa.inbound",
                1L,
                42L,
                "java.lang.IllegalArgumentException",
                "kind TEXT is not supported"));
    assertThat(origin.source()).isEqualTo("wa.inbound");
    assertThat(origin.error()).isEqualTo("java.lang.IllegalArgumentException");
  }

  @Test
  void shouldReadAnIngressDeadLetterWithItsEndpointAndReasonAndField() {
    // Given
    DeadLetter letter = Letters.meta(AT, "unsupported-field", "account_update", "{}");

    // When
    Origin origin = Origin.of(letter);

    // Then
    assertThat(origin).isInstanceOf(Origin.Webhook.class);
    assertThat(origin.source()).isEqualTo("POST /webhooks/meta");
    assertThat(origin.error()).isEqualTo("unsupported-field (account_update)");
    assertThat(((Origin.Webhook) origin).receivedAt()).isEqualTo(Letters.AT);
  }

  @Test
  void shouldReadAMarkerAsTheDeadLetterItMarks() {
    // Given
    DeadLetter marker = Letters.marker(new Position(0, 4), AT);

    // When
    Origin origin = Origin.of(marker);

    // Then
    assertThat(origin).isEqualTo(new Origin.Marker(AT));
  }

  @Test
  void shouldCallARecordWithoutKnownHeadersUnknown() {
    // Given
    DeadLetter letter =
        DeadLetter.of(AT, Letters.AT, null, null, List.of(new String[][] {{"x", "y"}}));

    // When
    Origin origin = Origin.of(letter);

    // Then
    assertThat(origin).isEqualTo(new Origin.Unknown());
  }
}
