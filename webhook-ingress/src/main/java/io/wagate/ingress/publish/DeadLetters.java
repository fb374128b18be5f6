package io.wagate.ingress.publish;

import io.wagate.schemas.Topics;
import io.wagate.schemas.WebhookDeadLetterHeaders;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Builds the {@code wa.dlq} records of the ingress. A webhook part wagate does not map is never
 * dropped: it is published here with headers that say why, in the spirit of Kafka Streams' own
 * {@code __streams.errors.*} headers.
 *
 * <ul>
 *   <li>{@value #REASON}: a stable, machine-readable reason (see the constants below);
 *   <li>{@value #MESSAGE}: a human-readable explanation, never containing payload data;
 *   <li>{@value #SOURCE}: the endpoint, e.g. {@code POST /webhooks/meta};
 *   <li>{@value #PROVIDER}: {@code META} or {@code TWILIO};
 *   <li>{@value #FIELD}: for a Meta change, its {@code field};
 *   <li>{@value #QUERY}: the raw query string of the request, when it had one (Twilio status
 *       callbacks carry the {@code requestId} there);
 *   <li>{@value #RECEIVED_AT}: when the ingress received the request, ISO-8601 UTC.
 * </ul>
 *
 * The record timestamp is the receive time; dead letters have no key.
 */
public final class DeadLetters {

  /** Header: machine-readable reason. */
  public static final String REASON = WebhookDeadLetterHeaders.REASON;

  /** Header: human-readable explanation. */
  public static final String MESSAGE = WebhookDeadLetterHeaders.MESSAGE;

  /** Header: the endpoint that received the request. */
  public static final String SOURCE = WebhookDeadLetterHeaders.SOURCE;

  /** Header: the provider. */
  public static final String PROVIDER = WebhookDeadLetterHeaders.PROVIDER;

  /** Header: the Meta change field. */
  public static final String FIELD = WebhookDeadLetterHeaders.FIELD;

  /** Header: the request's raw query string. */
  public static final String QUERY = WebhookDeadLetterHeaders.QUERY;

  /** Header: the receive time. */
  public static final String RECEIVED_AT = WebhookDeadLetterHeaders.RECEIVED_AT;

  /** Reason: a signed body that cannot be parsed; the value is the original body, byte for byte. */
  public static final String UNPARSEABLE = WebhookDeadLetterHeaders.UNPARSEABLE;

  /** Reason: a Meta change field Meta does not document for WhatsApp Business Accounts. */
  public static final String UNSUPPORTED_FIELD = WebhookDeadLetterHeaders.UNSUPPORTED_FIELD;

  /**
   * Reason: a Meta change whose content wagate does not map (statuses of group messages, a
   * preference of a category other than marketing, a messages change with nothing in it).
   */
  public static final String UNSUPPORTED_CONTENT = WebhookDeadLetterHeaders.UNSUPPORTED_CONTENT;

  private DeadLetters() {}

  /**
   * A whole request body that could not be parsed.
   *
   * @param body the original bytes
   * @param source the endpoint, e.g. {@code POST /webhooks/meta}
   * @param provider {@code META} or {@code TWILIO}
   * @param query the raw query string, or null
   * @param error why it could not be parsed
   * @param receivedAt the receive time
   * @return the dead letter
   */
  public static WebhookRecord<byte[], byte[]> unparseable(
      byte[] body,
      String source,
      String provider,
      @Nullable String query,
      String error,
      Instant receivedAt) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put(REASON, UNPARSEABLE);
    headers.put(MESSAGE, error);
    headers.put(SOURCE, source);
    headers.put(PROVIDER, provider);
    if (query != null) {
      headers.put(QUERY, query);
    }
    headers.put(RECEIVED_AT, receivedAt.toString());
    return new WebhookRecord<>(Topics.DLQ, null, body.clone(), receivedAt, headers);
  }

  /**
   * One part of a parsed request that wagate does not map.
   *
   * @param value the part, as JSON bytes
   * @param source the endpoint
   * @param provider {@code META} or {@code TWILIO}
   * @param field the Meta change field
   * @param reason one of the reason constants
   * @param message a human-readable explanation without payload data
   * @param receivedAt the receive time
   * @return the dead letter
   */
  public static WebhookRecord<byte[], byte[]> unmapped(
      byte[] value,
      String source,
      String provider,
      String field,
      String reason,
      String message,
      Instant receivedAt) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put(REASON, reason);
    headers.put(MESSAGE, message);
    headers.put(SOURCE, source);
    headers.put(PROVIDER, provider);
    headers.put(FIELD, field);
    headers.put(RECEIVED_AT, receivedAt.toString());
    return new WebhookRecord<>(Topics.DLQ, null, value, receivedAt, headers);
  }
}
