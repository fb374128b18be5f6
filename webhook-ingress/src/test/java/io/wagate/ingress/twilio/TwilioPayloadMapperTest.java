package io.wagate.ingress.twilio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wagate.ingress.Fixtures;
import io.wagate.ingress.UnparseablePayloadException;
import io.wagate.ingress.publish.WebhookRecord;
import io.wagate.schemas.Json;
import io.wagate.schemas.Topics;
import io.wagate.schemas.events.InboundMessage;
import io.wagate.schemas.events.Provider;
import io.wagate.schemas.events.StatusCallback;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

class TwilioPayloadMapperTest {

  private static final Instant RECEIVED = Instant.parse("2026-11-22T09:32:10.123Z");
  private static final String BUSINESS = "+31201234567";

  private final TwilioPayloadMapper mapper = new TwilioPayloadMapper();

  @Test
  void shouldMapAFailedStatusWithEmptyErrorMessage() throws Exception {
    // Given
    Map<String, List<String>> form = FormBody.parse(Fixtures.bytes("twilio/status-failed.form"));

    // When
    List<WebhookRecord<?, ?>> records = mapper.status(form, "crm-7f3a", RECEIVED);

    // Then
    assertThat(records)
        .containsExactly(
            WebhookRecord.of(
                Topics.STATUS_CALLBACKS,
                "+31201234567|+31612345678",
                new StatusCallback(
                    Provider.TWILIO,
                    "SM1f0e8ac6c1d64a7b9a4c3e2b1a0f9e8d",
                    "crm-7f3a",
                    BUSINESS,
                    "+31612345678",
                    "failed",
                    "63016",
                    "",
                    RECEIVED,
                    null),
                RECEIVED));
  }

  @Test
  void shouldWriteTheStatusInTheContractsJson() throws Exception {
    // Given
    Map<String, List<String>> form = FormBody.parse(Fixtures.bytes("twilio/status-failed.form"));

    // When
    ProducerRecord<byte[], byte[]> record =
        mapper.status(form, "crm-7f3a", RECEIVED).get(0).toProducerRecord();

    // Then
    assertThat(record.timestamp()).isEqualTo(RECEIVED.toEpochMilli());
    assertThat(Json.MAPPER.readTree(record.value()))
        .isEqualTo(
            Json.MAPPER.readTree(
                """
                {"provider":"TWILIO","providerMessageId":"SM1f0e8ac6c1d64a7b9a4c3e2b1a0f9e8d",
                 "requestId":"crm-7f3a","businessNumber":"+31201234567","contact":"+31612345678",
                 "status":"failed","errorCode":"63016","errorTitle":"",
                 "occurredAt":"2026-11-22T09:32:10.123Z","userId":null}
                """));
  }

  @Test
  void shouldLeaveRequestIdAbsentWhenTheCallbackUrlHadNone() throws Exception {
    // Given
    Map<String, List<String>> form =
        FormBody.parse(
            bytes(
                "MessageSid=SM1&MessageStatus=delivered&To=whatsapp%3A%2B31612345678"
                    + "&From=whatsapp%3A%2B31201234567"));

    // When
    List<WebhookRecord<?, ?>> records = mapper.status(form, null, RECEIVED);

    // Then
    assertThat(records.get(0).value())
        .isEqualTo(
            new StatusCallback(
                Provider.TWILIO,
                "SM1",
                null,
                BUSINESS,
                "+31612345678",
                "delivered",
                null,
                null,
                RECEIVED,
                null));
  }

  @Test
  void shouldMapAnInboundText() throws Exception {
    // Given
    Map<String, List<String>> form = FormBody.parse(Fixtures.bytes("twilio/inbound-text.form"));

    // When
    List<WebhookRecord<?, ?>> records = mapper.inbound(form, RECEIVED);

    // Then
    assertThat(records)
        .containsExactly(
            inbound(
                "+31612345678",
                "SM9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b4a",
                "René Jansen",
                "text",
                "Café at 10?",
                null));
  }

  @Test
  void shouldMapAQuickReplyButton() throws Exception {
    // Given
    Map<String, List<String>> form = FormBody.parse(Fixtures.bytes("twilio/inbound-button.form"));

    // When
    List<WebhookRecord<?, ?>> records = mapper.inbound(form, RECEIVED);

    // Then
    assertThat(records)
        .containsExactly(
            inbound(
                "+525512345678",
                "SM2b3c4d5e6f708192a3b4c5d6e7f80912",
                "Luis",
                "button",
                "Confirm",
                "CONFIRM_APPT"));
  }

  @Test
  void shouldMapMediaFromABusinessScopedUser() throws Exception {
    // Given
    Map<String, List<String>> form = FormBody.parse(Fixtures.bytes("twilio/inbound-image.form"));

    // When
    List<WebhookRecord<?, ?>> records = mapper.inbound(form, RECEIVED);

    // Then
    assertThat(records)
        .containsExactly(
            inbound(
                "US.13491208655302741918",
                "MM3c4d5e6f708192a3b4c5d6e7f8091a2b",
                "Sam",
                "image",
                "my receipt",
                null));
  }

  @Test
  void shouldTruncateTheReceiveTimeToMilliseconds() throws Exception {
    // Given
    Map<String, List<String>> form = FormBody.parse(Fixtures.bytes("twilio/inbound-text.form"));
    Instant withNanos = Instant.parse("2026-11-22T09:32:10.123456789Z");

    // When
    WebhookRecord<?, ?> record = mapper.inbound(form, withNanos).get(0);

    // Then
    assertThat(record.timestamp()).isEqualTo(RECEIVED);
    assertThat(((InboundMessage) record.value()).occurredAt()).isEqualTo(RECEIVED);
  }

  @Test
  void shouldRejectAnInboundWithoutSender() {
    // Given
    Map<String, List<String>> form =
        FormBody.parse(bytes("MessageSid=SM1&Body=hi&To=whatsapp%3A%2B31201234567"));

    // When / Then
    assertThatThrownBy(() -> mapper.inbound(form, RECEIVED))
        .isInstanceOf(UnparseablePayloadException.class)
        .hasMessage("From is missing");
  }

  @Test
  void shouldRejectAStatusWithoutStatus() {
    // Given
    Map<String, List<String>> form =
        FormBody.parse(
            bytes("MessageSid=SM1&To=whatsapp%3A%2B31612345678&From=whatsapp%3A%2B31201234567"));

    // When / Then
    assertThatThrownBy(() -> mapper.status(form, null, RECEIVED))
        .isInstanceOf(UnparseablePayloadException.class)
        .hasMessage("MessageStatus is missing");
  }

  private static WebhookRecord<String, InboundMessage> inbound(
      String contact, String sid, String profileName, String type, String text, String payload) {
    return WebhookRecord.of(
        Topics.INBOUND,
        BUSINESS + "|" + contact,
        new InboundMessage(
            Provider.TWILIO,
            sid,
            BUSINESS,
            contact,
            profileName,
            type,
            text,
            payload,
            RECEIVED,
            null,
            null),
        RECEIVED);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
