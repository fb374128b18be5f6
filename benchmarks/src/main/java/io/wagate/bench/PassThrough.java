package io.wagate.bench;

import io.wagate.schemas.Topic;
import io.wagate.schemas.Topics;
import java.util.List;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;

/**
 * The baseline topology: wagate's four conversation inputs straight to one sink, decoded and
 * encoded with the same serdes wagate uses, no state, no repartition.
 */
final class PassThrough {

  /** The sink of the pass-through topology. */
  static final String SINK = "bench.passthrough";

  static final List<Topic<String, ?>> INPUTS =
      List.of(Topics.SEND_REQUESTS, Topics.CONSENT, Topics.INBOUND, Topics.STATUS_CALLBACKS);

  private PassThrough() {}

  static Topology build() {
    StreamsBuilder builder = new StreamsBuilder();
    for (Topic<String, ?> topic : INPUTS) {
      copy(builder, topic);
    }
    return builder.build();
  }

  private static <V> void copy(StreamsBuilder builder, Topic<String, V> topic) {
    builder.stream(topic.name(), Consumed.with(topic.keySerde(), topic.valueSerde()))
        .to(SINK, Produced.with(topic.keySerde(), topic.valueSerde()));
  }
}
