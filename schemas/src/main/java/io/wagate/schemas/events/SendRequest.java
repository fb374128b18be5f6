package io.wagate.schemas.events;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A CRM's request to send one WhatsApp message ({@code wa.send.requests}).
 *
 * <p>Every component is nullable because a request that lacks one is still decodable: it is
 * rejected as {@code INVALID_REQUEST} with a note rather than dead-lettered.
 *
 * @param requestId the CRM's identity of the request; duplicates are dropped
 * @param businessNumber the WhatsApp Business sender line, E.164
 * @param to the recipient in any form the contact canonicaliser accepts
 * @param defaultRegion ISO region for national formats in {@code to}, e.g. {@code NL}
 * @param kind template or free-form text
 * @param template the template, for {@link Kind#TEMPLATE}
 * @param text the text, for {@link Kind#TEXT}
 * @param person the CRM's person, so notes can name them
 * @param agentId the CRM user who sent it
 * @param campaignId the CRM campaign it belongs to
 * @param smsFallback whether a contact known not to be on WhatsApp should get an SMS instead
 * @param createdAt when the CRM created it
 */
public record SendRequest(
    @Nullable String requestId,
    @Nullable String businessNumber,
    @Nullable String to,
    @Nullable String defaultRegion,
    @Nullable Kind kind,
    @Nullable TemplateContent template,
    @Nullable TextContent text,
    @Nullable Person person,
    @Nullable String agentId,
    @Nullable String campaignId,
    @Nullable Boolean smsFallback,
    @Nullable Instant createdAt) {}
