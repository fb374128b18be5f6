package io.wagate.dlq;

import io.wagate.schemas.DeadLetterHeaders;
import io.wagate.schemas.WebhookDeadLetterHeaders;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.jspecify.annotations.Nullable;

/**
 * What a record of {@code wa.dlq} is, read from its headers: a dead letter of the streams app, one
 * of the ingress, a replay marker, or a record with no headers wagate knows.
 */
public sealed interface Origin {

  /** What {@code dlq list} groups by first: the source topic, or the ingress endpoint. */
  String source();

  /** What {@code dlq list} groups by second: the exception class, or the ingress reason. */
  String error();

  /**
   * Reads a record's origin from its headers.
   *
   * @param letter the record
   * @return its origin
   */
  static Origin of(DeadLetter letter) {
    String marker = letter.header(ReplayHeaders.MARKER);
    if (marker != null) {
      try {
        return new Marker(Position.parse(marker));
      } catch (IllegalArgumentException e) {
        return new Unknown();
      }
    }
    String exception = letter.header(DeadLetterHeaders.EXCEPTION);
    if (exception != null) {
      return new Streams(
          letter.header(DeadLetterHeaders.TOPIC),
          number(letter.header(DeadLetterHeaders.PARTITION)),
          number(letter.header(DeadLetterHeaders.OFFSET)),
          exception,
          letter.header(DeadLetterHeaders.MESSAGE));
    }
    String reason = letter.header(WebhookDeadLetterHeaders.REASON);
    String source = letter.header(WebhookDeadLetterHeaders.SOURCE);
    if (reason != null && source != null) {
      return new Webhook(
          source,
          reason,
          letter.header(WebhookDeadLetterHeaders.PROVIDER),
          letter.header(WebhookDeadLetterHeaders.FIELD),
          letter.header(WebhookDeadLetterHeaders.QUERY),
          instant(letter.header(WebhookDeadLetterHeaders.RECEIVED_AT)),
          letter.header(WebhookDeadLetterHeaders.MESSAGE));
    }
    return new Unknown();
  }

  private static @Nullable Long number(@Nullable String text) {
    if (text == null) {
      return null;
    }
    try {
      return Long.parseLong(text.strip());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static @Nullable Instant instant(@Nullable String text) {
    if (text == null) {
      return null;
    }
    try {
      return Instant.parse(text.strip());
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /**
   * A record the streams app could not decode or process, with Kafka Streams' own headers.
   *
   * @param topic the topic it was read from ({@code __streams.errors.topic}); null when it did not
   *     come from a topic
   * @param partition its partition there, or null
   * @param offset its offset there, or null
   * @param exception the exception's class name
   * @param message the exception's message, or null
   */
  record Streams(
      @Nullable String topic,
      @Nullable Long partition,
      @Nullable Long offset,
      String exception,
      @Nullable String message)
      implements Origin {

    @Override
    public String source() {
      return topic == null ? "(no source topic)" : topic;
    }

    @Override
    public String error() {
      return exception;
    }
  }

  /**
   * A webhook body, or one entry and change of it, that the ingress did not map.
   *
   * @param source the endpoint, e.g. {@code POST /webhooks/meta}
   * @param reason the machine-readable reason, e.g. {@code unsupported-field}
   * @param provider {@code META} or {@code TWILIO}, or null
   * @param field the Meta change field, or null
   * @param query the request's raw query string, or null
   * @param receivedAt when the ingress received it, or null when the header is missing
   * @param message the human-readable explanation, or null
   */
  record Webhook(
      String source,
      String reason,
      @Nullable String provider,
      @Nullable String field,
      @Nullable String query,
      @Nullable Instant receivedAt,
      @Nullable String message)
      implements Origin {

    @Override
    public String error() {
      return field == null ? reason : reason + " (" + field + ")";
    }
  }

  /**
   * A marker {@code dlq replay} wrote: the dead letter at {@code replays} has been replayed.
   *
   * @param replays the dead letter it marks
   */
  record Marker(Position replays) implements Origin {

    @Override
    public String source() {
      return "(replay marker)";
    }

    @Override
    public String error() {
      return "replayed " + replays;
    }
  }

  /** A record without the headers of either service. */
  record Unknown() implements Origin {

    @Override
    public String source() {
      return "(unknown source)";
    }

    @Override
    public String error() {
      return "(no error headers)";
    }
  }
}
