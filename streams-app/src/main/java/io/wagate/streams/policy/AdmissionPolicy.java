package io.wagate.streams.policy;

/**
 * Whether a business-initiated template may go now (DOMAIN.md §5): a contact the portfolio already
 * reached in the moving 24 hours goes without counting again; a new one goes while the portfolio
 * has room, and is held in order otherwise; marketing from a number Meta flagged is held until the
 * flag is lifted. Pure.
 */
public final class AdmissionPolicy {

  private AdmissionPolicy() {}

  /** What happens to a request that asks for room. */
  public enum Verdict {
    /** Goes; the contact was counted already in the last 24 hours. */
    GO_COUNTED,
    /** Goes, counting the contact. */
    GO_NEW_CONTACT,
    /** Held: the portfolio reached its limit, or others wait before it. */
    HOLD_LIMIT,
    /** Held: marketing from a flagged number. */
    HOLD_FLAGGED
  }

  /**
   * Decides one request.
   *
   * @param heldForFlag the request is marketing from a number Meta flagged, and wagate holds such
   * @param counted the contact was reached in the last 24 hours
   * @param used contacts counted in the last 24 hours
   * @param limit the portfolio's limit, {@link MessagingLimits#UNLIMITED} for none
   * @param waitingForRoom how many held requests already wait for room, in order before it
   */
  public static Verdict decide(
      boolean heldForFlag, boolean counted, int used, int limit, int waitingForRoom) {
    if (heldForFlag) {
      return Verdict.HOLD_FLAGGED;
    }
    if (counted) {
      return Verdict.GO_COUNTED;
    }
    if (waitingForRoom == 0 && MessagingLimits.hasRoom(used, limit)) {
      return Verdict.GO_NEW_CONTACT;
    }
    return Verdict.HOLD_LIMIT;
  }
}
