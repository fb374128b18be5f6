package io.wagate.streams.topology;

import static io.wagate.streams.topology.WagateDriver.ANNA;
import static io.wagate.streams.topology.WagateDriver.BUSINESS;
import static io.wagate.streams.topology.WagateDriver.at;
import static io.wagate.streams.topology.WagateDriver.minutes;
import static io.wagate.streams.topology.WagateDriver.template;
import static io.wagate.streams.topology.WagateDriver.text;
import static org.assertj.core.api.Assertions.assertThat;

import io.wagate.schemas.events.Category;
import io.wagate.schemas.events.ConsentStatus;
import io.wagate.schemas.events.Kind;
import io.wagate.schemas.events.LifecycleState;
import io.wagate.schemas.events.Note;
import io.wagate.schemas.events.RequestStatus;
import io.wagate.schemas.events.SendRequest;
import io.wagate.schemas.events.TemplateContent;
import io.wagate.schemas.events.TextContent;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** DOMAIN.md §3: routing a send request, first failing check wins. */
class RoutingOrderTest {

  private WagateDriver wagate = new WagateDriver();

  @AfterEach
  void close() {
    wagate.close();
  }

  private RequestStatus onlyStatus() {
    List<RequestStatus> statuses = wagate.statuses();
    assertThat(statuses).hasSize(1);
    return statuses.get(0);
  }

  private static SendRequest to(String to, String region) {
    return new SendRequest(
        "r-1",
        BUSINESS,
        to,
        region,
        Kind.TEXT,
        null,
        new TextContent("hi", false),
        ANNA,
        null,
        null,
        null,
        null);
  }

  @Test
  void shouldCanonicaliseNationalNumberAndKeyByConversation() {
    // Given
    wagate.userWrites("hello", at(minutes(0)));
    // When
    wagate.send(to("06 12345678", "NL"), at(minutes(1)));
    // Then
    var routed = wagate.freeform.readKeyValue();
    assertThat(routed.key).isEqualTo(WagateDriver.KEY);
    assertThat(routed.value.to()).isEqualTo(WagateDriver.CONTACT);
    assertThat(wagate.status.readKeyValue().key).isEqualTo(WagateDriver.KEY);
  }

  @Test
  void shouldRejectInvalidPhoneWithNote() {
    // When
    wagate.send(to("12", null), at(minutes(1)));
    // Then
    RequestStatus status = onlyStatus();
    assertThat(status.reason()).isEqualTo("INVALID_PHONE");
    assertThat(status.code()).isEqualTo("WAGATE-INVALID-PHONE");
    Note note = wagate.notes.readValue();
    assertThat(note.requestId()).isEqualTo("r-1");
    assertThat(note.personId()).isEqualTo("p-1");
  }

  @Test
  void shouldRejectMissingRequiredFieldAsInvalidRequest() {
    // When a TEMPLATE request comes without its template
    wagate.send(
        new SendRequest(
            "r-1",
            BUSINESS,
            "+31612345678",
            null,
            Kind.TEMPLATE,
            null,
            null,
            ANNA,
            null,
            null,
            null,
            null),
        at(minutes(1)));
    // Then
    RequestStatus status = onlyStatus();
    assertThat(status.reason()).isEqualTo("INVALID_REQUEST");
    assertThat(status.code()).isEqualTo("WAGATE-INVALID-REQUEST");
    assertThat(wagate.notes.readValue().text()).contains("template");
  }

  @Test
  void shouldRejectUnknownKindAsInvalidRequestBeforeCheckingPhone() {
    // When
    wagate.send(
        new SendRequest(
            "r-1",
            BUSINESS,
            "not a number",
            null,
            Kind.UNKNOWN,
            null,
            null,
            null,
            null,
            null,
            null,
            null),
        at(minutes(1)));
    // Then
    assertThat(onlyStatus().reason()).isEqualTo("INVALID_REQUEST");
  }

  @Test
  void shouldDropDuplicateRequestIdWithoutSecondOutput() {
    // Given
    wagate.userWrites("hello", at(minutes(0)));
    // When
    wagate.send(text("r-1", "first"), at(minutes(1)));
    wagate.send(text("r-1", "first, again"), at(minutes(2)));
    // Then
    assertThat(onlyStatus().state()).isEqualTo(LifecycleState.ROUTED_FREEFORM);
    assertThat(wagate.freeform.readValuesToList()).hasSize(1);
  }

  @Test
  void shouldRememberRequestIdThroughoutItsRetention() {
    // Given
    wagate.send(text("r-1", "outside"), at(minutes(1)));
    // When six days pass (retention: 7 days) and the CRM sends the id again
    wagate.advanceWallClock(Duration.ofDays(6));
    wagate.send(text("r-1", "outside"), at(Duration.ofDays(6)));
    // Then
    assertThat(wagate.statuses()).hasSize(1);
  }

