package io.wagate.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.errors.internals.ExceptionHandlerUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** wa.dlq holds the original bytes: its schema constrains nothing and documents the headers. */
class DeadLetterSchemaTest {

  private static final String DLQ = "dlq.schema.json";

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"requestId\": 42}",
        "[1, 2, 3]",
        "\"whatsapp:+31612345678\"",
        "null",
        "3.5",
        "{\"object\": {\"entry\": [{\"changes\": []}]}}"
      })
  void shouldAcceptAnyJsonValueBecauseTheValueIsTheOriginalBytes(String json) throws Exception {
    // Given
    JsonNode value = Json.MAPPER.readTree(json);

    // When
    var errors = JsonSchemas.validate(DLQ, value);

    // Then
    assertThat(errors).isEmpty();
  }

  @Test
  void shouldPutNoAssertionOnTheValue() {
    // Given
    JsonNode schema = JsonSchemas.raw(DLQ);

    // When
    List<String> keywords = new ArrayList<>();
    schema.fieldNames().forEachRemaining(keywords::add);

    // Then
    assertThat(keywords)
        .containsExactlyInAnyOrder("$schema", "$id", "title", "description", "$comment", "$defs");
  }

  @Test
  void shouldCarryOriginalKeyAndValueBytesOnTheTopic() {
    // Given
    Topic<byte[], byte[]> dlq = Topics.DLQ;

    // When
    String schema = dlq.schema();

    // Then
    assertThat(schema).isEqualTo(DLQ);
    assertThat(dlq.keySerde().getClass()).isEqualTo(Serdes.ByteArray().getClass());
    assertThat(dlq.valueSerde().getClass()).isEqualTo(Serdes.ByteArray().getClass());
  }

  @Test
  void shouldDocumentExactlyTheDeadLetterHeaders() {
    // Given
    JsonNode headers = JsonSchemas.raw(DLQ).at("/$defs/headers/properties");

    // When
    List<String> documented = new ArrayList<>();
    headers.fieldNames().forEachRemaining(documented::add);

    // Then
    assertThat(documented).containsExactlyInAnyOrderElementsOf(DeadLetterHeaders.ALL);
  }

  @Test
  void shouldNameTheHeadersAsKafkaStreamsDeadLetterQueueDoes() {
    // Given
    Set<String> streams =
        Set.of(
            ExceptionHandlerUtils.HEADER_ERRORS_EXCEPTION_NAME,
            ExceptionHandlerUtils.HEADER_ERRORS_EXCEPTION_MESSAGE_NAME,
            ExceptionHandlerUtils.HEADER_ERRORS_STACKTRACE_NAME,
            ExceptionHandlerUtils.HEADER_ERRORS_TOPIC_NAME,
            ExceptionHandlerUtils.HEADER_ERRORS_PARTITION_NAME,
            ExceptionHandlerUtils.HEADER_ERRORS_OFFSET_NAME);

    // When
    List<String> ours = DeadLetterHeaders.ALL;

    // Then
    assertThat(ours).containsExactlyInAnyOrderElementsOf(streams);
    assertThat(DeadLetterHeaders.EXCEPTION)
        .isEqualTo(ExceptionHandlerUtils.HEADER_ERRORS_EXCEPTION_NAME);
    assertThat(DeadLetterHeaders.MESSAGE)
        .isEqualTo(ExceptionHandlerUtils.HEADER_ERRORS_EXCEPTION_MESSAGE_NAME);
    assertThat(DeadLetterHeaders.TOPIC).isEqualTo(ExceptionHandlerUtils.HEADER_ERRORS_TOPIC_NAME);
    assertThat(DeadLetterHeaders.PARTITION)
        .isEqualTo(ExceptionHandlerUtils.HEADER_ERRORS_PARTITION_NAME);
    assertThat(DeadLetterHeaders.OFFSET).isEqualTo(ExceptionHandlerUtils.HEADER_ERRORS_OFFSET_NAME);
  }
}
