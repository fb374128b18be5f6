package io.wagate.streams.http;

import io.wagate.schemas.events.BusinessNumberConfig;
import io.wagate.schemas.events.Category;
import io.wagate.schemas.events.Kind;
import io.wagate.schemas.events.OptInState;
import io.wagate.schemas.events.SendRequest;
import io.wagate.schemas.events.TemplateContent;
import io.wagate.schemas.events.TemplateDefinition;
import io.wagate.schemas.events.TemplateStatus;
import io.wagate.schemas.events.TextContent;
import io.wagate.streams.processor.SendRouter;
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
 * @param consent the attestation of the current consent decision
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
    Consent consent) {

  /** The request id of the synthetic requests the view asks the router about; never stored. */
  static final String PROBE_REQUEST_ID = "wagate-query-probe";

  /** A template name no one registers, so that the router judges the category alone. */
  static final String PROBE_TEMPLATE = "wagate_query_probe";

  /**
   * What captured the current consent decision.
   *
   * @param source the CRM's source or the keyword channel
   * @param capturedAt when
   * @param messageId the inbound message that carried it, if any
   */
  public record Consent(
      @Nullable String source, @Nullable Instant capturedAt, @Nullable String messageId) {}

  /**
   * The view of {@code conversation} at {@code now}, asking {@code router} what it would do with a
   * free-form text and with an approved template of each category.
   */
  public static ConversationView of(
      Conversation conversation,
      @Nullable BusinessNumberConfig number,
      SendRouter router,
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
        Category.KNOWN.stream().filter(conversation.optedOutCategories()::contains).toList(),
        !conversation.unreachable(),
        conversation.blocked(),
        conversation.lastInboundAt(),
        conversation.updatedAt(),
        routes(router, conversation, number, freeformProbe(), now),
        templates,
        new Consent(
            conversation.consentSource(),
            conversation.consentAt(),
            conversation.consentMessageId()));
  }

  private static boolean routes(
      SendRouter router,
      Conversation conversation,
      @Nullable BusinessNumberConfig number,
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
    return router.decide(
            request, conversation.contact(), conversation, number, probe.registered(), now)
        instanceof SendRouter.Route;
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
