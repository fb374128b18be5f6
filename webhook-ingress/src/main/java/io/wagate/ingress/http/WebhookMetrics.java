package io.wagate.ingress.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Counts webhook requests by provider, endpoint and outcome ({@code
 * wagate_ingress_webhook_requests_total}). Labels are fixed vocabularies: never a number, id or
 * payload value.
 */
public final class WebhookMetrics {

  private static final String REQUESTS = "wagate.ingress.webhook.requests";

  private final MeterRegistry registry;

  /**
   * Metrics in {@code registry}.
   *
   * @param registry the meter registry
   */
  public WebhookMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /**
   * Counts one request.
   *
   * @param provider {@code meta} or {@code twilio}
   * @param endpoint {@code webhook}, {@code verify}, {@code inbound} or {@code status}
   * @param outcome how it ended
   */
  public void count(String provider, String endpoint, Outcome outcome) {
    Counter.builder(REQUESTS)
        .description("Webhook requests by provider, endpoint and outcome")
        .tag("provider", provider)
        .tag("endpoint", endpoint)
        .tag("outcome", outcome.label())
        .register(registry)
        .increment();
  }

  /** How a webhook request ended. */
  public enum Outcome {
    /** 200: every record acknowledged by Kafka. */
    ACCEPTED("accepted"),
    /** 200: signed but unparseable, the whole body acknowledged on {@code wa.dlq}. */
    DEAD_LETTERED("dead_lettered"),
    /** 200: Meta's verification handshake answered. */
    VERIFIED("verified"),
    /** 403: a verification handshake with the wrong token or mode. */
    FORBIDDEN("forbidden"),
    /** 401: no secret configured, or a missing or wrong signature. */
    UNAUTHORIZED("unauthorized"),
    /** 413: the body exceeded the limit. */
    PAYLOAD_TOO_LARGE("payload_too_large"),
    /** 408: the body did not arrive in time. */
    REQUEST_TIMEOUT("request_timeout"),
    /** 503: Kafka did not acknowledge in time, or refused the records. */
    UNAVAILABLE("unavailable"),
    /** 500: an unexpected failure in the ingress itself. */
    ERROR("error");

    private final String label;

    Outcome(String label) {
      this.label = label;
    }

    /** The metric label value. */
    public String label() {
      return label;
    }
  }
}
