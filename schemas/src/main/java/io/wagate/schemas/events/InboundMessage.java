package io.wagate.schemas.events;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A message or preference change from a WhatsApp user ({@code wa.inbound}).
 *
 * @param provider where it came from
 * @param providerMessageId the provider's message id
 * @param businessNumber the business line it was sent to, E.164
 * @param contact the user, canonical: their phone number when the webhook carries one, else their
 *     business-scoped user id
 * @param profileName the user's WhatsApp profile name
 * @param type the provider's message type, or {@code user_preferences}
 * @param text the text body or button text; for {@code user_preferences} the preference in lower
 *     case ({@code stop}, {@code resume}, {@code signup}, …); for {@code system} the system type
 *     ({@code user_changed_number}, …)
 * @param buttonPayload a quick-reply button's payload
 * @param occurredAt the provider's timestamp; the 24-hour window is measured from it
 * @param userId the user's business-scoped user id when the webhook carries one, also when {@code
 *     contact} is their phone number: it links the two
 * @param newContact for a {@code system} message of type {@code user_changed_number}, the user's
 *     new number, canonical; {@code contact} is the old one
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
    Instant occurredAt,
    @Nullable String userId,
    @Nullable String newContact) {

  /** A message without a business-scoped user id or number change. */
  public InboundMessage(
      Provider provider,
      @Nullable String providerMessageId,
      String businessNumber,
      String contact,
      @Nullable String profileName,
      String type,
      @Nullable String text,
      @Nullable String buttonPayload,
      Instant occurredAt) {
    this(
        provider,
        providerMessageId,
        businessNumber,
        contact,
        profileName,
        type,
        text,
        buttonPayload,
        occurredAt,
        null,
        null);
  }
}
