package io.wagate.ingress.http;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.wagate.ingress.publish.KafkaReadiness;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.eclipse.jetty.server.Request;

/** {@code /health/live}, {@code /health/ready} and {@code /metrics}. */
public final class HealthHandlers {

  /** The Prometheus text exposition format that {@link PrometheusMeterRegistry#scrape()} writes. */
  static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

  private HealthHandlers() {}

  /** Live while the process serves HTTP at all. */
  public static Request.Handler live() {
    return (request, response, callback) -> {
      Responses.json(response, callback, 200, Map.of("status", "UP"));
      return true;
    };
  }

  /**
   * Ready only when Kafka is reachable and the ingress's topics exist.
   *
   * @param readiness the latest Kafka check
   * @return the handler
   */
  public static Request.Handler ready(Supplier<KafkaReadiness.Status> readiness) {
    return (request, response, callback) -> {
      KafkaReadiness.Status status = readiness.get();
      Map<String, String> body = new LinkedHashMap<>();
      body.put("status", status.ready() ? "UP" : "DOWN");
      body.put("kafka", status.detail());
      Responses.json(response, callback, status.ready() ? 200 : 503, body);
      return true;
    };
  }

  /**
   * The Prometheus text exposition of every meter.
   *
   * @param registry the registry
   * @return the handler
   */
  public static Request.Handler metrics(PrometheusMeterRegistry registry) {
    return (request, response, callback) -> {
      Responses.write(response, callback, 200, PROMETHEUS_TEXT, registry.scrape());
      return true;
    };
  }
}
