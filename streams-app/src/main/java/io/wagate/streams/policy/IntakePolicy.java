package io.wagate.streams.policy;

import io.wagate.schemas.contact.Contacts;
import io.wagate.schemas.events.RejectionReason;
import io.wagate.schemas.events.SendRequest;
import io.wagate.schemas.events.TemplateDefinition;
import org.jspecify.annotations.Nullable;

/**
 * The checks a send request passes before it reaches its conversation (DOMAIN.md §3, the steps that
 * need no conversation state): complete, not too large, and addressed to a valid number. Pure;
 * de-duplication by request id happens just before, in the one task that owns the id.
 */
public final class IntakePolicy {

  private IntakePolicy() {}

  /** What happens to a request at intake. */
  public sealed interface Verdict {}

  /**
   * On to its conversation.
   *
   * @param conversationKey {@code <businessNumber>|<contact>}
   * @param contact the canonical contact
   */
  public record Accept(String conversationKey, String contact) implements Verdict {}

  /**
   * Rejected here, with an outcome keyed as well as the request allows.
   *
   * @param key the conversation key as far as the request gives one
   * @param contact the contact for the status and note: canonical, or {@code to} as given
   * @param reason why
   * @param detail the note's detail
   */
  public record Refuse(
      String key, @Nullable String contact, RejectionReason reason, @Nullable String detail)
      implements Verdict {}

  /**
   * Checks a decoded request.
   *
   * @param request the request; its {@code requestId} is present
   * @param registered the template it names, if registered
   * @param oversizeBytes the raw record's size when it was too large to forward whole, else null
   * @param limit the largest request forwarded whole, in bytes
   */
  public static Verdict decide(
      SendRequest request,
      @Nullable TemplateDefinition registered,
      @Nullable Integer oversizeBytes,
      int limit) {
    String business = request.businessNumber() == null ? "" : request.businessNumber();
    String contact = Contacts.tryCanonicalize(request.to(), request.defaultRegion());
    String shownContact = contact != null ? contact : request.to();
    String key = business + "|" + (shownContact == null ? "" : shownContact);
    if (oversizeBytes != null) {
      return new Refuse(
          key,
          shownContact,
          RejectionReason.TOO_LONG,
          "the request takes " + oversizeBytes + " bytes; the most wagate accepts is " + limit);
    }
    RoutingPolicy.Reject invalid = RoutingPolicy.validate(request, registered);
    if (invalid != null) {
      return new Refuse(key, shownContact, invalid.reason(), invalid.detail());
    }
    if (contact == null) {
      return new Refuse(key, shownContact, RejectionReason.INVALID_PHONE, "to");
    }
    return new Accept(key, contact);
  }
}
