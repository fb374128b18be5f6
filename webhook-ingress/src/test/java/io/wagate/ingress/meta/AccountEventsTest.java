package io.wagate.ingress.meta;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.wagate.schemas.Json;
import io.wagate.schemas.events.AccountEvent;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What wagate reads out of Meta's account-level changes. */
class AccountEventsTest {

  private static final Instant RECEIVED = Instant.parse("2026-11-22T10:00:00Z");

  @ParameterizedTest(name = "[{index}] {0} is {1}")
  @CsvSource(
      nullValues = "-",
      value = {
        "'\"TIER_50\"', 50",
        "'\"TIER_250\"', 250",
        "'\"TIER_1K\"', 1000",
        "'\"TIER_2K\"', 2000",
        "'\"TIER_10K\"', 10000",
        "'\"TIER_100K\"', 100000",
        "'\"TIER_UNLIMITED\"', -1",
        "'\"TIER_NOT_SET\"', -",
        "'\"TIER_SOMETHING_NEW\"', -",
        "'\"tier_2k\"', 2000",
        "'2000', 2000",
        "'-1', -1",
        "'\"250\"', 250",
        "'null', -"
      })
  void shouldReadTheMessagingLimitOfEveryDocumentedTier(String json, Integer limit)
      throws Exception {
    // Given
    JsonNode value =
        Json.MAPPER.readTree("{\"max_daily_conversations_per_business\":" + json + "}");

    // When
    Integer read = AccountEvents.messagingLimit(value, "max_daily_conversations_per_business");

    // Then
    assertThat(read).isEqualTo(limit);
  }

  @Test
  void shouldPreferThePortfolioLimitOverTheDeprecatedPerNumberOne() throws Exception {
    // Given both, as Meta sent them until February 2026
    AccountEvent event =
        event(
            "phone_number_quality_update",
            """
            {"display_phone_number":"15550783881","event":"UPGRADE","old_limit":"TIER_250",
             "current_limit":"TIER_2K","max_daily_conversations_per_business":"TIER_10K"}
            """);

    // Then
    assertThat(event.messagingLimit()).isEqualTo(10_000);
    assertThat(event.event()).isEqualTo("UPGRADE");
    assertThat(event.businessNumber()).isEqualTo("+15550783881");
    assertThat(event.key()).isEqualTo("+15550783881");
  }

  @Test
  void shouldReadTheLimitOfACapabilityUpdateAndKeyItByTheAccount() throws Exception {
    // Given
    AccountEvent event =
        event(
            "business_capability_update",
            """
            {"max_daily_conversation_per_phone":2000,"max_daily_conversations_per_business":"TIER_2K",
             "max_phone_numbers_per_waba":25}
            """);

    // Then
    assertThat(event.messagingLimit()).isEqualTo(2000);
    assertThat(event.businessNumber()).isNull();
    assertThat(event.key()).isEqualTo("waba:102290129340398");
    assertThat(event.occurredAt()).isEqualTo(Instant.ofEpochSecond(1795340000));
  }

  @Test
  void shouldReadACompletedCategoryUpdate() throws Exception {
    // Given
    AccountEvent event =
        event(
            "template_category_update",
            """
            {"message_template_id":278077987957091,"message_template_name":"welcome_template",
             "message_template_language":"en_US","previous_category":"UTILITY",
             "new_category":"MARKETING"}
            """);

    // Then
    assertThat(event.templateId()).isEqualTo("278077987957091");
    assertThat(event.templateName()).isEqualTo("welcome_template");
    assertThat(event.templateLanguage()).isEqualTo("en_US");
    assertThat(event.category()).isEqualTo("MARKETING");
    assertThat(event.previousCategory()).isEqualTo("UTILITY");
    assertThat(event.event()).isNull();
  }

  @Test
  void shouldReadAnAnnouncedCategoryUpdateWithoutAPreviousCategoryNorItsDueTime() throws Exception {
    // Given a change due in 24 hours: new_category is still the current one
    AccountEvent event =
        event(
            "template_category_update",
            """
            {"message_template_id":278077987957091,"message_template_name":"welcome_template",
             "message_template_language":"en_US","correct_category":"MARKETING",
             "new_category":"UTILITY","category_update_timestamp":1795426400}
            """);

    // Then
    assertThat(event.category()).isEqualTo("UTILITY");
    assertThat(event.previousCategory()).isNull();
    assertThat(event.occurredAt()).isEqualTo(Instant.ofEpochSecond(1795340000));
    assertThat(event.value().path("correct_category").asText()).isEqualTo("MARKETING");
  }

