package io.wagate.sender.send;

import io.wagate.schemas.events.OutboundMessage;
import io.wagate.schemas.events.Provider;
import io.wagate.schemas.events.StatusCallback;
import io.wagate.sender.provider.SendResult;
import java.time.Instant;

/**
 * What a send's final result becomes on {@code wa.status.callbacks}, so that the streams app treats
 * it as it treats the provider's webhooks:
 *
 * <ul>
 *   <li>accepted: {@code status: accepted} with the provider's message id and the requestId, which
 *       ties {@code wamid…}/{@code SM…} to the request;
 *   <li>refused: {@code status: failed} with the provider's code and title, so the error catalog
 *       writes the note and takes the action, as for a webhook failure;
 *   <li>rate-limited or unavailable after the last retry: {@code failed} with the last code;
 *   <li>unconfirmed: {@code failed} with {@value #UNCONFIRMED}; nothing retries it automatically.
 * </ul>
 */
public final class Outcomes {

  /** The code of a send that may or may not have reached the provider. */
  public static final String UNCONFIRMED = "WAGATE-SEND-UNCONFIRMED";

  /** The status of an accepted send. */
  public static final String ACCEPTED = "accepted";

  /** The status of a send that did not go out. */
  public static final String FAILED = "failed";

  private Outcomes() {}

  /**
   * The callback record of {@code message}'s final result.
   *
   * @param message the message
   * @param provider who was asked
   * @param result the final result
   * @param at when the answer came
   * @return the record
   */
  public static StatusCallback callback(
      OutboundMessage message, Provider provider, SendResult result, Instant at) {
    if (result instanceof SendResult.Accepted accepted) {
      return new StatusCallback(
          provider,
          accepted.providerMessageId(),
          message.requestId(),
          message.businessNumber(),
          message.to(),
          ACCEPTED,
          null,
          null,
          at);
    }
    if (result instanceof SendResult.Rejected rejected) {
      return failed(message, provider, rejected.code(), rejected.title(), at);
    }
    if (result instanceof SendResult.Retryable retryable) {
      return failed(message, provider, retryable.code(), retryable.title(), at);
    }
    SendResult.Unconfirmed unconfirmed = (SendResult.Unconfirmed) result;
    return failed(
        message,
        provider,
        UNCONFIRMED,
        "the provider did not confirm the send ("
            + unconfirmed.reason()
            + "); it may have been sent",
        at);
  }

  /** The metric label of a final result. */
  public static String label(SendResult result) {
    if (result instanceof SendResult.Accepted) {
      return "accepted";
    }
    return result instanceof SendResult.Unconfirmed ? "unconfirmed" : "failed";
  }

  private static StatusCallback failed(
      OutboundMessage message, Provider provider, String code, String title, Instant at) {
    return new StatusCallback(
        provider,
        null,
        message.requestId(),
        message.businessNumber(),
        message.to(),
        FAILED,
        code,
        title,
        at);
  }
}
