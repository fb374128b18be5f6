package io.wagate.schemas;

/**
 * The headers of a {@code wa.dlq} record written by webhook-ingress, which has no source topic: a
 * webhook body (or one entry and change of it) that wagate does not map, with what went wrong and
 * where. Values are UTF-8 text and never contain payload data. {@code dlq list} and {@code dlq
 * replay} read the same names.
 */
public final class WebhookDeadLetterHeaders {

  /** A stable, machine-readable reason: {@link #UNPARSEABLE}, {@link #UNSUPPORTED_FIELD}, … */
  public static final String REASON = "wagate.error.reason";

  /** A human-readable explanation. */
  public static final String MESSAGE = "wagate.error.message";

  /** The endpoint that received the request, e.g. {@code POST /webhooks/meta}. */
  public static final String SOURCE = "wagate.error.source";

  /** {@code META} or {@code TWILIO}. */
  public static final String PROVIDER = "wagate.error.provider";

  /** For a Meta change, its {@code field}. */
  public static final String FIELD = "wagate.error.field";

  /** The request's raw query string, when it had one (Twilio status callbacks' requestId). */
  public static final String QUERY = "wagate.error.query";

  /** When the ingress received the request, ISO-8601 UTC. */
  public static final String RECEIVED_AT = "wagate.error.received.at";

  /** Reason: a signed body that cannot be parsed; the value is the original body. */
  public static final String UNPARSEABLE = "unparseable-payload";

  /** Reason: a Meta change field wagate does not map. */
  public static final String UNSUPPORTED_FIELD = "unsupported-field";

  /** Reason: a Meta change whose content wagate does not map. */
  public static final String UNSUPPORTED_CONTENT = "unsupported-content";

  private WebhookDeadLetterHeaders() {}
}
