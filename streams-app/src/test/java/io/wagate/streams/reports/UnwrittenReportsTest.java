package io.wagate.streams.reports;

import static org.assertj.core.api.Assertions.assertThat;

import io.wagate.streams.state.StoreFormat;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

class UnwrittenReportsTest {

  private static final Instant T0 = Instant.parse("2026-11-22T09:00:00Z");

  @Test
  void shouldWriteWhatAPreviousOwnerOfTheTaskLeftUnwrittenOnce() {
    // Given a store a task left with one bucket changed and not written, one written
    KeyValueStore<String, DayCounts> store = store();
    store.put("+31201234567|2026-11-22", new DayCounts(3, 1, T0, true));
    store.put("+31201234567|2026-11-21", new DayCounts(7, 2, T0, false));
    // When the next owner starts and its first punctuation writes
    UnwrittenReports<DayCounts> unwritten =
        new UnwrittenReports<>(store, DayCounts::unwritten, DayCounts::written);
    Map<String, DayCounts> writes = new LinkedHashMap<>();
    unwritten.flush(writes::put);
    // Then the changed bucket is written, once, and marked written
    assertThat(writes).containsOnlyKeys("+31201234567|2026-11-22");
    assertThat(store.get("+31201234567|2026-11-22").unwritten()).isFalse();
    writes.clear();
    unwritten.flush(writes::put);
    assertThat(writes).isEmpty();
  }

  @Test
  void shouldWriteAReportThatChangedManyTimesOncePerFlush() {
    // Given
    KeyValueStore<String, DayCounts> store = store();
    UnwrittenReports<DayCounts> unwritten =
        new UnwrittenReports<>(store, DayCounts::unwritten, DayCounts::written);
    DayChange sent = new DayChange(DayChange.Report.ACTIVITY, "+31201234567", "2026-11-22", 1, 0);
    // When a bucket changes three times before the punctuation
    DayCounts counts = DayCounts.NONE;
    for (int i = 0; i < 3; i++) {
      counts = counts.plus(sent, T0.plusSeconds(i));
      store.put("+31201234567|2026-11-22", counts);
      unwritten.changed("+31201234567|2026-11-22");
    }
    Map<String, DayCounts> writes = new LinkedHashMap<>();
    unwritten.flush(writes::put);
    // Then it is written once, with its latest counts
    assertThat(writes).hasSize(1);
    assertThat(writes.get("+31201234567|2026-11-22").sent()).isEqualTo(3);
  }

  private static KeyValueStore<String, DayCounts> store() {
    KeyValueStore<String, DayCounts> store =
        Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore("days"),
                Serdes.String(),
                StoreFormat.serde(DayCounts.class))
            .withLoggingDisabled()
            .build();
    store.init(new MockProcessorContext<String, Object>().getStateStoreContext(), store);
    return store;
  }
}
