package io.wagate.streams.topology;

import io.wagate.schemas.Topic;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.processor.TopicNameExtractor;
import org.jspecify.annotations.Nullable;

/**
 * A record wagate writes, already serialised by its topic's serde, with the topic it goes to. One
 * sink serves every output topic, so adding an output never adds a node. Serialising when the
 * output is built, not in the sink, means a value that cannot be written fails while its record is
 * still being decided, before any of the record's effects are applied.
 *
 * @param topic the destination topic's name, or {@link #NUMBER_ACTIONS} for the internal
 *     repartition topic of what wagate learned about a business number
 * @param value the serialised value; null for a tombstone
 */
public record Output(String topic, byte @Nullable [] value) {

  /** The internal destination of {@code NumberAction}s, keyed by business number or account. */
  public static final String NUMBER_ACTIONS = "number-actions";

  /** The internal destination of {@code Admission}s, keyed by portfolio. */
  public static final String ADMISSIONS = "admissions";

  /** The internal destination of {@code Command}s, keyed by conversation. */
  public static final String COMMANDS = "commands";

  /** The internal destination of {@code TemplateAction}s, keyed {@code name:language}. */
  public static final String TEMPLATE_ACTIONS = "template-actions";

  /** An output of {@code value} to {@code topic}, written with the topic's value serde. */
  public static <V> Output to(Topic<String, V> topic, V value) {
    return new Output(topic.name(), topic.valueSerde().serializer().serialize(topic.name(), value));
  }

  /** A tombstone on the compacted {@code topic}. */
  public static Output tombstone(Topic<String, ?> topic) {
    return new Output(topic.name(), null);
  }

  /** The value's size in bytes. */
  public int size() {
    return value == null ? 0 : value.length;
  }

  /** Routes each output to its topic. */
  public static final TopicNameExtractor<String, Output> ROUTER =
      (key, output, context) -> output.topic();

  /**
   * Whether it goes to one of wagate's internal repartition topics rather than a contract topic.
   */
  public boolean internal() {
    return topic.equals(NUMBER_ACTIONS)
        || topic.equals(TEMPLATE_ACTIONS)
        || topic.equals(ADMISSIONS)
        || topic.equals(COMMANDS);
  }

  /** Writes the value bytes as they are. */
  public static final Serializer<Output> SERIALIZER =
      (topic, output) -> output == null ? null : output.value();

  /** The serde of the sink; outputs are only ever written, never read back as {@code Output}. */
  public static final Serde<Output> SERDE =
      Serdes.serdeFrom(
          SERIALIZER,
          (topic, bytes) -> {
            throw new UnsupportedOperationException("outputs are read with their topic's serde");
          });
}
