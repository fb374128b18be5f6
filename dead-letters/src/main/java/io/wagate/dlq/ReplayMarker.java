package io.wagate.dlq;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.wagate.schemas.Json;
import io.wagate.schemas.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The record {@code dlq replay} writes to {@code wa.dlq} in the same transaction as the records it
 * replays, so the mark and the replay commit or abort together. It goes to the partition of the
 * dead letter it marks, keyed by that dead letter's position, with the position in the {@link
 * ReplayHeaders#MARKER} header, which is what marks it. Its value says what was replayed, for
 * people.
 *
 * @param replays the dead letter replayed
 * @param replayedAt when
 * @param topics where its records went
 * @param records how many records were published
 * @param by the jar that replayed it, e.g. {@code wagate-ingress.jar}
 */
public record ReplayMarker(
    Position replays, Instant replayedAt, List<String> topics, int records, String by) {

  /** Freezes the topics. */
  public ReplayMarker {
    topics = List.copyOf(topics);
  }

  /** The marker as a record of {@code wa.dlq}. */
  public ProducerRecord<byte[], byte[]> toProducerRecord() {
    byte[] position = replays.toString().getBytes(StandardCharsets.UTF_8);
    byte[] value;
    try {
      value = Json.MAPPER.writeValueAsBytes(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a marker of strings and numbers always serialises", e);
    }
    RecordHeaders headers = new RecordHeaders();
    headers.add(new RecordHeader(ReplayHeaders.MARKER, position));
    return new ProducerRecord<>(
        Topics.DLQ.name(),
        replays.partition(),
        replayedAt.toEpochMilli(),
        position,
        value,
        headers);
  }
}
