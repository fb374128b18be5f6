package io.wagate.streams.http;

import java.util.EnumSet;
import java.util.Set;
import org.apache.kafka.streams.KafkaStreams.State;

/**
 * What liveness and readiness mean, from the Kafka Streams state; {@code /health/*} answers by it
 * and {@code wagate_streams_ready} exports it.
 *
 * <p>Live unless Kafka Streams failed or stopped: a restart can help then, and only then; an
 * instance restoring its stores or rebalancing is alive and must not be killed for it. Ready only
 * when {@code RUNNING}: then the stores are queryable and the instance processes.
 *
 * <p>Kafka Streams does not leave {@code RUNNING} when the brokers become unreachable: its threads
 * wait for them, and readiness stays true. That is deliberate here (no other instance could do
 * better, and a restart would only add a state restore), so an outage of Kafka shows in the alert
 * rules through the stream threads' last poll, not through readiness.
 */
public final class Readiness {

  /** The states in which the process is dead weight and should be restarted. */
  static final Set<State> DEAD = EnumSet.of(State.PENDING_ERROR, State.ERROR, State.NOT_RUNNING);

  private Readiness() {}

  /** Whether {@code /health/live} answers 200 in {@code state}. */
  public static boolean isLive(State state) {
    return !DEAD.contains(state);
  }

  /** Whether {@code /health/ready} answers 200 in {@code state}. */
  public static boolean isReady(State state) {
    return state == State.RUNNING;
  }
}
