package io.wagate.streams.notes;

/**
 * The default texts wagate sends to a contact on its own, as free-form messages inside the window
 * the contact's own message just opened. They name the keywords of the default keyword set
 * (DOMAIN.md §2); an installation that changes the keywords should change these texts with them.
 */
public final class Replies {

  /** After an opt-out from everything: says how to opt in again, as the rules require. */
  public static final String OPT_OUT_CONFIRMATION =
      "You will no longer receive messages from us. Reply START or YES at any time to receive"
          + " them again.";

  /** After "STOP PROMOTIONS" or Meta's stop: only marketing stops, service messages continue. */
  public static final String MARKETING_OPT_OUT_CONFIRMATION =
      "You will no longer receive promotional messages from us. You will still receive messages"
          + " about your appointments and account. Reply START at any time to receive promotions"
          + " again.";

  /** After YES, START or another opt-in keyword. */
  public static final String OPT_IN_CONFIRMATION =
      "Thank you, you will now receive WhatsApp messages from us. Reply STOP at any time to stop"
          + " them.";

  /** After NO to a pending opt-in request: says they can still opt in by replying YES. */
  public static final String DECLINE_CONFIRMATION =
      "Understood, we will not send you WhatsApp messages. You can opt in at any time by replying"
          + " YES.";

  /**
   * The automatic reply to inbound messages on a disabled business number, unless the number's
   * {@code inactiveAutoReply} says otherwise.
   */
  public static final String DISABLED_NUMBER_AUTO_REPLY =
      "This number does not take WhatsApp messages.";

  private Replies() {}
}
