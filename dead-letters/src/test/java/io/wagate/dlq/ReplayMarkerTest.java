package io.wagate.dlq;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.wagate.schemas.Json;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

class ReplayMarkerTest {

  @Test
  void shouldGoToThePartitionOfTheDeadLetterItMarksNamingItInKeyAndHeader() throws Exception {
    // Given
    ReplayMarker marker =
        new ReplayMarker(
            new Position(2, 17), Letters.AT, List.of("wa.inbound"), 1, "wagate-ingress.jar");

    // When
    ProducerRecord<byte[], byte[]> record = marker.toProducerRecord();

    // Then
    assertThat(record.topic()).isEqualTo("wa.dlq");
    assertThat(record.partition()).isEqualTo(2);
    assertThat(Letters.text(record.key())).isEqualTo("wa.dlq-2@17");
    assertThat(Letters.text(record.headers().lastHeader(ReplayHeaders.MARKER).value()))
        .isEqualTo("wa.dlq-2@17");
    JsonNode value = Json.MAPPER.readTree(record.value());
    assertThat(value.path("replayedAt").asText()).isEqualTo("2026-11-22T09:30:00Z");
    assertThat(value.path("topics").toString()).isEqualTo("[\"wa.inbound\"]");
    assertThat(value.path("records").asInt()).isEqualTo(1);
    assertThat(value.path("by").asText()).isEqualTo("wagate-ingress.jar");
  }
}
