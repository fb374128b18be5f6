package io.wagate.dlq;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeadLetterGroupsTest {

  @Test
  void shouldGroupBySourceAndErrorWithCountsTimesAndReplaysMarkersName() {
    // Given
    DeadLetterGroups groups = new DeadLetterGroups();
    Position first = new Position(0, 1);
    Position second = new Position(1, 1);
    DeadLetter early = Letters.meta(first, "unsupported-field", "messages", "{}");
    DeadLetter late =
        new DeadLetter(
            second, Instant.parse("2026-11-23T10:00:00Z"), null, early.value(), early.headers());
    DeadLetter other = Letters.streams(new Position(0, 2), "wa.consent", "k", "{}");

    // When
    for (DeadLetter letter :
        List.of(early, late, other, Letters.marker(new Position(1, 2), second))) {
      groups.add(letter, Origin.of(letter), true);
    }

    // Then
    List<DeadLetterGroups.Group> list = groups.groups();
    assertThat(list).hasSize(2);
    DeadLetterGroups.Group meta = list.get(0);
    assertThat(meta.origin().error()).isEqualTo("unsupported-field (messages)");
    assertThat(meta.count()).isEqualTo(2);
    assertThat(meta.replayed()).isEqualTo(1);
    assertThat(meta.first()).isEqualTo(Letters.AT);
    assertThat(meta.last()).isEqualTo(Instant.parse("2026-11-23T10:00:00Z"));
    assertThat(meta.example().position()).isEqualTo(first);
    assertThat(list.get(1).target()).isEqualTo("wa.consent");
    assertThat(groups.markers()).isEqualTo(1);
  }

  @Test
  void shouldLeaveOutWhatTheSelectionDoesNotTakeButCountItsMarkers() {
    // Given
    DeadLetterGroups groups = new DeadLetterGroups();
    DeadLetter letter = Letters.streams(new Position(0, 1), "wa.consent", "k", "{}");
    DeadLetter marker = Letters.marker(new Position(0, 2), new Position(0, 1));

    // When
    groups.add(letter, Origin.of(letter), false);
    groups.add(marker, Origin.of(marker), false);

    // Then
    assertThat(groups.groups()).isEmpty();
    assertThat(groups.markers()).isEqualTo(1);
  }
}
