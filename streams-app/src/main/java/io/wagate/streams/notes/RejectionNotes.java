package io.wagate.streams.notes;

import io.wagate.schemas.events.RejectionReason;
import java.util.EnumMap;
import java.util.Map;

/**
 * What a receptionist reads for each {@link RejectionReason}: a cause and an advice, joined by
 * {@link NoteWriter#rejection} into a note. The reason, its code and its action are the contract's
 * vocabulary and live with the enum; the words live here.
 *
 * <p>The texts may contain {@value NoteWriter#NAME_PLACEHOLDER}, filled in with the person's name
 * or the contact's number.
 *
 * <p>Two notes are not rejections of the table and have their own constants here: a parked request
 * whose opt-in request went unanswered ({@link #OPT_IN_EXPIRED_CODE}, state {@code EXPIRED}), and
 * the final note after bounded retries ({@link #RETRIES_EXHAUSTED_ACTION}, keeping the provider's
 * code).
 */
public final class RejectionNotes {

  /** The code of the note for a parked request whose opt-in request went unanswered. */
  public static final String OPT_IN_EXPIRED_CODE = "WAGATE-OPT-IN-EXPIRED";

  /** The reason on {@code wa.status} for an expired parked request (state {@code EXPIRED}). */
  public static final String OPT_IN_EXPIRED_REASON = "OPT_IN_EXPIRED";

  /** The action of that note: obtain consent another way (form, checkbox) and send again. */
  public static final String OPT_IN_EXPIRED_ACTION = "COLLECT_CONSENT";

  /**
   * The action of the final note after bounded retries; its code stays the provider's (the last
   * failure's), so the CRM still sees why.
   */
  public static final String RETRIES_EXHAUSTED_ACTION = "RETRY_LATER";

  /**
   * The words for one reason.
   *
   * @param cause what went wrong, as a clause that follows "was not sent:"
   * @param advice what to do about it, as whole sentences
   */
  public record Text(String cause, String advice) {

    /** Cause and advice as one text, the placeholder not yet filled in. */
    public String note() {
      return Character.toUpperCase(cause.charAt(0)) + cause.substring(1) + ". " + advice;
    }
  }

  private static final Map<RejectionReason, Text> TEXTS = new EnumMap<>(RejectionReason.class);

  static {
    TEXTS.put(
        RejectionReason.INVALID_REQUEST,
        new Text(
            "the request is incomplete or has a wrong value",
            "Correct the message details and send it again."));
    TEXTS.put(
        RejectionReason.INVALID_PHONE,
        new Text(
            "the phone number is not a valid number",
            "Correct the phone number in the contact's details and send the message again."));
    TEXTS.put(
        RejectionReason.NUMBER_DISABLED,
        new Text(
            "WhatsApp is switched off for your business number",
            "Ask your administrator to switch WhatsApp back on for this number, or contact {name}"
                + " another way."));
    TEXTS.put(
        RejectionReason.CONTACT_UNREACHABLE,
        new Text(
            "the number is not on WhatsApp, or {name} cannot receive WhatsApp messages from businesses"
                + " (their WhatsApp is too old or its latest terms are not accepted)",
            "Confirm with {name} by phone or email, or send an SMS instead. WhatsApp messages are"
                + " possible again once {name} writes to you on WhatsApp."));
    TEXTS.put(
        RejectionReason.CONTACT_BLOCKED,
        new Text(
            "{name} has blocked your WhatsApp number",
            "Contact them another way (phone, SMS or email); WhatsApp works again once they unblock you"
                + " and write to you."));
    TEXTS.put(
        RejectionReason.OPTED_OUT,
        new Text(
            "{name} asked not to receive these WhatsApp messages",
            "Do not send them these messages; they receive them again only after they opt in, for"
                + " example by replying START."));
    TEXTS.put(
        RejectionReason.OPT_IN_DECLINED,
        new Text(
            "{name} declined to receive WhatsApp messages from you",
            "No templates go to them until they opt in, which they can do at any time by replying"
                + " YES."));
    TEXTS.put(
        RejectionReason.NO_OPT_IN,
        new Text(
            "{name} has not agreed to receive WhatsApp messages, and no opt-in request is set up for"
                + " your business number",
            "Record their consent in the CRM (for example on the booking form), or ask your"
                + " administrator to set up an opt-in template."));
    TEXTS.put(
        RejectionReason.OUTSIDE_WINDOW,
        new Text(
            "the 24-hour customer service window is closed", "Send an approved template instead."));
    TEXTS.put(
        RejectionReason.TOO_LONG,
        new Text(
            "the message is too long (WhatsApp allows 4096 characters for a text and 1024 for a"
                + " template)",
            "Shorten the message and send it again."));
    TEXTS.put(
        RejectionReason.TEMPLATE_NOT_APPROVED,
        new Text(
            "the template is not approved by WhatsApp",
            "Use an approved template, or wait until this one is approved."));
    TEXTS.put(
        RejectionReason.TEMPLATE_PARAMS_MISMATCH,
        new Text(
            "the template's fields do not match: a field is empty or there are too many or too few",
            "Fill in every field of the template and send it again."));
    TEXTS.put(
        RejectionReason.NUMBER_PAUSED,
        new Text(
            "WhatsApp has paused your business number for a while because it sent too many messages",
            "Send the message again later, or contact {name} another way."));
    TEXTS.put(
        RejectionReason.MARKETING_HELD,
        new Text(
            "WhatsApp is holding back marketing messages to {name} for a day to protect their"
                + " experience",
            "Send this marketing message again tomorrow; appointment and account messages still go"
                + " out."));
    TEXTS.put(
        RejectionReason.NUMBER_RESTRICTED,
        new Text(
            "WhatsApp has restricted your business number's account from starting conversations"
                + " for a while",
            "Reply to {name} once they write to you (replies still go), or contact them another"
                + " way until the restriction ends."));
  }

  private RejectionNotes() {}

  /** The words for {@code reason}; every reason has them. */
  public static Text of(RejectionReason reason) {
    Text text = TEXTS.get(reason);
    if (text == null) {
      throw new IllegalStateException("no note text for " + reason);
    }
    return text;
  }
}
