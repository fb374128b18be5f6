package io.wagate.schemas.events;

/**
 * Why a request was rejected ({@code reason} of a {@code REJECTED} {@link RequestStatus}), with its
 * code. Where a provider has an equivalent error the code is the provider's, so that CRMs see one
 * vocabulary.
 */
public enum RejectionReason {
  /** Decodable, but a required field is missing or wrong. */
  INVALID_REQUEST("WAGATE-INVALID-REQUEST", "FIX_REQUEST"),
  /** {@code to} is not a valid phone number. */
  INVALID_PHONE("WAGATE-INVALID-PHONE", "FIX_PHONE"),
  /** The business number is disabled. */
  NUMBER_DISABLED("63020", "ENABLE_NUMBER"),
  /** The contact is known not to be on WhatsApp. */
  CONTACT_UNREACHABLE("131026", "SEND_SMS"),
  /** The contact blocked the business. */
  CONTACT_BLOCKED("63033", "CONTACT_OTHERWISE"),
  /** Opted out of everything, or of the template's category. */
  OPTED_OUT("WAGATE-OPTED-OUT", "DO_NOT_CONTACT"),
  /** A template to a contact who declined the opt-in request, even inside an open window. */
  OPT_IN_DECLINED("WAGATE-OPT-IN-DECLINED", "WAIT_FOR_OPT_IN"),
  /** A template without consent, and no opt-in request possible. */
  NO_OPT_IN("WAGATE-NO-OPT-IN", "CONFIGURE_OPT_IN"),
  /** Free-form text while the 24-hour window is closed. */
  OUTSIDE_WINDOW("63016", "USE_TEMPLATE"),
  /** Text over 4096 characters, or a rendered template body over 1024. */
  TOO_LONG("WAGATE-TOO-LONG", "SHORTEN"),
  /** A registered template that is not {@code APPROVED}. */
  TEMPLATE_NOT_APPROVED("132001", "FIX_TEMPLATE"),
  /** The parameter count differs from the registered template, or a parameter is empty. */
  TEMPLATE_PARAMS_MISMATCH("63028", "FIX_PARAMETERS"),
  /** wagate's addition: the provider paused the business number (63018, 63038, 471). */
  NUMBER_PAUSED("63018", "WAIT_FOR_NUMBER"),
  /** wagate's addition: marketing held for a day after 131049 or 130472. */
  MARKETING_HELD("131049", "SEND_LATER"),
  /**
   * wagate's addition: Meta restricted business-initiated messages of the number's account for a
   * while; replies inside an open window still go.
   */
  NUMBER_RESTRICTED("WAGATE-NUMBER-RESTRICTED", "SEND_IN_WINDOW");

  private final String code;
  private final String action;

  RejectionReason(String code, String action) {
    this.code = code;
    this.action = action;
  }

  /** The code written with this reason on {@code wa.status} and {@code wa.notes}. */
  public String code() {
    return code;
  }

  /**
   * What the CRM should do, one word, written as the {@code action} of the rejection's note: {@code
   * FIX_REQUEST}, {@code FIX_PHONE}, {@code ENABLE_NUMBER}, {@code SEND_SMS}, {@code
   * CONTACT_OTHERWISE}, {@code DO_NOT_CONTACT}, {@code WAIT_FOR_OPT_IN}, {@code CONFIGURE_OPT_IN},
   * {@code USE_TEMPLATE}, {@code SHORTEN}, {@code FIX_TEMPLATE}, {@code FIX_PARAMETERS}, {@code
   * WAIT_FOR_NUMBER}, {@code SEND_LATER} or {@code SEND_IN_WINDOW}.
   */
  public String action() {
    return action;
  }
}
