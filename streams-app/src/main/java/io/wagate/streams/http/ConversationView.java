package io.wagate.streams.http;

import io.wagate.schemas.events.Category;
import io.wagate.schemas.events.Kind;
import io.wagate.schemas.events.OptInState;
import io.wagate.schemas.events.SendRequest;
import io.wagate.schemas.events.TemplateContent;
import io.wagate.schemas.events.TemplateDefinition;
import io.wagate.schemas.events.TemplateStatus;
import io.wagate.schemas.events.TextContent;
import io.wagate.streams.policy.RoutingPolicy;
import io.wagate.streams.reference.BusinessNumber;
import io.wagate.streams.state.ConsentLedger;
import io.wagate.streams.state.Conversation;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The query API's answer for one conversation, computed at one instant.
 *
 * @param businessNumber the business line, E.164
 * @param contact the canonical contact
 * @param windowOpen whether free-form messages may be sent now
 * @param windowExpiresAt when the window closes or closed (safety margin applied); null if it never
 *     opened
 * @param optIn consent to business-initiated messages
 * @param optedOutCategories categories the contact opted out of, in {@link Category} order
 * @param reachable false once the provider said the contact is not on WhatsApp
 * @param blocked true once the provider said the contact blocked the business
 * @param lastInboundAt the provider time of the contact's last message
 * @param updatedAt when the state was last written; null for a conversation wagate never saw
 * @param canSendFreeform whether a free-form text request would be routed now
 * @param canSendTemplate per category, whether an approved template request would be routed now
 *     (without first asking the contact for consent)
 * @param consent the attestation of the consent decision in force: the latest expression that
 *     decides a category
 * @param consentTrail every expression of the contact's will wagate recorded, oldest first (the
 *     last 32), each with its source, time, message id or CRM reference, and whether it took
 *     effect: the attestation a business may have to show
 */
public record ConversationView(
    String businessNumber,
    String contact,
    boolean windowOpen,
    @Nullable Instant windowExpiresAt,
    OptInState optIn,
    List<Category> optedOutCategories,
    boolean reachable,
    boolean blocked,
    @Nullable Instant lastInboundAt,
    @Nullable Instant updatedAt,
    boolean canSendFreeform,
    Map<Category, Boolean> canSendTemplate,
    Consent consent,
    List<ConsentLedger.Entry> consentTrail) {

  /** The request id of the synthetic requests the view asks the router about; never stored. */
  static final String PROBE_REQUEST_ID = "wagate-query-probe";

  /** A template name no one registers, so that the router judges the category alone. */
  static final String PROBE_TEMPLATE = "wagate_query_probe";

  /**
   * What captured the current consent decision.
   *
   * @param source the CRM's source or the keyword channel
   * @param capturedAt when the contact expressed it
   * @param messageId the inbound message that carried it, if any
   * @param reference the CRM's reference of the consent record, if any
   */
  public record Consent(
      @Nullable String source,
      @Nullable Instant capturedAt,
      @Nullable String messageId,
      @Nullable String reference) {}

  /**
   * The view of {@code conversation} at {@code now}, asking {@code router} what it would do with a
   * free-form text and with an approved template of each category.
   */
  public static ConversationView of(
      Conversation conversation,
      BusinessNumber number,
      RoutingPolicy router,
      Duration safetyMargin,
      Instant now) {
    Map<Category, Boolean> templates = new LinkedHashMap<>();
    for (Category category : Category.KNOWN) {
      templates.put(category, routes(router, conversation, number, templateProbe(category), now));
    }
    return new ConversationView(
        conversation.businessNumber(),
        conversation.contact(),
        conversation.windowOpen(now, safetyMargin),
        conversation.windowExpiresAt(safetyMargin),
        conversation.optIn(),
        conversation.consent().optedOutCategories(),
        !conversation.unreachable(),
        conversation.blocked(),
        conversation.lastInboundAt(),
        conversation.updatedAt(),
        routes(router, conversation, number, freeformProbe(), now),
        templates,
        consent(conversation.consent().inForce()),
        conversation.consent().trail());
  }

  private static Consent consent(ConsentLedger.@Nullable Entry inForce) {
    return inForce == null
        ? new Consent(null, null, null, null)
        : new Consent(
            inForce.source(), inForce.expressedAt(), inForce.messageId(), inForce.reference());
  }

  private static boolean routes(
      RoutingPolicy router,
      Conversation conversation,
      BusinessNumber number,
      Probe probe,
      Instant now) {
    SendRequest request =
        new SendRequest(
            PROBE_REQUEST_ID,
            conversation.businessNumber(),
            conversation.contact(),
            null,
            probe.kind(),
            probe.template(),
            probe.text(),
            null,
            null,
            null,
            null,
            now);
    return router.decide(request, conversation, number, probe.registered(), now)
        instanceof RoutingPolicy.Route;
  }

  private static Probe freeformProbe() {
    return new Probe(Kind.TEXT, null, new TextContent("x", null), null);
  }

  /**
   * A template of {@code category}, registered as approved so that the answer does not depend on
   * {@code WAGATE_REQUIRE_REGISTERED_TEMPLATES} or on a made-up name's status.
   */
  private static Probe templateProbe(Category category) {
    TemplateContent template = new TemplateContent(PROBE_TEMPLATE, "en", category, List.of());
    TemplateDefinition approved =
        new TemplateDefinition(PROBE_TEMPLATE, "en", category, TemplateStatus.APPROVED, 0, null);
    return new Probe(Kind.TEMPLATE, template, null, approved);
  }

  private record Probe(
      Kind kind,
      @Nullable TemplateContent template,
      @Nullable TextContent text,
      @Nullable TemplateDefinition registered) {}
}
