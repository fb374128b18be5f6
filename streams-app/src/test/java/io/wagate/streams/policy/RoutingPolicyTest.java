package io.wagate.streams.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.wagate.schemas.config.Environment;
import io.wagate.schemas.events.Category;
import io.wagate.schemas.events.Kind;
import io.wagate.schemas.events.RejectionReason;
import io.wagate.schemas.events.SendRequest;
import io.wagate.schemas.events.TemplateContent;
import io.wagate.schemas.events.TemplateRef;
import io.wagate.schemas.events.TextContent;
import io.wagate.streams.config.WagateConfig;
import io.wagate.streams.policy.RoutingPolicy.AwaitOptIn;
import io.wagate.streams.policy.RoutingPolicy.Decision;
import io.wagate.streams.policy.RoutingPolicy.Reject;
import io.wagate.streams.policy.RoutingPolicy.Route;
import io.wagate.streams.reference.BusinessNumber;
import io.wagate.streams.state.ConsentLedger.Will;
import io.wagate.streams.state.Conversation;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** DOMAIN.md §3, decided without Kafka: the first failing check wins. */
class RoutingPolicyTest {

  private static final String BUSINESS = "+31201234567";
  private static final String CONTACT = "+31612345678";
  private static final Instant T0 = Instant.parse("2026-11-22T09:00:00Z");
  private static final BusinessNumber PLAIN = new BusinessNumber(BUSINESS, true, null, null, null);
  private static final BusinessNumber WITH_OPT_IN =
      new BusinessNumber(BUSINESS, true, null, new TemplateRef("optin", "en"), null);

  private final RoutingPolicy policy =
      new RoutingPolicy(
          WagateConfig.from(Environment.of(Map.of("KAFKA_BOOTSTRAP_SERVERS", "unused:9092"))));

  private static SendRequest text() {
    return new SendRequest(
        "r-1",
        BUSINESS,
        CONTACT,
        null,
        Kind.TEXT,
        null,
        new TextContent("Hi", false),
        null,
        null,
        null,
        null,
        null);
  }

  private static SendRequest template(Category category) {
    return new SendRequest(
        "r-2",
        BUSINESS,
        CONTACT,
        null,
        Kind.TEMPLATE,
        new TemplateContent("reminder", "en", category, List.of("Anna")),
        null,
        null,
        null,
        null,
        null,
        null);
  }

  @Test
  void shouldRejectFreeformDecidedAfterTheWindowClosedEvenIfWrittenWhileItWasOpen() {
    // Given the contact wrote at T0
    Conversation conversation = Conversation.start(BUSINESS, CONTACT);
    conversation.recordInbound(T0);
    // When the request is decided 24 hours later (a backlog), whatever its record time
    Decision decision =
        policy.decide(text(), conversation, PLAIN, null, T0.plus(Duration.ofHours(24)));
    // Then
    assertThat(decision).isEqualTo(new Reject(RejectionReason.OUTSIDE_WINDOW, null));
  }

  @Test
  void shouldRouteFreeformInsideTheWindowWithItsSafetyMargin() {
    // Given
    Conversation conversation = Conversation.start(BUSINESS, CONTACT);
    conversation.recordInbound(T0);
    // Then
    assertThat(policy.decide(text(), conversation, PLAIN, null, T0.plus(Duration.ofHours(23))))
        .isInstanceOf(Route.class);
    assertThat(
            policy.decide(
                text(), conversation, PLAIN, null, T0.plus(Duration.ofHours(24)).minusSeconds(299)))
        .isInstanceOf(Reject.class);
  }

  @Test
  void shouldCheckTheNumberBeforeTheContact() {
    // Given a disabled number and a blocked contact
    Conversation conversation = Conversation.start(BUSINESS, CONTACT);
    conversation.markBlocked(T0);
    BusinessNumber disabled = new BusinessNumber(BUSINESS, false, null, null, null);
    // Then
    assertThat(policy.decide(text(), conversation, disabled, null, T0))
        .isEqualTo(new Reject(RejectionReason.NUMBER_DISABLED, null));
  }

  @Test
  void shouldRejectATemplateToAContactWhoDeclinedEvenInsideAnOpenWindow() {
    // Given
    Conversation conversation = Conversation.start(BUSINESS, CONTACT);
    conversation.recordInbound(T0);
    conversation.consent().express(Will.DECLINED, Set.of(), "whatsapp-keyword", T0, null, null, T0);
    // Then
    assertThat(policy.decide(template(Category.UTILITY), conversation, WITH_OPT_IN, null, T0))
        .isEqualTo(new Reject(RejectionReason.OPT_IN_DECLINED, null));
  }

  @Test
  void shouldAskForConsentWhenTheNumberHasAnOptInTemplate() {
    // Given
    Conversation conversation = Conversation.start(BUSINESS, CONTACT);
    // Then
    assertThat(policy.decide(template(Category.MARKETING), conversation, WITH_OPT_IN, null, T0))
        .isEqualTo(new AwaitOptIn(Category.MARKETING));
    assertThat(policy.decide(template(Category.MARKETING), conversation, PLAIN, null, T0))
        .isEqualTo(new Reject(RejectionReason.NO_OPT_IN, null));
  }

  @Test
  void shouldRejectTheOptedOutCategoryOnly() {
    // Given
    Conversation conversation = Conversation.start(BUSINESS, CONTACT);
    conversation.consent().express(Will.OPTED_IN, Set.of(), "crm", T0, null, null, T0);
    conversation
        .consent()
        .express(
            Will.OPTED_OUT, Set.of(Category.MARKETING), "crm", T0.plusSeconds(1), null, null, T0);
    // Then
    assertThat(policy.decide(template(Category.MARKETING), conversation, PLAIN, null, T0))
        .isEqualTo(new Reject(RejectionReason.OPTED_OUT, "MARKETING"));
    assertThat(policy.decide(template(Category.UTILITY), conversation, PLAIN, null, T0))
        .isEqualTo(new Route(Kind.TEMPLATE, Category.UTILITY, true, false));
  }

  @Test
  void shouldRejectAPausedNumberUntilThePauseEnds() {
    // Given
    BusinessNumber paused = new BusinessNumber(BUSINESS, true, T0.plusSeconds(60), null, null);
    Conversation conversation = Conversation.start(BUSINESS, CONTACT);
    conversation.recordInbound(T0);
    // Then
    assertThat(policy.decide(text(), conversation, paused, null, T0.plusSeconds(59)))
        .isEqualTo(new Reject(RejectionReason.NUMBER_PAUSED, null));
    assertThat(policy.decide(text(), conversation, paused, null, T0.plusSeconds(60)))
        .isInstanceOf(Route.class);
  }
}
