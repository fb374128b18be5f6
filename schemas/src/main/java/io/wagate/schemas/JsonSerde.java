package io.wagate.schemas;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.IOException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A serde for one event record type. Null maps to null; bytes that are not a JSON object of the
 * type fail with {@link SerializationException}, which Kafka Streams sends to the dead-letter
 * topic.
 *
 * @param <T> the record type
 */
public final class JsonSerde<T> implements Serde<T> {

  private final Class<T> type;
  private final ObjectReader reader;
  private final ObjectWriter writer;

  private JsonSerde(Class<T> type) {
    this.type = type;
    this.reader = Json.MAPPER.readerFor(type);
    this.writer = Json.MAPPER.writerFor(type);
  }

  /** The serde of {@code type}. */
  public static <T> JsonSerde<T> of(Class<T> type) {
    return new JsonSerde<>(type);
  }

  /** Writes {@code data} as JSON; null stays null. */
  public byte[] serialize(String topic, T data) {
    if (data == null) {
      return null;
    }
    try {
      return writer.writeValueAsBytes(data);
    } catch (IOException e) {
      throw new SerializationException(
          "Cannot write " + type.getSimpleName() + " for topic " + topic, e);
    }
  }

  /** Reads one JSON object of the type; null stays null. */
  public T deserialize(String topic, byte[] data) {
    if (data == null) {
      return null;
    }
    try {
      JsonNode tree = Json.MAPPER.readTree(data);
      if (tree == null || !tree.isObject()) {
        throw new SerializationException(
            "Value on " + topic + " is not a JSON object of " + type.getSimpleName());
      }
      return reader.readValue(tree);
    } catch (IOException e) {
      // The message names the field and position, never the payload.
      throw new SerializationException(
          "Value on " + topic + " is not a valid " + type.getSimpleName() + ": " + firstLine(e), e);
    }
  }

  private static String firstLine(IOException e) {
    String message =
        e instanceof JsonProcessingException processing
            ? processing.getOriginalMessage()
            : String.valueOf(e.getMessage());
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }

  /** The record type this serde reads and writes. */
  public Class<T> type() {
    return type;
  }

  @Override
  public Serializer<T> serializer() {
    return this::serialize;
  }

  @Override
  public Deserializer<T> deserializer() {
    return this::deserialize;
  }

  @Override
  public void close() {}
}
