package io.wagate.dlq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SelectionTest {

  private static final DeadLetter REPARTITIONED =
      Letters.streams(new Position(0, 5), "wagate-requests-by-conversation-repartition", "k", "{}");
  private static final DeadLetter META =
      Letters.meta(new Position(1, 9), "unsupported-field", "account_update", "{}");

  @Test
  void shouldSelectEverythingButMarkersWhenNothingNarrowsIt() {
    // Given
    DeadLetter marker = Letters.marker(new Position(1, 10), new Position(1, 9));

    // When
    boolean deadLetter = Selection.ALL.matches(META, Origin.of(META));
    boolean markerSelected = Selection.ALL.matches(marker, Origin.of(marker));

    // Then
    assertThat(deadLetter).isTrue();
    assertThat(markerSelected).isFalse();
  }

  @Test
  void shouldSelectBySourceTopicOrTheInputAStreamsDeadLetterGoesBackTo() {
    // Given
    Selection byInput = selection(List.of("wa.send.requests"), List.of(), null, null, List.of());
    Selection byEndpoint =
        selection(List.of("POST /webhooks/meta"), List.of(), null, null, List.of());

    // When / Then
    assertThat(byInput.matches(REPARTITIONED, Origin.of(REPARTITIONED))).isTrue();
    assertThat(byInput.matches(META, Origin.of(META))).isFalse();
    assertThat(byEndpoint.matches(META, Origin.of(META))).isTrue();
    assertThat(byEndpoint.matches(REPARTITIONED, Origin.of(REPARTITIONED))).isFalse();
  }

  @Test
  void shouldSelectByAPartOfTheErrorIgnoringCase() {
    // Given
    Selection byError = selection(List.of(), List.of("ACCOUNT_update"), null, null, List.of());

    // When / Then
    assertThat(byError.matches(META, Origin.of(META))).isTrue();
    assertThat(byError.matches(REPARTITIONED, Origin.of(REPARTITIONED))).isFalse();
  }

  @Test
  void shouldSelectATimeRangeWithItsStartIncludedAndItsEndExcluded() {
    // Given
    Selection fromAt = selection(List.of(), List.of(), Letters.AT, null, List.of());
    Selection toAt = selection(List.of(), List.of(), null, Letters.AT, List.of());

    // When / Then
    assertThat(fromAt.matches(META, Origin.of(META))).isTrue();
    assertThat(toAt.matches(META, Origin.of(META))).isFalse();
  }

  @Test
  void shouldSelectByOffsetsOfAPartition() {
    // Given
    Selection offsets =
        selection(List.of(), List.of(), null, null, List.of(OffsetRange.parse("1:9-")));

    // When / Then
    assertThat(offsets.matches(META, Origin.of(META))).isTrue();
    assertThat(offsets.matches(REPARTITIONED, Origin.of(REPARTITIONED))).isFalse();
  }

  @Test
  void shouldRefuseAnEmptyTimeRange() {
    // When / Then
    assertThatThrownBy(() -> selection(List.of(), List.of(), Letters.AT, Letters.AT, List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--from must be before --to");
  }

  @Test
  void shouldReadTheThreeFormsOfOffsetsAndRefuseOthers() {
    // When / Then
    assertThat(OffsetRange.parse("2:17")).isEqualTo(new OffsetRange(2, 17, 17));
    assertThat(OffsetRange.parse("2:17-40")).isEqualTo(new OffsetRange(2, 17, 40));
    assertThat(OffsetRange.parse("2:17-")).isEqualTo(new OffsetRange(2, 17, Long.MAX_VALUE));
    assertThatThrownBy(() -> OffsetRange.parse("17")).hasMessageContaining("PARTITION:OFFSET");
    assertThatThrownBy(() -> OffsetRange.parse("2:40-17")).hasMessageContaining("FROM <= TO");
  }

  @Test
  void shouldWriteAndReadPositionsAsKafkaWritesTopicPartitionsWithTheOffset() {
    // When
    Position position = Position.parse("wa.dlq-2@17");

    // Then
    assertThat(position).isEqualTo(new Position(2, 17));
    assertThat(position.toString()).isEqualTo("wa.dlq-2@17");
    assertThatThrownBy(() -> Position.parse("wa.status-2@17"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static Selection selection(
      List<String> sources,
      List<String> errors,
      Instant from,
      Instant to,
      List<OffsetRange> offsets) {
    return new Selection(sources, errors, from, to, offsets);
  }
}
