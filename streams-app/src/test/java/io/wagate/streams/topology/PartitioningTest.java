package io.wagate.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.api.Test;

class PartitioningTest {

  @Test
  void shouldPickThePartitionJavasProducerPicksForTheSameKey() {
    for (int i = 0; i < 1_000; i++) {
      // Given
      String key = "+31201234567|+316" + String.format("%08d", i);
      // When
      int ours = Partitioning.partitionOf(key, 7);
      // Then
      int producers = BuiltInPartitioner.partitionForKey(key.getBytes(StandardCharsets.UTF_8), 7);
      assertThat(ours).isEqualTo(producers);
    }
  }

  @Test
  void shouldTreatEveryRecordAsHomeOnASinglePartition() {
    assertThat(Partitioning.isHome("anything", 0, 1)).isTrue();
  }

  @Test
  void shouldSendARecordOnAnotherPartitionThanItsKeysAway() {
    // Given
    String key = "+31201234567|+31612345678";
    int home = Partitioning.partitionOf(key, 4);
    // Then
    assertThat(Partitioning.isHome(key, home, 4)).isTrue();
    assertThat(Partitioning.isHome(key, (home + 1) % 4, 4)).isFalse();
  }
}