  @Test
  void shouldForgetRequestIdAfterItsRetention() {
    // Given
    wagate.send(text("r-1", "outside"), at(minutes(1)));
    // When the retention of 7 days has passed
    wagate.advanceWallClock(Duration.ofDays(7).plus(minutes(2)));
    wagate.send(text("r-1", "outside"), at(Duration.ofDays(7).plus(minutes(2))));
    // Then the id is new again and gets an outcome of its own
    assertThat(wagate.statuses())
        .extracting(RequestStatus::state)
        .containsExactly(LifecycleState.REJECTED, LifecycleState.REJECTED);
  }

  @Test
  void shouldForgetEveryExpiredIdWhenTheSweepTakesSeveralSlices() {
    // Given more requests than one punctuation sweeps
    int requests = 2_100;
    for (int i = 0; i < requests; i++) {
      wagate.send(text("r-" + i, "outside"), at(minutes(1)));
    }
    wagate.statuses();
    // When the retention has passed and the wall clock ticks a few times
    wagate.advanceWallClock(Duration.ofDays(7).plus(minutes(2)));
    for (int tick = 0; tick < 3; tick++) {
      wagate.advanceWallClock(minutes(1));
    }
    Duration later = Duration.ofDays(7).plus(minutes(6));
    for (int i = 0; i < requests; i += 50) {
      wagate.send(text("r-" + i, "outside"), at(later));
    }
    // Then every one of them is new again
    assertThat(wagate.statuses()).hasSize(requests / 50);
  }

  @Test
  void shouldDropDuplicateOfRejectedRequest() {
    // When
    wagate.send(text("r-1", "outside"), at(minutes(1)));
    wagate.send(text("r-1", "outside"), at(minutes(2)));
    // Then
    assertThat(onlyStatus().state()).isEqualTo(LifecycleState.REJECTED);
    assertThat(wagate.notes.readValuesToList()).hasSize(1);
  }

  @Test
  void shouldRejectWhenBusinessNumberDisabledBeforeWindowCheck() {
    // Given
    wagate.configureNumber(false, true, null);
    // When
    wagate.send(text("r-1", "hello"), at(minutes(1)));
    // Then
    RequestStatus status = onlyStatus();
    assertThat(status.reason()).isEqualTo("NUMBER_DISABLED");
    assertThat(status.code()).isEqualTo("63020");
  }

