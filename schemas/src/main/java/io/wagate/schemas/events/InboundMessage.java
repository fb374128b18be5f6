package io.wagate.schemas.events;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A message or preference change from a WhatsApp user ({@code wa.inbound}).
 *
 * @param provider where it came from
 * @param providerMessageId the provider's message id
 * @param businessNumber the business line it was sent to, E.164
 * @param contact the user, canonical E.164 or a business-scoped user id
 * @param profileName the user's WhatsApp profile name
 * @param type the provider's message type, or {@code user_preferences}
 * @param text the text body, button text, or {@code stop}/{@code resume} for preferences
 * @param buttonPayload a quick-reply button's payload
 * @param occurredAt the provider's timestamp; the 24-hour window is measured from it
 */
public record InboundMessage(
    Provider provider,
    @Nullable String providerMessageId,
    String businessNumber,
    String contact,
    @Nullable String profileName,
    String type,
    @Nullable String text,
    @Nullable String buttonPayload,
    Instant occurredAt) {}
