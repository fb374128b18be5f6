package io.wagate.streams.processor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BufferedTest {

  /** How often a stored value was decoded. */
  private final AtomicInteger decoded = new AtomicInteger();

  private KeyValueStore<String, String> store;
  private Buffered<String> buffered;

  @BeforeEach
  void open() {
    Deserializer<String> counting =
        (topic, bytes) -> {
          decoded.incrementAndGet();
          return Serdes.String().deserializer().deserialize(topic, bytes);
        };
    Serde<String> values = Serdes.serdeFrom(Serdes.String().serializer(), counting);
    store =
        Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("s"), Serdes.String(), values)
            .withLoggingDisabled()
            .build();
    store.init(new MockProcessorContext<>().getStateStoreContext(), store);
    store.put("stored", "v");
    buffered = new Buffered<>(store);
  }

  @Test
  void shouldNotDecodeAValueAgainToSayItExists() {
    assertThat(buffered.get("stored")).isEqualTo("v");
    assertThat(buffered.get("absent")).isNull();
    int afterReads = decoded.get();

    assertThat(buffered.exists("stored")).isTrue();
    assertThat(buffered.exists("absent")).isFalse();
    assertThat(decoded.get()).isEqualTo(afterReads);
  }

  @Test
  void shouldSeeTheWorksOwnWritesAndTheStoreOnlyAfterFlush() {
    buffered.get("stored");
    buffered.delete("stored");
    buffered.put("new", "w");

    assertThat(buffered.exists("stored")).isFalse();
    assertThat(buffered.exists("new")).isTrue();
    assertThat(store.get("stored")).isEqualTo("v");
    assertThat(store.get("new")).isNull();

    buffered.flush();
    assertThat(store.get("stored")).isNull();
    assertThat(store.get("new")).isEqualTo("w");
    // What the work read before is forgotten with its writes: the next work reads the store.
    store.put("stored", "again");
    assertThat(buffered.exists("stored")).isTrue();
  }

  @Test
  void shouldAskTheStoreForAKeyNotReadBefore() {
    assertThat(buffered.exists("stored")).isTrue();
    assertThat(buffered.exists("absent")).isFalse();
  }
}
