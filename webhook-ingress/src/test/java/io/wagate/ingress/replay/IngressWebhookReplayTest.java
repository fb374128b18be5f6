package io.wagate.ingress.replay;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.wagate.dlq.DeadLetter;
import io.wagate.dlq.Origin;
import io.wagate.dlq.Position;
import io.wagate.dlq.WebhookReplay;
import io.wagate.ingress.Fixtures;
import io.wagate.ingress.meta.MetaPayloadMapper;
import io.wagate.ingress.publish.DeadLetters;
import io.wagate.ingress.publish.WebhookRecord;
import io.wagate.schemas.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

class IngressWebhookReplayTest {

  private static final Instant RECEIVED = Instant.parse("2026-11-22T09:31:05.123456Z");

  @Test
  void shouldMapAMetaChangeTheIngressNoLongerIgnores() throws Exception {
    // Given
    DeadLetter letter = metaDeadLetter(Set.of("messages"));

    // When
    WebhookReplay.Result result = new IngressWebhookReplay(Set.of()).replay(letter, origin(letter));

    // Then
    List<ProducerRecord<byte[], byte[]>> records = ((WebhookReplay.Mapped) result).records();
    assertThat(records).hasSize(1);
    ProducerRecord<byte[], byte[]> record = records.get(0);
    assertThat(record.topic()).isEqualTo("wa.inbound");
    assertThat(new String(record.key(), UTF_8)).isEqualTo("+31201234567|+31687654321");
    JsonNode value = Json.MAPPER.readTree(record.value());
    assertThat(value.path("providerMessageId").asText()).isEqualTo("wamid.IGNORED1");
    assertThat(value.path("text").asText()).isEqualTo("Hello");
  }

  @Test
  void shouldRefuseAMetaChangeTheIngressStillIgnoresAndPublishNothingOfIt() throws Exception {
    // Given
    DeadLetter letter = metaDeadLetter(Set.of("messages"));

    // When
    WebhookReplay.Result result =
        new IngressWebhookReplay(Set.of("messages")).replay(letter, origin(letter));

    // Then
    assertThat(result)
        .isEqualTo(
            new WebhookReplay.Refused(
                "the ingress still dead-letters it (unsupported-field messages)"));
  }

  @Test
  void shouldMapATwilioStatusWithTheRequestIdOfItsQueryAndTheOriginalReceiveTime()
      throws Exception {
    // Given
    byte[] form = Fixtures.bytes("twilio/status-failed.form");
    DeadLetter letter =
        webhookDeadLetter(
            form,
            Map.of(
                DeadLetters.REASON, DeadLetters.UNPARSEABLE,
                DeadLetters.SOURCE, "POST /webhooks/twilio/status",
                DeadLetters.PROVIDER, "TWILIO",
                DeadLetters.QUERY, "requestId=crm%2D7f3a&x=1",
                DeadLetters.RECEIVED_AT, RECEIVED.toString()));

    // When
    WebhookReplay.Result result = new IngressWebhookReplay(Set.of()).replay(letter, origin(letter));

    // Then
    ProducerRecord<byte[], byte[]> record = ((WebhookReplay.Mapped) result).records().get(0);
    assertThat(record.topic()).isEqualTo("wa.status.callbacks");
    JsonNode value = Json.MAPPER.readTree(record.value());
    assertThat(value.path("requestId").asText()).isEqualTo("crm-7f3a");
    assertThat(value.path("occurredAt").asText()).isEqualTo("2026-11-22T09:31:05.123Z");
    assertThat(record.timestamp())
        .isEqualTo(Instant.parse("2026-11-22T09:31:05.123Z").toEpochMilli());
  }

  @Test
  void shouldRefuseABodyTheIngressStillCannotParse() {
    // Given
    DeadLetter letter =
        webhookDeadLetter(
            "{not json".getBytes(UTF_8),
            Map.of(
                DeadLetters.REASON, DeadLetters.UNPARSEABLE,
                DeadLetters.SOURCE, MetaPayloadMapper.SOURCE,
                DeadLetters.RECEIVED_AT, RECEIVED.toString()));

    // When
    WebhookReplay.Result result = new IngressWebhookReplay(Set.of()).replay(letter, origin(letter));

    // Then
    assertThat(((WebhookReplay.Refused) result).reason())
        .startsWith("the ingress still cannot parse it: body is not JSON");
  }

  @Test
  void shouldRefuseABodyFromAnEndpointTheIngressDoesNotHave() {
    // Given
    DeadLetter letter =
        webhookDeadLetter(
            "a=b".getBytes(UTF_8),
            Map.of(
                DeadLetters.REASON,
                DeadLetters.UNPARSEABLE,
                DeadLetters.SOURCE,
                "POST /webhooks/other"));

    // When
    WebhookReplay.Result result = new IngressWebhookReplay(Set.of()).replay(letter, origin(letter));

    // Then
    assertThat(result)
        .isEqualTo(new WebhookReplay.Refused("the ingress has no endpoint POST /webhooks/other"));
  }

  /** The dead letter the ingress wrote for the change when it ignored {@code ignored}. */
  private static DeadLetter metaDeadLetter(Set<String> ignored) throws Exception {
    List<WebhookRecord<?, ?>> written =
        new MetaPayloadMapper(ignored).map(Fixtures.bytes("meta/text-message.json"), RECEIVED);
    ProducerRecord<byte[], byte[]> record = written.get(0).toProducerRecord();
    List<String[]> headers = new ArrayList<>();
    record
        .headers()
        .forEach(h -> headers.add(new String[] {h.key(), new String(h.value(), UTF_8)}));
    return DeadLetter.of(new Position(0, 1), RECEIVED, record.key(), record.value(), headers);
  }

  private static DeadLetter webhookDeadLetter(byte[] body, Map<String, String> headers) {
    List<String[]> list = new ArrayList<>();
    headers.forEach((name, value) -> list.add(new String[] {name, value}));
    return DeadLetter.of(new Position(0, 1), RECEIVED, null, body, list);
  }

  private static Origin.Webhook origin(DeadLetter letter) {
    return (Origin.Webhook) Origin.of(letter);
  }
}
