package io.wagate.dlq;

import io.wagate.schemas.Topic;
import io.wagate.schemas.Topics;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Where a dead letter of the streams app goes back to: the input topic it was read from, or, for a
 * record that failed after a repartition, the input topic that repartition reads.
 *
 * <p>A repartition topic is named {@code <application.id>-<name>-repartition}; its values are the
 * contract's JSON of the same record, so the record can go back to the input as it is. The
 * application id is not known here (an operator may run several), so only the name part counts.
 */
public final class ReplayTargets {

  private static final String REPARTITION_SUFFIX = "-repartition";

  /** The repartition steps of the streams app, by name, with the input each re-keys. */
  private static final Map<String, Topic<?, ?>> REPARTITIONS =
      Map.of(
          "requests-by-request-id", Topics.SEND_REQUESTS,
          "requests-by-conversation", Topics.SEND_REQUESTS,
          "consent-by-conversation", Topics.CONSENT,
          "inbound-by-conversation", Topics.INBOUND,
          "callbacks-by-conversation", Topics.STATUS_CALLBACKS);

  private ReplayTargets() {}

  /**
   * The topic a dead letter read from {@code sourceTopic} is replayed to.
   *
   * @param sourceTopic the topic named in {@code __streams.errors.topic}
   * @return the input topic, or null when wagate does not read {@code sourceTopic} as an input
   *     (e.g. a changelog): such a record is not replayed
   */
  public static @Nullable String target(String sourceTopic) {
    for (Topic<?, ?> input : Topics.STREAMS_SOURCES) {
      if (input.name().equals(sourceTopic)) {
        return sourceTopic;
      }
    }
    if (sourceTopic.endsWith(REPARTITION_SUFFIX)) {
      String withoutSuffix =
          sourceTopic.substring(0, sourceTopic.length() - REPARTITION_SUFFIX.length());
      for (Map.Entry<String, Topic<?, ?>> repartition : REPARTITIONS.entrySet()) {
        if (withoutSuffix.endsWith("-" + repartition.getKey())) {
          return repartition.getValue().name();
        }
      }
    }
    return null;
  }
}
