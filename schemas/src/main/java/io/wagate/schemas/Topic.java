package io.wagate.schemas;

import java.util.Objects;
import org.apache.kafka.common.serialization.Serde;

/**
 * A topic with the serdes of its keys and values, so that no call site pairs them by hand.
 *
 * @param name the topic name
 * @param keySerde the key serde
 * @param valueSerde the value serde
 * @param compacted whether the topic is compacted ({@code cleanup.policy=compact})
 * @param schema the resource path of the value's JSON Schema, under {@code /schemas/}
 * @param <K> the key type
 * @param <V> the value type
 */
public record Topic<K, V>(
    String name, Serde<K> keySerde, Serde<V> valueSerde, boolean compacted, String schema) {

  public Topic {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(keySerde, "keySerde");
    Objects.requireNonNull(valueSerde, "valueSerde");
    Objects.requireNonNull(schema, "schema");
  }

  /** The topic's {@code cleanup.policy}. */
  public String cleanupPolicy() {
    return compacted ? "compact" : "delete";
  }

  @Override
  public String toString() {
    return name;
  }
}
