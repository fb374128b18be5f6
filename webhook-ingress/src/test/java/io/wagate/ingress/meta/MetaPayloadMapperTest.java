package io.wagate.ingress.meta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.wagate.ingress.Fixtures;
import io.wagate.ingress.UnparseablePayloadException;
import io.wagate.ingress.publish.DeadLetters;
import io.wagate.ingress.publish.WebhookRecord;
import io.wagate.schemas.Json;
import io.wagate.schemas.Topic;
import io.wagate.schemas.Topics;
import io.wagate.schemas.events.AccountEvent;
import io.wagate.schemas.events.InboundMessage;
import io.wagate.schemas.events.Provider;
import io.wagate.schemas.events.StatusCallback;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

class MetaPayloadMapperTest {

  private static final Instant RECEIVED = Instant.parse("2024-11-22T10:00:00Z");
  private static final String BUSINESS = "+31201234567";
  private static final String ANNA = "+31612345678";
  private static final String LUIS = "+525512345678";
  private static final String SAM = "US.13491208655302741918";

  private final MetaPayloadMapper mapper = new MetaPayloadMapper();

  @Test
  void shouldMapEveryEntryChangeMessageAndStatusOfABatch() throws Exception {
    // Given
    byte[] body = Fixtures.bytes("meta/batch.json");

    // When
    List<WebhookRecord<?, ?>> records = mapper.map(body, RECEIVED);

    // Then
    assertThat(records).hasSize(11);
    assertThat(records.subList(0, 9))
        .containsExactly(
            inbound(ANNA, "wamid.TEXT1", "Anna", "text", "YES", null, "2024-11-22T09:31:02Z"),
            inbound(
                ANNA,
                "wamid.BUTTON1",
                "Anna",
                "button",
                "Stop promotions",
                "STOP_PROMOTIONS",
                "2024-11-22T09:31:40Z"),
            inbound(
                LUIS,
                "wamid.LIST1",
                "Luis",
                "interactive",
                "Tuesday 10:00",
                "slot-tue-10",
                "2024-11-22T09:32:05Z"),
            inbound(
                LUIS,
                "wamid.REPLY1",
                "Luis",
                "interactive",
                "Confirm",
                "confirm",
                "2024-11-22T09:32:10Z"),
            record(
                Topics.INBOUND,
                SAM,
                new InboundMessage(
                    Provider.META,
                    "wamid.IMAGE1",
                    BUSINESS,
                    SAM,
                    "Sam",
                    "image",
                    "my receipt",
                    null,
                    Instant.parse("2024-11-22T09:33:00Z"),
                    SAM,
                    null)),
            status(ANNA, "wamid.OUT1", "crm-7f3a", "delivered", null, null, "2024-11-22T09:34:00Z"),
            status(
                LUIS,
                "wamid.OUT2",
                "crm-8b21",
                "failed",
                "131026",
                "Message undeliverable",
                "2024-11-22T09:35:00Z"),
            record(
                Topics.STATUS_CALLBACKS,
                SAM,
                new StatusCallback(
                    Provider.META,
                    "wamid.OUT3",
                    null,
                    BUSINESS,
                    SAM,
                    "read",
                    null,
                    null,
                    Instant.parse("2024-11-22T09:36:00Z"),
                    SAM)),
            inbound(ANNA, null, "Anna", "user_preferences", "stop", null, "2024-11-22T09:36:00Z"));
    AccountEvent template = (AccountEvent) records.get(9).value();
    assertThat(records.get(9).topic()).isEqualTo(Topics.ACCOUNT_EVENTS);
    assertThat(records.get(9).key()).isEqualTo("waba:102290129340398");
    assertThat(template.field()).isEqualTo("message_template_status_update");
    assertThat(template.event()).isEqualTo("APPROVED");
    assertThat(template.templateName()).isEqualTo("appointment_confirmation");
    assertThat(template.templateLanguage()).isEqualTo("en_US");
    assertThat(template.category()).isEqualTo("UTILITY");
    assertThat(template.occurredAt()).isEqualTo(Instant.parse("2024-11-22T09:40:00Z"));
    AccountEvent quality = (AccountEvent) records.get(10).value();
    assertThat(records.get(10).key()).isEqualTo(BUSINESS);
    assertThat(quality.event()).isEqualTo("FLAGGED");
    assertThat(quality.messagingLimit()).isEqualTo(10_000);
  }