  @Test
  void shouldReadATemplatesQualityScore() throws Exception {
    // Given
    AccountEvent event =
        event(
            "message_template_quality_update",
            """
            {"previous_quality_score":"GREEN","new_quality_score":"YELLOW",
             "message_template_id":806312974732579,"message_template_name":"welcome_template",
             "message_template_language":"en_US"}
            """);

    // Then
    assertThat(event.quality()).isEqualTo("YELLOW");
    assertThat(event.templateId()).isEqualTo("806312974732579");
  }

  @Test
  void shouldReadTheReasonOfARejectedTemplateButNotMetasNone() throws Exception {
    // Given
    AccountEvent rejected =
        event(
            "message_template_status_update",
            """
            {"event":"REJECTED","message_template_id":1689556908129835,
             "message_template_name":"abandoned_cart","message_template_language":"en",
             "reason":"INVALID_FORMAT","message_template_category":"MARKETING"}
            """);
    AccountEvent approved =
        event(
            "message_template_status_update",
            """
            {"event":"APPROVED","message_template_id":1689556908129832,
             "message_template_name":"order_confirmation","message_template_language":"en_US",
             "reason":"NONE","message_template_category":"UTILITY"}
            """);

    // Then
    assertThat(rejected.reason()).isEqualTo("INVALID_FORMAT");
    assertThat(rejected.category()).isEqualTo("MARKETING");
    assertThat(approved.reason()).isNull();
    assertThat(approved.event()).isEqualTo("APPROVED");
  }

  @Test
  void shouldReadTheRestrictionTypeAndTheBanStateOfAccountUpdates() throws Exception {
    // Given
    AccountEvent restricted =
        event(
            "account_update",
            """
            {"event":"ACCOUNT_RESTRICTION","restriction_info":[
             {"restriction_type":"RESTRICTED_BIZ_INITIATED_MESSAGING","expiration":1795426400},
             {"restriction_type":"RESTRICTED_ADD_PHONE_NUMBER_ACTION","expiration":1795426400}]}
            """);
    AccountEvent disabled =
        event(
            "account_update",
            """
            {"event":"DISABLED_UPDATE","ban_info":{"waba_ban_state":"DISABLE",
             "waba_ban_date":"November 22, 2026"}}
            """);
    AccountEvent violation =
        event(
            "account_update",
            """
            {"event":"ACCOUNT_VIOLATION","violation_info":{"violation_type":"SCAM"}}
            """);

    // Then
    assertThat(restricted.reason()).isEqualTo("RESTRICTED_BIZ_INITIATED_MESSAGING");
    assertThat(disabled.reason()).isEqualTo("DISABLE");
    assertThat(violation.reason()).isEqualTo("SCAM");
    assertThat(restricted.key()).isEqualTo("waba:102290129340398");
  }

  @Test
  void shouldTakeACallsOwnEventAndTime() throws Exception {
    // Given
    AccountEvent call =
        event(
            "calls",
            """
            {"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550783881",
             "phone_number_id":"106540352242922"},"calls":[{"id":"wacid.HBgLMTIzNDU2Nzg5MA",
             "from":"5582999990001","to":"15550783881","event":"terminate",
             "timestamp":"1795339000","direction":"USER_INITIATED","status":"COMPLETED",
             "start_time":"1795338880","end_time":"1795339000","duration":120}]}
            """);

    // Then
    assertThat(call.event()).isEqualTo("TERMINATE");
    assertThat(call.occurredAt()).isEqualTo(Instant.ofEpochSecond(1795339000));
    assertThat(call.key()).isEqualTo("+15550783881");
  }

  @Test
  void shouldFallBackToTheReceiveTimeWhenNeitherChangeNorEntryHasATime() throws Exception {
    // Given
    JsonNode entry = Json.MAPPER.readTree("{\"id\":\"102290129340398\"}");
    MetaChange change =
        new MetaChange(
            entry,
            Json.MAPPER.createObjectNode(),
            "account_update",
            Json.MAPPER.readTree("{\"event\":\"ACCOUNT_DELETED\"}"),
            "entry[0].changes[0]",
            RECEIVED);

    // When
    AccountEvent event = AccountEvents.event(change);

    // Then
    assertThat(event.occurredAt()).isEqualTo(RECEIVED);
  }

  private static AccountEvent event(String field, String value) throws Exception {
    JsonNode entry = Json.MAPPER.readTree("{\"id\":\"102290129340398\",\"time\":1795340000}");
    MetaChange change =
        new MetaChange(
            entry,
            Json.MAPPER.createObjectNode(),
            field,
            Json.MAPPER.readTree(value),
            "entry[0].changes[0]",
            RECEIVED);
    return AccountEvents.event(change);
  }
}
