package io.wagate.local.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.wagate.ingress.meta.MetaPayloadMapper;
import io.wagate.ingress.publish.WebhookRecord;
import io.wagate.schemas.events.InboundMessage;
import io.wagate.schemas.events.Provider;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class MetaWebhookTest {

  @Test
  void shouldBeReadByTheIngressAsOneInboundTextFromTheContact() throws Exception {
    // Given
    Instant sentAt = Instant.parse("2026-11-22T09:31:02Z");
    byte[] body =
        MetaWebhook.textMessage(
            "+31201234567", "+31612345678", "Anna", "wamid.demo-1", sentAt, "YES");

    // When
    List<WebhookRecord<?, ?>> records = new MetaPayloadMapper().map(body, sentAt.plusSeconds(1));

    // Then
    assertThat(records).hasSize(1);
    WebhookRecord<?, ?> record = records.get(0);
    assertThat(record.topic().name()).isEqualTo("wa.inbound");
    assertThat(record.key()).isEqualTo("+31201234567|+31612345678");
    assertThat(record.value())
        .isEqualTo(
            new InboundMessage(
                Provider.META,
                "wamid.demo-1",
                "+31201234567",
                "+31612345678",
                "Anna",
                "text",
                "YES",
                null,
                sentAt,
                null,
                null));
  }
}
