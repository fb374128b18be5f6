package io.wagate.sender.provider;

/**
 * A message that cannot be turned into a provider request: its number has no provider settings, or
 * a Twilio number has no Content SID for its template. It becomes a {@code failed} outcome with
 * {@link #code()}, so the CRM learns of it; it is not a provider's answer.
 */
public final class UnsendableException extends Exception {

  private static final long serialVersionUID = 1L;

  /** No provider settings for the business number. */
  public static final String NOT_CONFIGURED = "WAGATE-SENDER-NOT-CONFIGURED";

  private final String code;

  /**
   * @param code wagate's code for it
   * @param message what is missing, without phone numbers or bodies
   */
  public UnsendableException(String code, String message) {
    super(message, null, false, false);
    this.code = code;
  }

  /** wagate's code for it. */
  public String code() {
    return code;
  }
}
