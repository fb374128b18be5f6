package io.wagate.ingress.http;

import io.wagate.ingress.UnparseablePayloadException;
import io.wagate.ingress.http.BodyReader.BodyTooLargeException;
import io.wagate.ingress.http.WebhookMetrics.Outcome;
import io.wagate.ingress.publish.DeadLetters;
import io.wagate.ingress.publish.Publisher;
import io.wagate.ingress.publish.WebhookRecord;
import io.wagate.schemas.Topics;
import io.wagate.schemas.events.Provider;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.errors.SerializationException;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The life of one signed webhook POST, the same for every provider:
 *
 * <ol>
 *   <li>401 when the provider's secret is not configured or the signature header is missing;
 *   <li>413 when the declared length is over the limit, or as soon as the body read so far is;
 *   <li>the signature is verified over the raw bytes, before anything parses them: 401 when wrong;
 *   <li>the body is mapped to contract records; a signed body that cannot be mapped becomes one
 *       {@code wa.dlq} record holding the original bytes;
 *   <li>the records are published, and the response is written when Kafka has acknowledged all of
 *       them (200) or when it has not within the publish timeout (503, so the provider retries).
 * </ol>
 *
 * <p>No step blocks a thread: the body arrives through Jetty's demand callbacks and the answer is
 * written from the completion of the publish future, on Jetty's executor.
 */
public abstract class SignedWebhookHandler implements Request.Handler {

  private static final Logger LOGGER = LoggerFactory.getLogger(SignedWebhookHandler.class);

  private final Provider provider;
  private final String endpoint;
  private final int maxBodyBytes;
  private final Duration publishTimeout;
  private final Publisher publisher;
  private final WebhookMetrics metrics;
  private final Clock clock;

  /**
   * The common part of a provider's webhook handler.
   *
   * @param provider the provider
   * @param endpoint the metric label of the endpoint, e.g. {@code webhook} or {@code status}
   * @param maxBodyBytes the largest body accepted
   * @param publishTimeout the publish timeout, for the 503 message
   * @param publisher where the records go
   * @param metrics the request counters
   * @param clock the receive-time clock
   */
  protected SignedWebhookHandler(
      Provider provider,
      String endpoint,
      int maxBodyBytes,
      Duration publishTimeout,
      Publisher publisher,
      WebhookMetrics metrics,
      Clock clock) {
    this.provider = provider;
    this.endpoint = endpoint;
    this.maxBodyBytes = maxBodyBytes;
    this.publishTimeout = publishTimeout;
    this.publisher = publisher;
    this.metrics = metrics;
    this.clock = clock;
  }

  /** Whether the provider's secret is configured; without it every POST gets 401. */
  protected abstract boolean configured();

  /** The name of the header that carries the signature. */
  protected abstract String signatureHeader();

  /**
   * Whether {@code signature} signs this request.
   *
   * @param request the request, for its URL
   * @param body the raw body
   * @param signature the signature header's value
   * @return true when it matches
   */
  protected abstract boolean verify(Request request, byte[] body, String signature);

  /**
   * The contract records of a verified body.
   *
   * @param request the request, for its query parameters
   * @param body the raw body
   * @param receivedAt when it was received
   * @return the records, in order
   * @throws UnparseablePayloadException when the body cannot be mapped
   */
  protected abstract List<WebhookRecord<?, ?>> map(Request request, byte[] body, Instant receivedAt)
      throws UnparseablePayloadException;

  /**
   * Writes the 200 answer.
   *
   * @param response the response
   * @param callback completed when written
   * @param records how many records were acknowledged
   * @param deadLettered whether the body went to {@code wa.dlq}
   */
  protected abstract void writeAccepted(
      Response response, Callback callback, int records, boolean deadLettered);

  @Override
  public final boolean handle(Request request, Response response, Callback callback) {
    if (!configured()) {
      reject(
          response,
          callback,
          401,
          Outcome.UNAUTHORIZED,
          "unauthorized",
          label() + " webhooks are not configured on this ingress");
      return true;
    }
    String signature = request.getHeaders().get(signatureHeader());
    if (signature == null) {
      reject(
          response,
          callback,
          401,
          Outcome.UNAUTHORIZED,
          "unauthorized",
          signatureHeader() + " header is missing");
      return true;
    }
    if (request.getLength() > maxBodyBytes) {
      reject(
          response,
          callback,
          413,
          Outcome.PAYLOAD_TOO_LARGE,
          "payload_too_large",
          "request body exceeds " + maxBodyBytes + " bytes");
      return true;
    }
    BodyReader.read(request, maxBodyBytes)
        .whenComplete(
            (body, failure) -> {
              if (failure != null) {
                onReadFailure(response, callback, unwrap(failure));
                return;
              }
              try {
                onBody(request, response, callback, body, signature);
              } catch (RuntimeException e) {
                LOGGER.error(
                    "{} {} failed unexpectedly with {} at {}",
                    label(),
                    endpoint,
                    e.getClass().getName(),
                    e.getStackTrace().length > 0 ? e.getStackTrace()[0] : "an unknown place");
                reject(
                    response,
                    callback,
                    500,
                    Outcome.ERROR,
                    "internal_error",
                    "the ingress failed to handle the request");
              }
            });
    return true;
  }