  @Test
  void shouldDeadLetterAFieldMetaDoesNotDocumentAsAReplayableSingleChangeBody() throws Exception {
    // Given
    byte[] body =
        bytes(
            """
            {"object":"whatsapp_business_account","entry":[{"id":"102290129340398",
             "time":1732268400,"changes":[
              {"field":"some_future_field","value":{"display_phone_number":"31201234567"}},
              {"field":"business_capability_update",
               "value":{"max_daily_conversations_per_business":"TIER_2K"}}]}]}
            """);

    // When
    List<WebhookRecord<?, ?>> records = mapper.map(body, RECEIVED);

    // Then
    assertThat(records).hasSize(2);
    WebhookRecord<?, ?> deadLetter = records.get(0);
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put(DeadLetters.REASON, DeadLetters.UNSUPPORTED_FIELD);
    headers.put(
        DeadLetters.MESSAGE, "Meta change field some_future_field is not mapped to a wagate topic");
    headers.put(DeadLetters.SOURCE, "POST /webhooks/meta");
    headers.put(DeadLetters.PROVIDER, "META");
    headers.put(DeadLetters.FIELD, "some_future_field");
    headers.put(DeadLetters.RECEIVED_AT, "2024-11-22T10:00:00Z");
    assertThat(deadLetter.topic()).isEqualTo(Topics.DLQ);
    assertThat(deadLetter.key()).isNull();
    assertThat(deadLetter.timestamp()).isEqualTo(RECEIVED);
    assertThat(deadLetter.headers()).containsExactlyEntriesOf(headers);
    assertThat(json((byte[]) deadLetter.value()))
        .isEqualTo(
            Json.MAPPER.readTree(
                """
                {"object":"whatsapp_business_account","entry":[{"id":"102290129340398",
                 "time":1732268400,"changes":[{"field":"some_future_field",
                 "value":{"display_phone_number":"31201234567"}}]}]}
                """));
    assertThat(records.get(1).topic()).isEqualTo(Topics.ACCOUNT_EVENTS);
    assertThat(((AccountEvent) records.get(1).value()).messagingLimit()).isEqualTo(2000);
  }

  @Test
  void shouldWriteInboundRecordsInTheContractsJson() throws Exception {
    // Given
    WebhookRecord<?, ?> first = mapper.map(Fixtures.bytes("meta/batch.json"), RECEIVED).get(0);

    // When
    ProducerRecord<byte[], byte[]> record = first.toProducerRecord();

    // Then
    assertThat(record.topic()).isEqualTo("wa.inbound");
    assertThat(new String(record.key(), StandardCharsets.UTF_8))
        .isEqualTo("+31201234567|+31612345678");
    assertThat(record.timestamp()).isEqualTo(RECEIVED.toEpochMilli());
    assertThat(json(record.value()))
        .isEqualTo(
            Json.MAPPER.readTree(
                """
                {"provider":"META","providerMessageId":"wamid.TEXT1",
                 "businessNumber":"+31201234567","contact":"+31612345678","profileName":"Anna",
                 "type":"text","text":"YES","buttonPayload":null,
                 "occurredAt":"2024-11-22T09:31:02Z","userId":null,"newContact":null}
                """));
  }

  @Test
  void shouldWriteStatusRecordsInTheContractsJson() throws Exception {
    // Given
    WebhookRecord<?, ?> failed = mapper.map(Fixtures.bytes("meta/batch.json"), RECEIVED).get(6);

    // When
    ProducerRecord<byte[], byte[]> record = failed.toProducerRecord();

    // Then
    assertThat(record.topic()).isEqualTo("wa.status.callbacks");
    assertThat(new String(record.key(), StandardCharsets.UTF_8))
        .isEqualTo("+31201234567|+525512345678");
    assertThat(json(record.value()))
        .isEqualTo(
            Json.MAPPER.readTree(
                """
                {"provider":"META","providerMessageId":"wamid.OUT2","requestId":"crm-8b21",
                 "businessNumber":"+31201234567","contact":"+525512345678","status":"failed",
                 "errorCode":"131026","errorTitle":"Message undeliverable",
                 "occurredAt":"2024-11-22T09:35:00Z","userId":null}
                """));
  }

