package io.wagate.ingress.meta;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.wagate.ingress.Fixtures;
import io.wagate.ingress.publish.DeadLetters;
import io.wagate.ingress.publish.WebhookRecord;
import io.wagate.schemas.Json;
import io.wagate.schemas.Topics;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@code WAGATE_META_IGNORED_FIELDS}: a field the ingress is told not to map is dead-lettered. */
class MetaIgnoredFieldsTest {

  private static final Instant RECEIVED = Instant.parse("2026-11-22T09:31:05Z");

  /** One text message, shaped as Meta's documentation shows it; the numbers are made up. */
  private static final byte[] TEXT_MESSAGE = Fixtures.bytes("meta/text-message.json");

  @Test
  void shouldDeadLetterTheChangesOfAnIgnoredFieldAsUnsupportedWithTheWholeChange()
      throws Exception {
    // Given
    MetaPayloadMapper mapper = new MetaPayloadMapper(Set.of("messages"));

    // When
    List<WebhookRecord<?, ?>> records = mapper.map(TEXT_MESSAGE, RECEIVED);

    // Then
    assertThat(records).hasSize(1);
    WebhookRecord<?, ?> dead = records.get(0);
    assertThat(dead.topic()).isEqualTo(Topics.DLQ);
    assertThat(dead.headers())
        .containsEntry(DeadLetters.REASON, DeadLetters.UNSUPPORTED_FIELD)
        .containsEntry(DeadLetters.FIELD, "messages")
        .containsEntry(DeadLetters.RECEIVED_AT, RECEIVED.toString());
    assertThat(dead.headers().get(DeadLetters.MESSAGE)).contains("WAGATE_META_IGNORED_FIELDS");
    JsonNode body = Json.MAPPER.readTree((byte[]) dead.value());
    assertThat(body.at("/entry/0/changes/0/value/messages/0/id").asText())
        .isEqualTo("wamid.IGNORED1");
  }

  @Test
  void shouldMapTheSameBodyWhenTheFieldIsNoLongerIgnored() throws Exception {
    // Given
    MetaPayloadMapper mapper = new MetaPayloadMapper(Set.of("user_preferences"));

    // When
    List<WebhookRecord<?, ?>> records = mapper.map(TEXT_MESSAGE, RECEIVED);

    // Then
    assertThat(records).hasSize(1);
    assertThat(records.get(0).topic()).isEqualTo(Topics.INBOUND);
    assertThat(records.get(0).key()).isEqualTo("+31201234567|+31687654321");
  }
}
