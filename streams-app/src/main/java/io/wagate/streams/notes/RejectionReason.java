package io.wagate.streams.notes;

/**
 * Why wagate rejected a send request before it left: one constant per row of the contract's
 * "Rejection reasons" table, with the {@code reason} and {@code code} that go on {@code wa.status}
 * and the {@code action} and note text that go on {@code wa.notes}.
 *
 * <p>Where a provider has an equivalent error the code is the provider's, so a CRM sees one
 * vocabulary whether wagate or WhatsApp refused the message.
 *
 * <p>The {@code action} of a rejection note tells the CRM what to do, one word each:
 *
 * <ul>
 *   <li>{@code FIX_REQUEST}: correct the request and send it again;
 *   <li>{@code FIX_PHONE}: correct the contact's phone number;
 *   <li>{@code ENABLE_NUMBER}: an operator must switch the business number back on;
 *   <li>{@code SEND_SMS}: the contact is not on WhatsApp, reach them by SMS or confirm otherwise;
 *   <li>{@code CONTACT_OTHERWISE}: the contact blocked the business, use another channel;
 *   <li>{@code DO_NOT_CONTACT}: the contact opted out, respect it;
 *   <li>{@code WAIT_FOR_OPT_IN}: the contact declined, only they can opt in again (reply YES);
 *   <li>{@code CONFIGURE_OPT_IN}: record consent in the CRM or configure an opt-in template;
 *   <li>{@code USE_TEMPLATE}: the 24-hour window is closed, send an approved template;
 *   <li>{@code SHORTEN}: the message is too long;
 *   <li>{@code FIX_TEMPLATE}: the template is not approved, use an approved one;
 *   <li>{@code FIX_PARAMETERS}: fill in the template's fields correctly;
 *   <li>{@code WAIT_FOR_NUMBER}: the provider paused the business number, send later;
 *   <li>{@code SEND_LATER}: marketing to this contact is held for a day.
 * </ul>
 *
 * <p>{@code NUMBER_PAUSED} and {@code MARKETING_HELD} are wagate's additions to the contract's
 * table.
 *
 * <p>Two notes are not rejections of the table and have their own constants here: a parked request
 * whose opt-in request went unanswered ({@link #OPT_IN_EXPIRED_CODE}, state {@code EXPIRED}), and
 * the final note after bounded retries ({@link #RETRIES_EXHAUSTED_ACTION}, keeping the provider's
 * code).
 *
 * <p>{@link #cause()} and {@link #advice()} may contain {@value NoteWriter#NAME_PLACEHOLDER};
 * {@link NoteWriter#rejection} fills it in.
 */