  private void onReadFailure(Response response, Callback callback, Throwable failure) {
    if (failure instanceof BodyTooLargeException) {
      reject(
          response,
          callback,
          413,
          Outcome.PAYLOAD_TOO_LARGE,
          "payload_too_large",
          failure.getMessage());
    } else if (failure instanceof TimeoutException) {
      reject(
          response,
          callback,
          408,
          Outcome.REQUEST_TIMEOUT,
          "request_timeout",
          "the request body did not arrive in time");
    } else {
      // The connection broke while the body was arriving; there is no one left to answer.
      LOGGER.debug("{} {} body could not be read", label(), endpoint, failure);
      callback.failed(failure);
    }
  }

  private void onBody(
      Request request, Response response, Callback callback, byte[] body, String signature) {
    Instant receivedAt = clock.instant();
    if (!verify(request, body, signature)) {
      reject(
          response,
          callback,
          401,
          Outcome.UNAUTHORIZED,
          "unauthorized",
          signatureHeader() + " does not match the request");
      return;
    }
    List<WebhookRecord<?, ?>> records;
    boolean deadLettered;
    try {
      records = map(request, body, receivedAt);
      deadLettered = false;
    } catch (UnparseablePayloadException e) {
      LOGGER.warn(
          "Signed {} {} body cannot be parsed ({}); publishing it whole to {}",
          label(),
          endpoint,
          e.getMessage(),
          Topics.DLQ.name());
      records = List.of(deadLetter(request, body, e.getMessage(), receivedAt));
      deadLettered = true;
    } catch (RuntimeException e) {
      // A mapping bug must not lose a signed event: dead-letter it like an unparseable body. The
      // exception's message may quote the payload, so only its type and origin are logged.
      StackTraceElement[] trace = e.getStackTrace();
      LOGGER.error(
          "Mapping a signed {} {} body failed with {} at {}; publishing it whole to {}",
          label(),
          endpoint,
          e.getClass().getName(),
          trace.length > 0 ? trace[0] : "an unknown place",
          Topics.DLQ.name());
      records =
          List.of(
              deadLetter(
                  request, body, "mapping failed: " + e.getClass().getSimpleName(), receivedAt));
      deadLettered = true;
    }
    publish(request, response, callback, records, deadLettered);
  }

  private void publish(
      Request request,
      Response response,
      Callback callback,
      List<WebhookRecord<?, ?>> records,
      boolean deadLettered) {
    Executor executor = request.getComponents().getExecutor();
    CompletableFuture<Void> acknowledged;
    try {
      acknowledged = publisher.publish(records);
    } catch (RuntimeException e) {
      acknowledged = CompletableFuture.failedFuture(e);
    }
    acknowledged.whenCompleteAsync(
        (ignored, failure) -> {
          if (failure == null) {
            metrics.count(
                metricProvider(),
                endpoint,
                deadLettered ? Outcome.DEAD_LETTERED : Outcome.ACCEPTED);
            writeAccepted(response, callback, records.size(), deadLettered);
            return;
          }
          Throwable cause = unwrap(failure);
          if (cause instanceof SerializationException) {
            LOGGER.error(
                "{} {} records cannot be serialised: {}",
                label(),
                endpoint,
                cause.getClass().getName());
            reject(
                response,
                callback,
                500,
                Outcome.ERROR,
                "internal_error",
                "the ingress failed to serialise the records");
          } else if (cause instanceof TimeoutException
              || cause instanceof org.apache.kafka.common.errors.TimeoutException) {
            LOGGER.warn(
                "{} {}: Kafka did not acknowledge {} records within {}; answering 503",
                label(),
                endpoint,
                records.size(),
                publishTimeout);
            reject(
                response,
                callback,
                503,
                Outcome.UNAVAILABLE,
                "unavailable",
                "Kafka did not acknowledge the records within " + publishTimeout + "; retry later");
          } else {
            LOGGER.warn(
                "{} {}: Kafka refused the records ({}); answering 503",
                label(),
                endpoint,
                cause.getClass().getSimpleName());
            reject(
                response,
                callback,
                503,
                Outcome.UNAVAILABLE,
                "unavailable",
                "Kafka did not accept the records; retry later");
          }
        },
        executor);
  }

  private WebhookRecord<?, ?> deadLetter(
      Request request, byte[] body, String error, Instant receivedAt) {
    return DeadLetters.unparseable(
        body,
        "POST " + Request.getPathInContext(request),
        provider.name(),
        request.getHttpURI().getQuery(),
        error,
        receivedAt);
  }

  private void reject(
      Response response,
      Callback callback,
      int status,
      Outcome outcome,
      String code,
      String message) {
    metrics.count(metricProvider(), endpoint, outcome);
    Responses.error(response, callback, status, code, message);
  }

  private String label() {
    return provider == Provider.META ? "Meta" : "Twilio";
  }

  private String metricProvider() {
    return provider.name().toLowerCase(java.util.Locale.ROOT);
  }

  private static Throwable unwrap(Throwable failure) {
    Throwable cause = failure;
    while (cause instanceof CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }

  /**
   * The raw query string of a request, for handlers that sign or read it.
   *
   * @param request the request
   * @return the query without {@code ?}, or null
   */
  protected static @Nullable String rawQuery(Request request) {
    return request.getHttpURI().getQuery();
  }
}
