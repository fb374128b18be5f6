package io.wagate.streams.http;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams.State;

/**
 * Liveness and readiness derived from the Kafka Streams state, as {@link Readiness} defines them.
 */
final class HealthHandler {

  private final Supplier<State> state;

  HealthHandler(Supplier<State> state) {
    this.state = state;
  }

  void live(HttpExchange exchange) throws IOException {
    State current = state.get();
    answer(exchange, Readiness.isLive(current), current);
  }

  void ready(HttpExchange exchange) throws IOException {
    State current = state.get();
    answer(exchange, Readiness.isReady(current), current);
  }

  private static void answer(HttpExchange exchange, boolean up, State current) throws IOException {
    Map<String, String> body = new LinkedHashMap<>();
    body.put("status", up ? "UP" : "DOWN");
    body.put("state", current.name());
    HttpResponses.json(exchange, up ? 200 : 503, body);
  }
}
