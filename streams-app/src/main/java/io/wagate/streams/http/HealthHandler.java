package io.wagate.streams.http;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams.State;

/**
 * Liveness and readiness derived from the Kafka Streams state.
 *
 * <p>Live unless Kafka Streams failed or stopped: a restart can help then, and only then; an
 * instance restoring its stores or rebalancing is alive and must not be killed for it. Ready only
 * when {@code RUNNING}: then the stores are queryable and the instance processes.
 */
final class HealthHandler {

  /** The states in which the process is dead weight and should be restarted. */
  static final Set<State> DEAD = EnumSet.of(State.PENDING_ERROR, State.ERROR, State.NOT_RUNNING);

  private final Supplier<State> state;

  HealthHandler(Supplier<State> state) {
    this.state = state;
  }

  void live(HttpExchange exchange) throws IOException {
    State current = state.get();
    boolean up = !DEAD.contains(current);
    answer(exchange, up, current);
  }

  void ready(HttpExchange exchange) throws IOException {
    State current = state.get();
    answer(exchange, current == State.RUNNING, current);
  }

  private static void answer(HttpExchange exchange, boolean up, State current) throws IOException {
    Map<String, String> body = new LinkedHashMap<>();
    body.put("status", up ? "UP" : "DOWN");
    body.put("state", current.name());
    HttpResponses.json(exchange, up ? 200 : 503, body);
  }
}
