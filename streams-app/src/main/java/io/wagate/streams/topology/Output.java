package io.wagate.streams.topology;

import io.wagate.schemas.Json;
import io.wagate.schemas.Topic;
import java.io.IOException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.processor.TopicNameExtractor;

/**
 * A record the conversation processor writes, with the topic it goes to. One sink serves every
 * output topic, so adding an output never adds a node.
 *
 * @param topic the destination topic's name
 * @param value the event record, written as JSON
 */
public record Output(String topic, Object value) {

  /** An output of {@code value} to {@code topic}. */
  public static <V> Output to(Topic<String, V> topic, V value) {
    return new Output(topic.name(), value);
  }

  /** Routes each output to its topic. */
  public static final TopicNameExtractor<String, Output> ROUTER =
      (key, output, context) -> output.topic();

  /** Writes the wrapped event as the contract's JSON. */
  public static final Serializer<Output> SERIALIZER =
      (topic, output) -> {
        if (output == null) {
          return null;
        }
        try {
          return Json.MAPPER.writeValueAsBytes(output.value());
        } catch (IOException e) {
          throw new SerializationException("Cannot write a record for " + topic, e);
        }
      };

  /** The serde of the sink; outputs are only ever written, never read back as {@code Output}. */
  public static final Serde<Output> SERDE =
      Serdes.serdeFrom(
          SERIALIZER,
          (topic, bytes) -> {
            throw new UnsupportedOperationException("outputs are read with their topic's serde");
          });
}
