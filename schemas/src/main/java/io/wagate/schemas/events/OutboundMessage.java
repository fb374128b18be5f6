package io.wagate.schemas.events;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A message wagate routed to a sender ({@code wa.send.template}, {@code wa.send.freeform}, {@code
 * wa.send.sms-fallback}): the accepted request with {@code to} canonical, plus routing facts.
 *
 * @param requestId the request's id; senders pass it back to the provider so statuses correlate
 * @param businessNumber the sender line, E.164
 * @param to the contact, canonical E.164 (or a business-scoped user id)
 * @param defaultRegion as requested
 * @param kind template or text
 * @param template the template to send, for {@link Kind#TEMPLATE}
 * @param text the text to send, for {@link Kind#TEXT}
 * @param person the CRM's person
 * @param agentId the CRM user
 * @param campaignId the CRM campaign
 * @param smsFallback as requested
 * @param createdAt when the CRM created the request
 * @param routedAt when wagate routed it
 * @param attempt 1 for a first send, higher for retries
 * @param purpose why it is sent
 * @param replyTo for opt-in requests and automatic replies, the request or message that caused it
 */
public record OutboundMessage(
    String requestId,
    String businessNumber,
    String to,
    @Nullable String defaultRegion,
    Kind kind,
    @Nullable TemplateContent template,
    @Nullable TextContent text,
    @Nullable Person person,
    @Nullable String agentId,
    @Nullable String campaignId,
    @Nullable Boolean smsFallback,
    @Nullable Instant createdAt,
    Instant routedAt,
    int attempt,
    Purpose purpose,
    @Nullable String replyTo) {

  /** The same message, sent again as attempt {@code attempt} at {@code routedAt}. */
  public OutboundMessage retry(int attempt, Instant routedAt) {
    return new OutboundMessage(
        requestId,
        businessNumber,
        to,
        defaultRegion,
        kind,
        template,
        text,
        person,
        agentId,
        campaignId,
        smsFallback,
        createdAt,
        routedAt,
        attempt,
        Purpose.RETRY,
        replyTo);
  }
}