  @Test
  void shouldDecodeEscapedUnicodeInTheSignedFixture() throws Exception {
    // Given
    byte[] body = Fixtures.bytes("meta/unicode-escaped.json");

    // When
    List<WebhookRecord<?, ?>> records = mapper.map(body, RECEIVED);

    // Then
    assertThat(records)
        .containsExactly(
            inbound(
                ANNA,
                "wamid.UNICODE1",
                "René",
                "text",
                "Café at 10? \uD83D\uDE00",
                null,
                "2024-11-22T09:31:02Z"));
  }

  @Test
  void shouldAcceptAMetaTestLineAsBusinessNumber() throws Exception {
    // Given: Meta's test numbers are +1 555 lines, which no numbering plan knows
    byte[] body =
        bytes(
            """
            {"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages",
             "value":{"metadata":{"display_phone_number":"15550783881"},
              "messages":[{"from":"31612345678","id":"wamid.X","timestamp":"1732267862","type":"text",
               "text":{"body":"hi"}}]}}]}]}
            """);

    // When
    List<WebhookRecord<?, ?>> records = mapper.map(body, RECEIVED);

    // Then
    assertThat(records).hasSize(1);
    assertThat(records.get(0).key()).isEqualTo("+15550783881|+31612345678");
  }

  @Test
  void shouldStampEveryRecordWithTheReceiveTimeAndKeepTheProvidersTimeInTheValue()
      throws Exception {
    // Given a body whose provider time is two years before it arrived (a replayed dead letter)
    Instant received = Instant.parse("2026-11-22T09:30:00Z");
    byte[] body = Fixtures.bytes("meta/batch.json");

    // When
    List<WebhookRecord<?, ?>> records = mapper.map(body, received);

    // Then
    assertThat(records).isNotEmpty().allSatisfy(r -> assertThat(r.timestamp()).isEqualTo(received));
    assertThat(((InboundMessage) records.get(0).value()).occurredAt())
        .isEqualTo(Instant.parse("2024-11-22T09:31:02Z"));
  }

  @Test
  void shouldStampARecordWithTheReceiveTimeAlsoWhenTheProviderClockIsAhead() throws Exception {
    // Given a provider clock ahead of ours: brokers refuse records stamped far in the future
    Instant received = Instant.parse("2024-11-22T09:30:00Z");
    byte[] body = Fixtures.bytes("meta/unicode-escaped.json");

    // When
    WebhookRecord<?, ?> record = mapper.map(body, received).get(0);

    // Then
    assertThat(record.timestamp()).isEqualTo(received);
    assertThat(((InboundMessage) record.value()).occurredAt())
        .isEqualTo(Instant.parse("2024-11-22T09:31:02Z"));
  }

  @Test
  void shouldPublishEveryTemplateStatusEventToTheAccountEventsAndNothingToTheTemplates()
      throws Exception {
    // Given
    byte[] body =
        bytes(
            """
            {"object":"whatsapp_business_account","entry":[{"id":"1","time":1732268400,"changes":[
              {"field":"message_template_status_update","value":{"event":"FLAGGED",
               "message_template_id":1,"message_template_name":"promo","message_template_language":"nl"}},
              {"field":"message_template_status_update","value":{"event":"PAUSED",
               "message_template_id":2,"message_template_name":"promo2","message_template_language":"nl",
               "reason":"NONE","other_info":{"title":"FIRST_PAUSE","description":"paused for 3 hours"}}}
            ]}]}
            """);

    // When
    List<WebhookRecord<?, ?>> records = mapper.map(body, RECEIVED);

    // Then
    assertThat(records)
        .extracting(r -> r.topic().name())
        .containsExactly("wa.account-events", "wa.account-events");
    AccountEvent flagged = (AccountEvent) records.get(0).value();
    AccountEvent paused = (AccountEvent) records.get(1).value();
    assertThat(flagged.event()).isEqualTo("FLAGGED");
    assertThat(flagged.templateId()).isEqualTo("1");
    assertThat(paused.event()).isEqualTo("PAUSED");
    assertThat(paused.templateName()).isEqualTo("promo2");
    assertThat(paused.reason()).isEqualTo("FIRST_PAUSE");
    assertThat(records.get(1).key()).isEqualTo("waba:1");
  }

