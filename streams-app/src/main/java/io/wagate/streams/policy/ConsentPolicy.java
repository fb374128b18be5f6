package io.wagate.streams.policy;

import io.wagate.schemas.events.Category;
import io.wagate.schemas.events.ConsentEvent;
import io.wagate.schemas.events.ConsentStatus;
import io.wagate.schemas.events.InboundMessage;
import io.wagate.schemas.events.RejectionReason;
import io.wagate.streams.config.Keywords;
import io.wagate.streams.notes.Replies;
import io.wagate.streams.state.ConsentLedger.Will;
import java.time.Instant;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What an event says about consent, and what follows when it is the latest word (DOMAIN.md §2).
 * Pure: the conversation's ledger decides precedence; this says what was expressed and what to do.
 */
public final class ConsentPolicy {

  /** The attestation source of a keyword or button on WhatsApp. */
  public static final String SOURCE_KEYWORD = "whatsapp-keyword";

  /** The attestation source of Meta's marketing preferences (stop, resume). */
  public static final String SOURCE_PREFERENCES = "whatsapp-user-preferences";

  /** The attestation source of a provider's error code (131050). */
  public static final String SOURCE_PROVIDER = "provider-error";

  /** The attestation source of a CRM record that names none. */
  public static final String SOURCE_CRM = "crm";

  private static final Set<Category> MARKETING = Set.of(Category.MARKETING);

  private ConsentPolicy() {}

  /**
   * One expression of the contact's will.
   *
   * @param will what they said
   * @param categories the categories it covers; empty means all
   * @param source what captured it
   * @param at when they expressed it
   * @param messageId the message that carried it, if any
   * @param reference the CRM's reference, if any
   * @param fromContact whether the contact said it on WhatsApp (then it answers an opt-in request)
   * @param confirmation what to reply to the contact when it takes effect, or null
   */
  public record Expression(
      Will will,
      Set<Category> categories,
      String source,
      Instant at,
      @Nullable String messageId,
      @Nullable String reference,
      boolean fromContact,
      @Nullable String confirmation) {}

  /**
   * What a user's message says about consent, or null when nothing: a keyword or button (matched on
   * the whole message), or Meta's marketing preference. NO declines only while an opt-in request is
   * pending.
   */
  public static @Nullable Expression ofMessage(
      Keywords keywords, InboundMessage message, boolean optInPending) {
    String id = message.providerMessageId();
    Instant at = message.occurredAt();
    if ("user_preferences".equals(message.type())) {
      String value = message.text() == null ? "" : message.text().strip().toLowerCase(Locale.ROOT);
      return switch (value) {
        case "stop" ->
            new Expression(Will.OPTED_OUT, MARKETING, SOURCE_PREFERENCES, at, id, null, true, null);
        case "resume", "signup" ->
            new Expression(Will.OPTED_IN, MARKETING, SOURCE_PREFERENCES, at, id, null, true, null);
        default -> null;
      };
    }
    return switch (keywords.meaningOf(message.text(), message.buttonPayload())) {
      case OPT_OUT ->
          new Expression(
              Will.OPTED_OUT,
              Set.of(),
              SOURCE_KEYWORD,
              at,
              id,
              null,
              true,
              Replies.OPT_OUT_CONFIRMATION);
      case MARKETING_OPT_OUT ->
          new Expression(
              Will.OPTED_OUT,
              MARKETING,
              SOURCE_KEYWORD,
              at,
              id,
              null,
              true,
              Replies.MARKETING_OPT_OUT_CONFIRMATION);
      case OPT_IN ->
          new Expression(
              Will.OPTED_IN,
              Set.of(),
              SOURCE_KEYWORD,
              at,
              id,
              null,
              true,
              Replies.OPT_IN_CONFIRMATION);
      case DECLINE ->
          optInPending
              ? new Expression(
                  Will.DECLINED,
                  Set.of(),
                  SOURCE_KEYWORD,
                  at,
                  id,
                  null,
                  true,
                  Replies.DECLINE_CONFIRMATION)
              : null;
      case NONE -> null;
    };
  }

  /**
   * A CRM's consent record: expressed at its {@code capturedAt}, or {@code now} without one.
   *
   * @throws IllegalArgumentException when it has no status (the input's validation lets none
   *     through)
   */
  public static Expression ofCrm(ConsentEvent consent, Instant now) {
    if (consent.status() == null) {
      throw new IllegalArgumentException("consent has no status");
    }
    return new Expression(
        consent.status() == ConsentStatus.OPTED_IN ? Will.OPTED_IN : Will.OPTED_OUT,
        consent.categories() == null ? Set.of() : Set.copyOf(consent.categories()),
        consent.source() == null || consent.source().isBlank() ? SOURCE_CRM : consent.source(),
        consent.capturedAt() == null ? now : consent.capturedAt(),
        null,
        consent.reference(),
        false,
        null);
  }

  /** Meta's 131050: the contact stopped marketing messages, at the failure's time. */
  public static Expression ofMarketingStop(Instant at) {
    return new Expression(Will.OPTED_OUT, MARKETING, SOURCE_PROVIDER, at, null, null, false, null);
  }

  /**
   * What parked requests undergo once an expression decides {@code decided}: released on opt-in,
   * rejected on opt-out or decline.
   *
   * @param will what was expressed
   * @return the rejection reason for parked requests of the decided categories, or null when they
   *     are released instead
   */
  public static @Nullable RejectionReason parkedRejection(Will will) {
    return switch (will) {
      case OPTED_IN -> null;
      case OPTED_OUT -> RejectionReason.OPTED_OUT;
      case DECLINED -> RejectionReason.OPT_IN_DECLINED;
    };
  }
}
