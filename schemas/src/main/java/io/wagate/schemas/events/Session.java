package io.wagate.schemas.events;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A conversation's state after every change ({@code wa.sessions}, compacted).
 *
 * @param businessNumber the business line
 * @param contact the contact
 * @param windowOpen whether free-form messages may be sent now
 * @param windowExpiresAt when the window closes (safety margin applied); absent if never opened
 * @param optIn consent to business-initiated messages
 * @param optedOutCategories categories the contact opted out of while otherwise opted in
 * @param reachable false once the provider said the contact is not on WhatsApp
 * @param blocked true once the provider said the contact blocked the business
 * @param lastInboundAt the provider time of the contact's last message
 * @param updatedAt when this state was written
 * @param movedTo the contact's new number, once they changed number away from this one (the window
 *     here is closed and the contact unreachable; their consent went along)
 * @param movedFrom the contact's old number, when they changed number to this one
 */
public record Session(
    String businessNumber,
    String contact,
    boolean windowOpen,
    @Nullable Instant windowExpiresAt,
    OptInState optIn,
    List<Category> optedOutCategories,
    boolean reachable,
    boolean blocked,
    @Nullable Instant lastInboundAt,
    Instant updatedAt,
    @Nullable String movedTo,
    @Nullable String movedFrom) {

  /** A state without a number change. */
  public Session(
      String businessNumber,
      String contact,
      boolean windowOpen,
      @Nullable Instant windowExpiresAt,
      OptInState optIn,
      List<Category> optedOutCategories,
      boolean reachable,
      boolean blocked,
      @Nullable Instant lastInboundAt,
      Instant updatedAt) {
    this(
        businessNumber,
        contact,
        windowOpen,
        windowExpiresAt,
        optIn,
        optedOutCategories,
        reachable,
        blocked,
        lastInboundAt,
        updatedAt,
        null,
        null);
  }
}
