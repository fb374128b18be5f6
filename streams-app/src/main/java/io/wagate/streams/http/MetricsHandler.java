package io.wagate.streams.http;

import com.sun.net.httpserver.HttpExchange;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Prometheus scrapes: every meter of the registry in the text exposition format 0.0.4. */
final class MetricsHandler {

  /** The content type of the Prometheus text format that every Prometheus version reads. */
  static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final PrometheusMeterRegistry registry;

  MetricsHandler(PrometheusMeterRegistry registry) {
    this.registry = registry;
  }

  void scrape(HttpExchange exchange) throws IOException {
    byte[] body = registry.scrape(CONTENT_TYPE).getBytes(StandardCharsets.UTF_8);
    HttpResponses.send(exchange, 200, CONTENT_TYPE, body);
  }
}
