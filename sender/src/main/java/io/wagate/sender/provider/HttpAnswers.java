package io.wagate.sender.provider;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** What both providers' answers share: {@code Retry-After}, and answers without a provider body. */
final class HttpAnswers {

  /** HTTP 429 Too Many Requests. */
  static final int TOO_MANY_REQUESTS = 429;

  private HttpAnswers() {}

  /**
   * {@code Retry-After} as delta-seconds or an HTTP date (RFC 9110 §10.2.3); null when absent or
   * malformed, and never negative.
   */
  static @Nullable Duration retryAfter(Optional<String> header, Instant now) {
    if (header.isEmpty() || header.get().isBlank()) {
      return null;
    }
    String value = header.get().strip();
    try {
      long seconds = Long.parseLong(value);
      return seconds < 0 ? null : Duration.ofSeconds(seconds);
    } catch (NumberFormatException notSeconds) {
      try {
        Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        Duration wait = Duration.between(now, at);
        return wait.isNegative() ? Duration.ZERO : wait;
      } catch (DateTimeParseException notDate) {
        return null;
      }
    }
  }

  /**
   * An answer that carries no provider error body: a gateway's page, an empty body. 429 and 5xx are
   * retried (nothing was taken); anything else is a failure named by its status.
   */
  static SendResult withoutProviderError(int status, @Nullable Duration retryAfter) {
    String code = "WAGATE-HTTP-" + status;
    if (status == TOO_MANY_REQUESTS) {
      return new SendResult.Retryable(code, "too many requests", retryAfter, true);
    }
    if (status >= 500) {
      return new SendResult.Retryable(
          code, "the provider answered " + status + " without an error", retryAfter, false);
    }
    return new SendResult.Rejected(code, "the provider answered " + status + " without an error");
  }
}
