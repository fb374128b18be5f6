package io.wagate.ingress.meta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wagate.ingress.UnparseablePayloadException;
import io.wagate.ingress.publish.WebhookRecord;
import io.wagate.schemas.Topics;
import io.wagate.schemas.events.InboundMessage;
import io.wagate.schemas.events.StatusCallback;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Who Meta's messages, statuses and preferences are about, and what they say. */
class ConversationChangesTest {

  private static final Instant RECEIVED = Instant.parse("2026-11-22T10:00:00Z");
  private static final String BUSINESS = "+15550783881";
  private static final String BSUID = "BR.1502576394655843";

  private final MetaPayloadMapper mapper = new MetaPayloadMapper();

  @ParameterizedTest
  @ValueSource(strings = {"558299990001", "5582999990001"})
  void shouldKeyABrazilianMobileByItsThirteenDigitFormWhicheverIdWhatsAppSends(String waId)
      throws Exception {
    // Given a STOP from an account created before Brazil's ninth digit, or after it
    byte[] body =
        messages(
            """
            "contacts":[{"profile":{"name":"Joana"},"wa_id":"%s"}],
            "messages":[{"from":"%s","id":"wamid.BR1","timestamp":"1795340000","type":"text",
             "text":{"body":"STOP"}}]"""
                .formatted(waId, waId));

    // When
    List<WebhookRecord<?, ?>> records = mapper.map(body, RECEIVED);

    // Then
    assertThat(records)
        .singleElement()
        .satisfies(
            record -> {
              assertThat(record.topic()).isEqualTo(Topics.INBOUND);
              assertThat(record.key()).isEqualTo(BUSINESS + "|+5582999990001");
              InboundMessage inbound = (InboundMessage) record.value();
              assertThat(inbound.contact()).isEqualTo("+5582999990001");
              assertThat(inbound.profileName()).isEqualTo("Joana");
              assertThat(inbound.text()).isEqualTo("STOP");
            });
  }

  @Test
  void shouldKeyByThePhoneNumberAndLinkTheUserIdWhenAMessageCarriesBoth() throws Exception {
    // Given
    byte[] body =
        messages(
            """
            "contacts":[{"profile":{"name":"Joana","username":"@joana"},"wa_id":"5582999990001",
             "user_id":"%s","parent_user_id":"BR.ENT.11815799212886844830"}],
            "messages":[{"from":"5582999990001","from_user_id":"%s","id":"wamid.L1",
             "timestamp":"1795340000","type":"text","text":{"body":"oi"}}]"""
                .formatted(BSUID, BSUID));

    // When
    InboundMessage inbound = (InboundMessage) mapper.map(body, RECEIVED).get(0).value();

    // Then
    assertThat(inbound.contact()).isEqualTo("+5582999990001");
    assertThat(inbound.userId()).isEqualTo(BSUID);
    assertThat(inbound.profileName()).isEqualTo("Joana");
  }

  @Test
  void shouldLinkTheUserIdOfTheContactsEntryWhenTheMessageNamesOnlyThePhone() throws Exception {
    // Given the form of Meta's webhooks since April 2026: user_id only in contacts[]
    byte[] body =
        messages(
            """
            "contacts":[{"profile":{"name":"Joana"},"wa_id":"5582999990001","user_id":"%s"}],
            "messages":[{"from":"5582999990001","id":"wamid.L2","timestamp":"1795340000",
             "type":"text","text":{"body":"oi"}}]"""
                .formatted(BSUID));

    // When
    WebhookRecord<?, ?> record = mapper.map(body, RECEIVED).get(0);

    // Then
    assertThat(record.key()).isEqualTo(BUSINESS + "|+5582999990001");
    assertThat(((InboundMessage) record.value()).userId()).isEqualTo(BSUID);
  }

