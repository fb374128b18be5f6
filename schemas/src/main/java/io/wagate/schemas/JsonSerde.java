package io.wagate.schemas;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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

  private final ObjectMapper mapper;

  private JsonSerde(Class<T> type, ObjectMapper mapper) {
    this.type = type;
    this.mapper = mapper;
    this.reader = mapper.readerFor(type);
    this.writer = mapper.writerFor(type);
  }

  /** The serde of {@code type}. */
  public static <T> JsonSerde<T> of(Class<T> type) {
    return new JsonSerde<>(type, Json.MAPPER);
  }

  /** The serde of {@code type} with another mapping, e.g. for state stores wagate alone reads. */
  public static <T> JsonSerde<T> of(Class<T> type, ObjectMapper mapper) {
    return new JsonSerde<>(type, mapper);
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

  /**
   * Reads one JSON object of the type; null stays null.
   *
   * @throws SerializationException when the bytes are not one JSON object of the type; the message
   *     names the topic, the type and the failing field or position, never the payload
   */
  public T deserialize(String topic, byte[] data) {
    if (data == null) {
      return null;
    }
    if (startsLikeObject(data)) {
      try {
        return reader.readValue(data);
      } catch (IOException e) {
        // Not lost: the slower path below reads the bytes again to say what is wrong with them.
      }
    }
    JsonNode tree;
    try {
      tree = mapper.readTree(data);
    } catch (IOException e) {
      throw failure(topic, "is not JSON for " + type.getSimpleName(), e);
    }
    if (tree == null || !tree.isObject()) {
      throw new SerializationException(
          "Value on "
              + topic
              + " is not a JSON object of "
              + type.getSimpleName()
              + " but "
              + (tree == null || tree.isMissingNode() ? "empty" : tree.getNodeType()));
    }
    try {
      return reader.readValue(tree);
    } catch (IOException e) {
      throw failure(topic, "is not a valid " + type.getSimpleName(), e);
    }
  }

  private static boolean startsLikeObject(byte[] data) {
    for (byte b : data) {
      if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
        return b == '{';
      }
    }
    return false;
  }

  /**
   * A failure that says what and where without Jackson's message or cause: those quote the
   * offending input, which may be a phone number, a name or a message body, and Kafka Streams logs
   * deserialization failures with their cause chain.
   */
  private static SerializationException failure(String topic, String what, IOException e) {
    StringBuilder message = new StringBuilder("Value on ").append(topic).append(' ').append(what);
    message.append(" (").append(e.getClass().getSimpleName());
    String field = e instanceof JsonMappingException mapping ? path(mapping) : "";
    if (!field.isEmpty()) {
      message.append(" at field ").append(field);
    } else if (e instanceof JsonProcessingException processing
        && processing.getLocation() != null
        && processing.getLocation().getLineNr() > 0) {
      message
          .append(" at line ")
          .append(processing.getLocation().getLineNr())
          .append(", column ")
          .append(processing.getLocation().getColumnNr());
    }
    return new SerializationException(message.append(')').toString());
  }

  private static String path(JsonMappingException e) {
    StringBuilder path = new StringBuilder();
    for (JsonMappingException.Reference reference : e.getPath()) {
      if (reference.getFieldName() != null) {
        path.append(path.length() == 0 ? "" : ".").append(reference.getFieldName());
      } else if (reference.getIndex() >= 0) {
        path.append('[').append(reference.getIndex()).append(']');
      }
    }
    return path.toString();
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
