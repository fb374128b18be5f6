package io.wagate.streams.app;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.wagate.schemas.Topics;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code wagate_dlq_replayed_records_total{topic}}: records of {@code dlq replay} the app read from
 * its conversation inputs, told apart by their {@code wagate.dlq.replayed.from} header. Topics are
 * the four inputs only, so the label is bounded; a record read again after a failure counts again.
 */
public final class ReplayedRecords {

  /** The inputs counted: those the main consumer reads. */
  static final List<String> TOPICS =
      List.of(
          Topics.SEND_REQUESTS.name(),
          Topics.CONSENT.name(),
          Topics.INBOUND.name(),
          Topics.STATUS_CALLBACKS.name());

  private final Map<String, Counter> counters = new HashMap<>();

  /**
   * The counters, registered at zero so a dashboard sees them before the first replay.
   *
   * @param registry where they go
   */
  public ReplayedRecords(MeterRegistry registry) {
    for (String topic : TOPICS) {
      counters.put(
          topic,
          Counter.builder("wagate.dlq.replayed.records")
              .description("Records replayed from wa.dlq that the app read, by input topic")
              .tag("topic", topic)
              .register(registry));
    }
  }

  /**
   * Counts one replayed record read from {@code topic}; other topics (repartitions) are not
   * counted, or a replayed request would count twice.
   *
   * @param topic the topic it was read from
   */
  void read(String topic) {
    Counter counter = counters.get(topic);
    if (counter != null) {
      counter.increment();
    }
  }
}