  @Test
  void shouldRejectUnreachableContactAndSendSmsFallbackWhenAsked() {
    // Given the provider said the contact is not on WhatsApp
    wagate.consents(ConsentStatus.OPTED_IN, null, at(minutes(0)));
    wagate.send(template("r-0", Category.UTILITY, "Anna", "10:00"), at(minutes(1)));
    wagate.providerSays("r-0", "failed", "131026", at(minutes(2)));
    wagate.statuses();
    // When
    SendRequest plain = template("r-1", Category.UTILITY, "Anna", "10:00");
    SendRequest withFallback =
        new SendRequest(
            "r-2",
            plain.businessNumber(),
            plain.to(),
            null,
            plain.kind(),
            plain.template(),
            null,
            ANNA,
            null,
            null,
            true,
            null);
    wagate.send(plain, at(minutes(3)));
    wagate.send(withFallback, at(minutes(4)));
    // Then
    assertThat(wagate.statuses())
        .extracting(RequestStatus::reason, RequestStatus::code)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("CONTACT_UNREACHABLE", "131026"),
            org.assertj.core.groups.Tuple.tuple("CONTACT_UNREACHABLE", "131026"));
    var sms = wagate.smsFallback.readValuesToList();
    assertThat(sms).hasSize(1);
    assertThat(sms.get(0).requestId()).isEqualTo("r-2");
    assertThat(sms.get(0).to()).isEqualTo(WagateDriver.CONTACT);
  }

  @Test
  void shouldRejectBlockedContactUntilTheyWriteIn() {
    // Given
    wagate.consents(ConsentStatus.OPTED_IN, null, at(minutes(0)));
    wagate.send(template("r-0", Category.UTILITY, "Anna", "10:00"), at(minutes(1)));
    wagate.providerSays("r-0", "failed", "63033", at(minutes(2)));
    wagate.statuses();
    // When
    wagate.send(template("r-1", Category.UTILITY, "Anna", "10:00"), at(minutes(3)));
    wagate.userWrites("sorry, unblocked you", at(minutes(4)));
    wagate.send(template("r-2", Category.UTILITY, "Anna", "10:00"), at(minutes(5)));
    // Then
    assertThat(wagate.statuses())
        .extracting(RequestStatus::reason, RequestStatus::code)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("CONTACT_BLOCKED", "63033"),
            org.assertj.core.groups.Tuple.tuple(null, null));
  }

  @Test
  void shouldRejectTextOver4096Characters() {
    // Given
    wagate.userWrites("hello", at(minutes(0)));
    // When
    wagate.send(text("r-1", "x".repeat(4097)), at(minutes(1)));
    wagate.send(text("r-2", "x".repeat(4096)), at(minutes(2)));
    // Then
    assertThat(wagate.statuses())
        .extracting(RequestStatus::reason)
        .containsExactly("TOO_LONG", null);
  }

  @Test
  void shouldRejectPreviewUrlWithoutUrlInBody() {
    // Given
    wagate.userWrites("hello", at(minutes(0)));
    SendRequest base = text("r-1", "no link here");
    // When
    wagate.send(
        new SendRequest(
            "r-1",
            BUSINESS,
            base.to(),
            null,
            Kind.TEXT,
            null,
            new TextContent("no link here", true),
            ANNA,
            null,
            null,
            null,
            null),
        at(minutes(1)));
    wagate.send(
        new SendRequest(
            "r-2",
            BUSINESS,
            base.to(),
            null,
            Kind.TEXT,
            null,
            new TextContent("book at https://salon.example/book", true),
            ANNA,
            null,
            null,
            null,
            null),
        at(minutes(2)));
    // Then
    assertThat(wagate.statuses())
        .extracting(RequestStatus::reason)
        .containsExactly("INVALID_REQUEST", null);
  }

  @Test
  void shouldRejectRegisteredTemplateThatIsNotApproved() {
    // Given
    wagate.consents(ConsentStatus.OPTED_IN, null, at(minutes(0)));
    wagate.registerTemplate(
        "appointment_confirmation", Category.UTILITY, "PAUSED", 2, "Hi {{1}}, see you {{2}}.");
    // When
    wagate.send(template("r-1", Category.UTILITY, "Anna", "10:00"), at(minutes(1)));
    // Then
    RequestStatus status = onlyStatus();
    assertThat(status.reason()).isEqualTo("TEMPLATE_NOT_APPROVED");
    assertThat(status.code()).isEqualTo("132001");
  }

  @Test
  void shouldRejectParameterCountMismatchAndEmptyParameter() {
    // Given
    wagate.consents(ConsentStatus.OPTED_IN, null, at(minutes(0)));
    wagate.registerTemplate(
        "appointment_confirmation", Category.UTILITY, "APPROVED", 2, "Hi {{1}}, see you {{2}}.");
    // When
    wagate.send(template("r-1", Category.UTILITY, "Anna"), at(minutes(1)));
    wagate.send(template("r-2", Category.UTILITY, "Anna", " "), at(minutes(2)));
    wagate.send(template("r-3", Category.UTILITY, "Anna", "10:00"), at(minutes(3)));
    // Then
    assertThat(wagate.statuses())
        .extracting(RequestStatus::code)
        .containsExactly("63028", "63028", null);
  }

  @Test
  void shouldRejectRenderedTemplateBodyOver1024Characters() {
    // Given
    wagate.consents(ConsentStatus.OPTED_IN, null, at(minutes(0)));
    wagate.registerTemplate(
        "appointment_confirmation", Category.UTILITY, "APPROVED", 2, "Hi {{1}}, see you {{2}}.");
    // When
    wagate.send(template("r-1", Category.UTILITY, "Anna", "x".repeat(1010)), at(minutes(1)));
    // Then
    assertThat(onlyStatus().reason()).isEqualTo("TOO_LONG");
  }

  @Test
  void shouldTakeCategoryFromRegisteredTemplate() {
    // Given the contact opted out of marketing and the registry says the template is marketing
    wagate.consents(ConsentStatus.OPTED_IN, null, at(minutes(0)));
    wagate.consents(ConsentStatus.OPTED_OUT, List.of(Category.MARKETING), at(minutes(1)));
    wagate.registerTemplate(
        "appointment_confirmation", Category.MARKETING, "APPROVED", 2, "Hi {{1}}, see you {{2}}.");
    // When the request claims UTILITY
    wagate.send(template("r-1", Category.UTILITY, "Anna", "10:00"), at(minutes(2)));
    // Then
    assertThat(onlyStatus().reason()).isEqualTo("OPTED_OUT");
  }

  @Test
  void shouldRejectUnregisteredTemplateWhenRegistrationRequired() {
    // Given
    wagate.close();
    wagate = new WagateDriver(Map.of("WAGATE_REQUIRE_REGISTERED_TEMPLATES", "true"));
    wagate.consents(ConsentStatus.OPTED_IN, null, at(minutes(0)));
    // When
    wagate.send(
        new SendRequest(
            "r-1",
            BUSINESS,
            WagateDriver.CONTACT,
            null,
            Kind.TEMPLATE,
            new TemplateContent("unknown_template", "en_US", Category.UTILITY, List.of()),
            null,
            ANNA,
            null,
            null,
            null,
            null),
        at(minutes(1)));
    // Then
    assertThat(onlyStatus().reason()).isEqualTo("TEMPLATE_NOT_APPROVED");
  }

  @Test
  void shouldSendUnregisteredTemplateUncheckedByDefault() {
    // Given
    wagate.consents(ConsentStatus.OPTED_IN, null, at(minutes(0)));
    // When
    wagate.send(
        template("r-1", Category.UTILITY, "any", "parameters", "at", "all"), at(minutes(1)));
    // Then
    assertThat(onlyStatus().state()).isEqualTo(LifecycleState.ROUTED_TEMPLATE);
  }

  @Test
  void shouldDeadLetterUndecodableRequestWithoutStoppingProcessing() {
    // Given
    wagate.userWrites("hello", at(minutes(0)));
    // When
    wagate.rawRequests.pipeInput("k".getBytes(), "{not json".getBytes());
    wagate.rawRequests.pipeInput("k".getBytes(), "{\"kind\":\"TEXT\"}".getBytes());
    wagate.send(text("r-1", "still working"), at(minutes(1)));
    // Then
    var dead = wagate.dlq.readRecordsToList();
    assertThat(dead).hasSize(2);
    assertThat(new String(dead.get(0).value())).isEqualTo("{not json");
    assertThat(dead.get(0).headers().lastHeader("__streams.errors.topic")).isNotNull();
    assertThat(onlyStatus().state()).isEqualTo(LifecycleState.ROUTED_FREEFORM);
  }

  @Test
  void shouldGiveARequestIdOneOutcomeEvenWhenItsDuplicateNamesAnotherContact() {
    // Given a CRM that sent a request, then corrected the number and sent it again
    SendRequest first = text("r-1", "See you at 10");
    SendRequest corrected =
        new SendRequest(
            "r-1",
            BUSINESS,
            "+31687654321",
            null,
            Kind.TEXT,
            null,
            new TextContent("See you at 10", false),
            ANNA,
            null,
            null,
            null,
            null);
    wagate.userWrites("hello", at(minutes(0)));
    // When
    wagate.send(first, at(minutes(1)));
    wagate.send(corrected, at(minutes(2)));
    // Then one outcome, for the first
    RequestStatus status = onlyStatus();
    assertThat(status.contact()).isEqualTo(WagateDriver.CONTACT);
    assertThat(wagate.freeform.readValuesToList()).hasSize(1);
    assertThat(wagate.notes.isEmpty()).isTrue();
  }

  @Test
  void shouldRejectARequestWithoutBusinessNumberWithANoteInsteadOfDeadLetteringIt() {
    // When
    wagate.send(
        new SendRequest(
            "r-1",
            null,
            "06 12345678",
            "NL",
            Kind.TEXT,
            null,
            new TextContent("Hi", false),
            ANNA,
            null,
            null,
            null,
            null),
        at(minutes(1)));
    // Then
    var record = wagate.status.readKeyValue();
    assertThat(record.key).isEqualTo("|+31612345678");
    assertThat(record.value.state()).isEqualTo(LifecycleState.REJECTED);
    assertThat(record.value.reason()).isEqualTo("INVALID_REQUEST");
    assertThat(record.value.businessNumber()).isNull();
    assertThat(record.value.contact()).isEqualTo("+31612345678");
    Note note = wagate.notes.readValue();
    assertThat(note.text()).contains("Anna Jansen").contains("businessNumber");
    assertThat(note.action()).isEqualTo("FIX_REQUEST");
    assertThat(wagate.dlq.isEmpty()).isTrue();
  }

  @Test
  void shouldRejectARequestTooLargeToForwardAsTooLongWithItsOutcome() {
    // Given a request of about 1 MB, most of it an unknown field
    String padding = "x".repeat(1_047_000);
    String json =
        "{\"requestId\":\"r-big\",\"businessNumber\":\""
            + BUSINESS
            + "\",\"to\":\"+31612345678\",\"kind\":\"TEXT\",\"text\":{\"body\":\"Hi\"},"
            + "\"padding\":\""
            + padding
            + "\"}";
    // When
    wagate.rawRequests.pipeInput(
        "r-big".getBytes(java.nio.charset.StandardCharsets.UTF_8),
        json.getBytes(java.nio.charset.StandardCharsets.UTF_8),
        at(minutes(1)));
    // Then
    RequestStatus status = onlyStatus();
    assertThat(status.requestId()).isEqualTo("r-big");
    assertThat(status.reason()).isEqualTo("TOO_LONG");
    assertThat(wagate.notes.readValue().text()).contains("bytes");
  }
}
