package io.wagate.schemas.events;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A provider's delivery status for a message wagate routed ({@code wa.status.callbacks}).
 *
 * @param provider where it came from
 * @param providerMessageId the provider's message id
 * @param requestId the wagate request it belongs to, when the provider passed it back
 * @param businessNumber the business line, E.164
 * @param contact the recipient, canonical: their phone number when the webhook carries one, else
 *     their business-scoped user id
 * @param status lower case as sent: {@code sent}, {@code delivered}, {@code read}, {@code failed},
 *     {@code undelivered}, …
 * @param errorCode the provider's error code, for failures
 * @param errorTitle the provider's error text, often empty
 * @param occurredAt the provider's timestamp
 * @param userId the recipient's business-scoped user id when the webhook carries one, also when
 *     {@code contact} is their phone number
 */
public record StatusCallback(
    Provider provider,
    @Nullable String providerMessageId,
    @Nullable String requestId,
    String businessNumber,
    String contact,
    String status,
    @Nullable String errorCode,
    @Nullable String errorTitle,
    Instant occurredAt,
    @Nullable String userId) {

  /** A status without a business-scoped user id. */
  public StatusCallback(
      Provider provider,
      @Nullable String providerMessageId,
      @Nullable String requestId,
      String businessNumber,
      String contact,
      String status,
      @Nullable String errorCode,
      @Nullable String errorTitle,
      Instant occurredAt) {
    this(
        provider,
        providerMessageId,
        requestId,
        businessNumber,
        contact,
        status,
        errorCode,
        errorTitle,
        occurredAt,
        null);
  }
}