  @Test
  void shouldPublishValueLevelErrorsAsAnAccountEventWithTheErrorCodeAsReason() throws Exception {
    // Given
    byte[] body =
        bytes(
            """
            {"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages",
             "value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"31201234567"},
              "errors":[{"code":131000,"title":"Something went wrong"}]}}]}]}
            """);

    // When
    List<WebhookRecord<?, ?>> records = mapper.map(body, RECEIVED);

    // Then
    assertThat(records).hasSize(1);
    assertThat(records.get(0).topic()).isEqualTo(Topics.ACCOUNT_EVENTS);
    assertThat(records.get(0).key()).isEqualTo(BUSINESS);
    AccountEvent event = (AccountEvent) records.get(0).value();
    assertThat(event.field()).isEqualTo("messages");
    assertThat(event.reason()).isEqualTo("131000");
    assertThat(event.occurredAt()).isEqualTo(RECEIVED);
  }

  @Test
  void shouldDeadLetterStatusesOfGroupMessagesAndMapTheRest() throws Exception {
    // Given
    byte[] body =
        bytes(
            """
            {"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages",
             "value":{"metadata":{"display_phone_number":"31201234567"},"statuses":[
              {"id":"wamid.G","status":"read","timestamp":"1732267862","recipient_id":"120363012345678901",
               "recipient_type":"group","recipient_participant_id":"31612345678"},
              {"id":"wamid.P","status":"read","timestamp":"1732267862","recipient_id":"31612345678"}]}}]}]}
            """);

    // When
    List<WebhookRecord<?, ?>> records = mapper.map(body, RECEIVED);

    // Then
    assertThat(records)
        .extracting(r -> r.topic().name())
        .containsExactly("wa.status.callbacks", "wa.dlq");
    assertThat(records.get(1).headers())
        .containsEntry(DeadLetters.REASON, DeadLetters.UNSUPPORTED_CONTENT);
  }

  @Test
  void shouldMapAnEmptyBatchToNoRecords() throws Exception {
    // Given
    byte[] body = bytes("{\"object\":\"whatsapp_business_account\",\"entry\":[]}");

    // When
    List<WebhookRecord<?, ?>> records = mapper.map(body, RECEIVED);

    // Then
    assertThat(records).isEmpty();
  }

  @Test
  void shouldRejectABodyThatIsNotJson() {
    // Given
    byte[] body = bytes("{\"object\":\"whatsapp_business_account\",\"entry\":[");

    // When / Then
    assertThatThrownBy(() -> mapper.map(body, RECEIVED))
        .isInstanceOf(UnparseablePayloadException.class)
        .hasMessageStartingWith("body is not JSON");
  }

  @Test
  void shouldRejectABodyOfTheWrongShape() {
    // Given
    byte[] body = bytes("{\"object\":\"whatsapp_business_account\",\"entry\":{}}");

    // When / Then
    assertThatThrownBy(() -> mapper.map(body, RECEIVED))
        .isInstanceOf(UnparseablePayloadException.class)
        .hasMessage("entry is not an array");
  }

  @Test
  void shouldRejectAnotherWebhookObject() {
    // Given
    byte[] body = bytes("{\"object\":\"page\",\"entry\":[]}");

    // When / Then
    assertThatThrownBy(() -> mapper.map(body, RECEIVED))
        .isInstanceOf(UnparseablePayloadException.class)
        .hasMessage("object is not whatsapp_business_account");
  }

