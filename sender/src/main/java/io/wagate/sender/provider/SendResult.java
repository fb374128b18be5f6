package io.wagate.sender.provider;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/** What a provider's answer to one send attempt means. */
public sealed interface SendResult {

  /**
   * The provider took the message.
   *
   * @param providerMessageId its id ({@code wamid.…}, {@code SM…})
   */
  record Accepted(String providerMessageId) implements SendResult {}

  /**
   * The provider refused it for good; the error catalog decides what follows.
   *
   * @param code the provider's error code ({@code 131047}, {@code 21211}) or wagate's
   * @param title the provider's error title, without phone numbers
   */
  record Rejected(String code, String title) implements SendResult {}

  /**
   * The provider did not take it now but may later: a rate limit, or no provider answer at all
   * where nothing can have been sent (the connection was refused, a gateway answered 5xx).
   *
   * @param code the provider's code ({@code 130429}, {@code 20429}) or the HTTP status
   * @param title what happened, without phone numbers
   * @param retryAfter the provider's {@code Retry-After}, when it sent one
   * @param rateLimited whether it was a rate limit, as opposed to unavailability
   */
  record Retryable(String code, String title, @Nullable Duration retryAfter, boolean rateLimited)
      implements SendResult {}

  /**
   * The request may have reached the provider, but no answer says so (a timeout or a connection
   * lost after the request was written). It is not sent again: that could send it twice.
   *
   * @param reason what happened
   */
  record Unconfirmed(String reason) implements SendResult {}
}
