package io.wagate.streams.http;

import com.sun.net.httpserver.HttpExchange;
import io.wagate.schemas.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;

/** Writes wagate's HTTP answers: JSON bodies, and errors as {@code {"error": "..."}}. */
final class HttpResponses {

  static final String JSON = "application/json";

  private HttpResponses() {}

  /** Answers {@code status} with {@code body} as JSON. */
  static void json(HttpExchange exchange, int status, Object body) throws IOException {
    send(exchange, status, JSON, Json.MAPPER.writeValueAsBytes(body));
  }

  /** Answers {@code status} with {@code {"error": message}}. */
  static void error(HttpExchange exchange, int status, String message) throws IOException {
    json(exchange, status, Map.of("error", message));
  }

  /** Answers {@code status} with {@code body} of {@code contentType}. */
  static void send(HttpExchange exchange, int status, String contentType, byte[] body)
      throws IOException {
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }
}