  @Test
  void shouldKeyByThePhoneOfTheContactsEntryWhenTheMessageNamesOnlyTheUserId() throws Exception {
    // Given a user who switched to a username: the message has from_user_id, contacts[] the number
    byte[] body =
        messages(
            """
            "contacts":[{"profile":{"name":"Joana"},"wa_id":"558299990001","user_id":"%s"}],
            "messages":[{"from_user_id":"%s","id":"wamid.L3","timestamp":"1795340000",
             "type":"text","text":{"body":"oi"}}]"""
                .formatted(BSUID, BSUID));

    // When
    WebhookRecord<?, ?> record = mapper.map(body, RECEIVED).get(0);

    // Then the conversation stays the number's
    assertThat(record.key()).isEqualTo(BUSINESS + "|+5582999990001");
    assertThat(((InboundMessage) record.value()).userId()).isEqualTo(BSUID);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"user.4f3a9c0d12e8b7a6", "US.13491208655302741918", "US.ENT.11815799212886844830"})
  void shouldKeyByTheUserIdVerbatimWhenNoPartOfTheChangeHasANumber(String userId) throws Exception {
    // Given
    byte[] body =
        messages(
            """
            "contacts":[{"profile":{"name":"Sam","username":"@sam"},"user_id":"%s"}],
            "messages":[{"from_user_id":"%s","id":"wamid.U1","timestamp":"1795340000",
             "type":"text","text":{"body":"hi"}}]"""
                .formatted(userId, userId));

    // When
    WebhookRecord<?, ?> record = mapper.map(body, RECEIVED).get(0);

    // Then
    InboundMessage inbound = (InboundMessage) record.value();
    assertThat(record.key()).isEqualTo(BUSINESS + "|" + userId);
    assertThat(inbound.contact()).isEqualTo(userId);
    assertThat(inbound.userId()).isEqualTo(userId);
    assertThat(inbound.profileName()).isEqualTo("Sam");
  }

  @Test
  void shouldLinkTheRecipientsUserIdOnAStatus() throws Exception {
    // Given
    byte[] body =
        messages(
            """
            "contacts":[{"wa_id":"5582999990001","user_id":"%s"}],
            "statuses":[{"id":"wamid.S1","status":"delivered","timestamp":"1795340000",
             "recipient_id":"558299990001","recipient_user_id":"%s"}]"""
                .formatted(BSUID, BSUID));

    // When
    WebhookRecord<?, ?> record = mapper.map(body, RECEIVED).get(0);

    // Then
    StatusCallback status = (StatusCallback) record.value();
    assertThat(record.key()).isEqualTo(BUSINESS + "|+5582999990001");
    assertThat(status.userId()).isEqualTo(BSUID);
    assertThat(status.status()).isEqualTo("delivered");
  }

  @ParameterizedTest
  @ValueSource(strings = {"wa_id", "new_wa_id"})
  void shouldKeyANumberChangeByTheOldNumberAndCarryTheNewOne(String field) throws Exception {
    // Given Meta's system message (wa_id today, new_wa_id in older API versions); no contacts[]
    byte[] body =
        messages(
            """
            "messages":[{"from":"558299990001","id":"wamid.SYS1","timestamp":"1795340000",
             "type":"system","system":{"body":"User Joana changed from 558299990001 to 5582988880002",
             "%s":"5582988880002","type":"user_changed_number"}}]"""
                .formatted(field));

    // When
    WebhookRecord<?, ?> record = mapper.map(body, RECEIVED).get(0);

    // Then
    InboundMessage inbound = (InboundMessage) record.value();
    assertThat(record.key()).isEqualTo(BUSINESS + "|+5582999990001");
    assertThat(inbound.type()).isEqualTo("system");
    assertThat(inbound.text()).isEqualTo("user_changed_number");
    assertThat(inbound.newContact()).isEqualTo("+5582988880002");
  }

  @Test
  void shouldKeepTheTypeAsTextOfOtherSystemMessagesWithoutANewContact() throws Exception {
    // Given
    byte[] body =
        messages(
            """
            "contacts":[{"profile":{"name":"Joana"},"wa_id":"5582999990001"}],
            "messages":[{"from":"5582999990001","id":"wamid.SYS2","timestamp":"1795340000",
             "type":"system","identity":{"acknowledged":true,"created_timestamp":"1795340000",
             "hash":"a1b2c3"},"system":{"body":"User identity changed",
             "type":"customer_identity_changed"}}]""");

    // When
    InboundMessage inbound = (InboundMessage) mapper.map(body, RECEIVED).get(0).value();

    // Then
    assertThat(inbound.text()).isEqualTo("customer_identity_changed");
    assertThat(inbound.newContact()).isNull();
  }

  @Test
  void shouldRefuseANumberChangeWhoseNewNumberIsNotAContactWithoutNamingIt() {
    // Given
    byte[] body =
        messages(
            """
            "messages":[{"from":"558299990001","id":"wamid.SYS3","timestamp":"1795340000",
             "type":"system","system":{"wa_id":"12","type":"user_changed_number"}}]""");

    // When / Then
    assertThatThrownBy(() -> mapper.map(body, RECEIVED))
        .isInstanceOf(UnparseablePayloadException.class)
        .hasMessageStartingWith(
            "entry[0].changes[0].value.messages[0].system.wa_id is not a contact")
        .hasMessageNotContaining("12 ");
  }

  @ParameterizedTest
  @ValueSource(strings = {"signup", "SIGNUP", "stop", "resume"})
  void shouldPublishEveryMarketingPreferenceInLowerCase(String value) throws Exception {
    // Given
    byte[] body =
        bytes(
            """
            {"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{
             "field":"user_preferences","value":{"messaging_product":"whatsapp",
             "metadata":{"display_phone_number":"15550783881","phone_number_id":"106540352242922"},
             "contacts":[{"profile":{"name":"Joana"},"wa_id":"558299990001","user_id":"%s"}],
             "user_preferences":[{"wa_id":"558299990001","detail":"User signed up via signup link",
              "category":"marketing_messages","value":"%s","signup_id":"13176843987434774",
              "timestamp":1795340000}]}}]}]}
            """
                .formatted(BSUID, value));

    // When
    List<WebhookRecord<?, ?>> records = mapper.map(body, RECEIVED);

    // Then
    assertThat(records)
        .singleElement()
        .satisfies(
            record -> {
              InboundMessage inbound = (InboundMessage) record.value();
              assertThat(record.key()).isEqualTo(BUSINESS + "|+5582999990001");
              assertThat(inbound.type()).isEqualTo("user_preferences");
              assertThat(inbound.text()).isEqualTo(value.toLowerCase(java.util.Locale.ROOT));
              assertThat(inbound.userId()).isEqualTo(BSUID);
              assertThat(inbound.occurredAt()).isEqualTo(Instant.ofEpochSecond(1795340000));
            });
  }

  private static byte[] messages(String value) {
    return bytes(
        """
        {"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{
         "field":"messages","value":{"messaging_product":"whatsapp",
         "metadata":{"display_phone_number":"15550783881","phone_number_id":"106540352242922"},
         %s}}]}]}
        """
            .formatted(value));
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