  @Test
  void shouldRejectASenderThatIsNotAContactWithoutNamingIt() {
    // Given
    byte[] body =
        bytes(
            """
            {"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages",
             "value":{"metadata":{"display_phone_number":"31201234567"},
              "messages":[{"from":"not-a-number","id":"wamid.X","timestamp":"1732267862","type":"text",
               "text":{"body":"hi"}}]}}]}]}
            """);

    // When / Then
    assertThatThrownBy(() -> mapper.map(body, RECEIVED))
        .isInstanceOf(UnparseablePayloadException.class)
        .hasMessageStartingWith("entry[0].changes[0].value.messages[0].from is not a contact")
        .hasMessageNotContaining("not-a-number");
  }

  @Test
  void shouldNameTheSenderFromTheProfileWhoseWaIdIsTheSameNumberWrittenDifferently()
      throws Exception {
    // Given
    byte[] body =
        bytes(
            """
            {"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages",
             "value":{"metadata":{"display_phone_number":"31201234567"},
              "contacts":[{"profile":{"name":"Luis"},"wa_id":"5215512345678"},
               {"profile":{"name":"Anna"},"wa_id":"+31 6 12345678"}],
              "messages":[{"from":"31612345678","id":"wamid.X","timestamp":"1732267862",
               "type":"text","text":{"body":"hi"}},
               {"from":"5215512345678","id":"wamid.Y","timestamp":"1732267862",
               "type":"text","text":{"body":"hola"}},
               {"from":"4915112345678","id":"wamid.Z","timestamp":"1732267862",
               "type":"text","text":{"body":"hallo"}}]}}]}]}
            """);

    // When
    List<WebhookRecord<?, ?>> records = mapper.map(body, RECEIVED);

    // Then
    assertThat(records)
        .extracting(record -> ((InboundMessage) record.value()).profileName())
        .containsExactly("Anna", "Luis", null);
  }

  @Test
  void shouldRejectAMessageWithoutTimestamp() {
    // Given
    byte[] body =
        bytes(
            """
            {"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages",
             "value":{"metadata":{"display_phone_number":"31201234567"},
              "messages":[{"from":"31612345678","id":"wamid.X","type":"text","text":{"body":"hi"}}]}}]}]}
            """);

    // When / Then
    assertThatThrownBy(() -> mapper.map(body, RECEIVED))
        .isInstanceOf(UnparseablePayloadException.class)
        .hasMessage("entry[0].changes[0].value.messages[0].timestamp is missing");
  }

  @Test
  void shouldRejectAMessagesChangeWithoutBusinessNumber() {
    // Given
    byte[] body =
        bytes(
            """
            {"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages",
             "value":{"statuses":[{"id":"wamid.X","status":"sent","timestamp":"1732267862",
              "recipient_id":"31612345678"}]}}]}]}
            """);

    // When / Then
    assertThatThrownBy(() -> mapper.map(body, RECEIVED))
        .isInstanceOf(UnparseablePayloadException.class)
        .hasMessage("entry[0].changes[0].value.metadata.display_phone_number is missing");
  }

  private static WebhookRecord<String, InboundMessage> inbound(
      String contact,
      String id,
      String profileName,
      String type,
      String text,
      String payload,
      String at) {
    Instant occurredAt = Instant.parse(at);
    return WebhookRecord.of(
        Topics.INBOUND,
        BUSINESS + "|" + contact,
        new InboundMessage(
            Provider.META,
            id,
            BUSINESS,
            contact,
            profileName,
            type,
            text,
            payload,
            occurredAt,
            null,
            null),
        RECEIVED);
  }

  private static <V> WebhookRecord<String, V> record(
      Topic<String, V> topic, String contact, V value) {
    return WebhookRecord.of(topic, BUSINESS + "|" + contact, value, RECEIVED);
  }

  private static WebhookRecord<String, StatusCallback> status(
      String contact,
      String id,
      String requestId,
      String status,
      String errorCode,
      String errorTitle,
      String at) {
    Instant occurredAt = Instant.parse(at);
    return WebhookRecord.of(
        Topics.STATUS_CALLBACKS,
        BUSINESS + "|" + contact,
        new StatusCallback(
            Provider.META,
            id,
            requestId,
            BUSINESS,
            contact,
            status,
            errorCode,
            errorTitle,
            occurredAt,
            null),
        RECEIVED);
  }

  private static JsonNode json(byte[] bytes) throws Exception {
    return Json.MAPPER.readTree(bytes);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