public enum RejectionReason {
  /** Decodable, but a required field is missing or wrong. */
  INVALID_REQUEST(
      "FIX_REQUEST",
      "the request is incomplete or has a wrong value",
      "Correct the message details and send it again."),
  /** {@code to} is not a valid phone number. */
  INVALID_PHONE(
      "FIX_PHONE",
      "the phone number is not a valid number",
      "Correct the phone number in the contact's details and send the message again."),
  /** The business number is disabled. */
  NUMBER_DISABLED(
      "ENABLE_NUMBER",
      "WhatsApp is switched off for your business number",
      "Ask your administrator to switch WhatsApp back on for this number, or contact {name}"
          + " another way."),
  /** The contact is known not to be on WhatsApp. */
  CONTACT_UNREACHABLE(
      "SEND_SMS",
      "the number is not on WhatsApp, or {name} cannot receive WhatsApp messages from businesses"
          + " (their WhatsApp is too old or its latest terms are not accepted)",
      "Confirm with {name} by phone or email, or send an SMS instead. WhatsApp messages are"
          + " possible again once {name} writes to you on WhatsApp."),
  /** The contact blocked the business. */
  CONTACT_BLOCKED(
      "CONTACT_OTHERWISE",
      "{name} has blocked your WhatsApp number",
      "Contact them another way (phone, SMS or email); WhatsApp works again once they unblock you"
          + " and write to you."),
  /** Opted out of everything, or of the template's category. */
  OPTED_OUT(
      "DO_NOT_CONTACT",
      "{name} asked not to receive these WhatsApp messages",
      "Do not send them these messages; they receive them again only after they opt in, for"
          + " example by replying START."),
  /** A template to a contact who declined the opt-in request, even inside an open window. */
  OPT_IN_DECLINED(
      "WAIT_FOR_OPT_IN",
      "{name} declined to receive WhatsApp messages from you",
      "No templates go to them until they opt in, which they can do at any time by replying"
          + " YES."),
  /** A template without consent, and no opt-in request is possible. */
  NO_OPT_IN(
      "CONFIGURE_OPT_IN",
      "{name} has not agreed to receive WhatsApp messages, and no opt-in request is set up for"
          + " your business number",
      "Record their consent in the CRM (for example on the booking form), or ask your"
          + " administrator to set up an opt-in template."),
  /** Free-form text while the 24-hour window is closed. */
  OUTSIDE_WINDOW(
      "USE_TEMPLATE",
      "the 24-hour customer service window is closed",
      "Send an approved template instead."),
  /** Text over 4096 characters, or a rendered template body over 1024. */
  TOO_LONG(
      "SHORTEN",
      "the message is too long (WhatsApp allows 4096 characters for a text and 1024 for a"
          + " template)",
      "Shorten the message and send it again."),
  /** The registered template is not {@code APPROVED}. */
  TEMPLATE_NOT_APPROVED(
      "FIX_TEMPLATE",
      "the template is not approved by WhatsApp",
      "Use an approved template, or wait until this one is approved."),
  /** Parameter count differs from the registered template, or a parameter is empty. */
  TEMPLATE_PARAMS_MISMATCH(
      "FIX_PARAMETERS",
      "the template's fields do not match: a field is empty or there are too many or too few",
      "Fill in every field of the template and send it again."),
  /** Addition to the contract: the provider paused the business number (63018, 63038, 471). */
  NUMBER_PAUSED(
      "WAIT_FOR_NUMBER",
      "WhatsApp has paused your business number for a while because it sent too many messages",
      "Send the message again later, or contact {name} another way."),
  /** Addition to the contract: marketing held for 24 hours after 131049 or 130472. */
  MARKETING_HELD(
      "SEND_LATER",
      "WhatsApp is holding back marketing messages to {name} for a day to protect their"
          + " experience",
      "Send this marketing message again tomorrow; appointment and account messages still go"
          + " out.");

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

  private final String action;
  private final String cause;
  private final String advice;

  RejectionReason(String action, String cause, String advice) {
    this.action = action;
    this.cause = cause;
    this.advice = advice;
  }

  /**
   * The contract's {@code reason} string, the constant's name.
   *
   * @return e.g. {@code OUTSIDE_WINDOW}
   */
  public String reason() {
    return name();
  }

  /**
   * The contract's code: the provider's where it has an equivalent error, else {@code WAGATE-…}.
   *
   * @return e.g. {@code 63016}
   */
  public String code() {
    return io.wagate.schemas.events.RejectionReason.valueOf(name()).code();
  }

  /**
   * What the CRM should do, for the note's {@code action} field (see the class comment).
   *
   * @return e.g. {@code USE_TEMPLATE}
   */
  public String action() {
    return action;
  }

  /**
   * What went wrong, as a clause that follows "was not sent:"; may contain {@value
   * NoteWriter#NAME_PLACEHOLDER}.
   *
   * @return e.g. {@code the 24-hour customer service window is closed}
   */
  public String cause() {
    return cause;
  }

  /**
   * What to do about it, as whole sentences; may contain {@value NoteWriter#NAME_PLACEHOLDER}.
   *
   * @return e.g. {@code Send an approved template instead.}
   */
  public String advice() {
    return advice;
  }

  /**
   * The note text as a template, cause and advice, with {@value NoteWriter#NAME_PLACEHOLDER} not
   * yet filled in; {@link NoteWriter#rejection} writes the finished text.
   *
   * @return e.g. {@code The 24-hour customer service window is closed. Send an approved template
   *     instead.}
   */
  public String note() {
    return Character.toUpperCase(cause.charAt(0)) + cause.substring(1) + ". " + advice;
  }
}
