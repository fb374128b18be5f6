package io.wagate.dlq;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Decides what replaying one dead letter means, touching no network: the records to publish, or why
 * it is not replayed.
 *
 * <ul>
 *   <li>A dead letter a marker names is never replayed again.
 *   <li>A truncated one is never replayed: its value is not the original.
 *   <li>A dead letter of the streams app goes back to its input topic ({@link ReplayTargets}) with
 *       its original key, value, timestamp and headers, less Kafka Streams' {@code
 *       __streams.errors.*}.
 *   <li>A webhook body is mapped again by {@link WebhookReplay}, with the mapping of today.
 * </ul>
 *
 * Every record published carries {@link ReplayHeaders#REPLAYED_FROM} naming its dead letter.
 */
public final class ReplayPolicy {

  private final WebhookReplay webhooks;

  /**
   * A policy that maps webhook bodies with {@code webhooks}.
   *
   * @param webhooks the ingress's mapping, or {@link WebhookReplay#NONE}
   */
  public ReplayPolicy(WebhookReplay webhooks) {
    this.webhooks = webhooks;
  }

  /**
   * What to do with one dead letter.
   *
   * @param letter the dead letter
   * @param replayed the dead letters that markers name
   * @return the decision
   */
  public Decision decide(DeadLetter letter, Set<Position> replayed) {
    if (replayed.contains(letter.position())) {
      return new AlreadyReplayed();
    }
    if (letter.truncated()) {
      String size = letter.header(ReplayHeaders.ORIGINAL_SIZE);
      return new NotReplayable(
          "its value was truncated to fit wa.dlq"
              + (size == null ? "" : " (original " + size + " bytes)")
              + "; only the original could be replayed");
    }
    Origin origin = Origin.of(letter);
    if (origin instanceof Origin.Streams streams) {
      return streams(letter, streams);
    }
    if (origin instanceof Origin.Webhook webhook) {
      WebhookReplay.Result result = webhooks.replay(letter, webhook);
      if (result instanceof WebhookReplay.Refused refused) {
        return new NotReplayable(refused.reason());
      }
      List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
      for (ProducerRecord<byte[], byte[]> record : ((WebhookReplay.Mapped) result).records()) {
        records.add(withReplayedFrom(record, letter.position()));
      }
      return records.isEmpty()
          ? new NotReplayable("the ingress maps it to no record today")
          : new Publish(records);
    }
    if (origin instanceof Origin.Marker) {
      return new NotReplayable("it is a replay marker, not a dead letter");
    }
    return new NotReplayable("it has no headers naming its source");
  }

  private static Decision streams(DeadLetter letter, Origin.Streams origin) {
    if (origin.topic() == null) {
      return new NotReplayable("it did not come from a topic");
    }
    String target = ReplayTargets.target(origin.topic());
    if (target == null) {
      return new NotReplayable(origin.topic() + " is not an input of wagate");
    }
    RecordHeaders headers = new RecordHeaders();
    for (Header header : letter.headers()) {
      if (!header.key().startsWith(ReplayHeaders.STREAMS_ERRORS_PREFIX)) {
        headers.add(header);
      }
    }
    ProducerRecord<byte[], byte[]> record =
        new ProducerRecord<>(
            target, null, letter.timestamp().toEpochMilli(), letter.key(), letter.value(), headers);
    return new Publish(List.of(withReplayedFrom(record, letter.position())));
  }

  private static ProducerRecord<byte[], byte[]> withReplayedFrom(
      ProducerRecord<byte[], byte[]> record, Position from) {
    RecordHeaders headers = new RecordHeaders();
    for (Header header : record.headers()) {
      if (!header.key().equals(ReplayHeaders.REPLAYED_FROM)) {
        headers.add(header);
      }
    }
    headers.add(
        new RecordHeader(
            ReplayHeaders.REPLAYED_FROM, from.toString().getBytes(StandardCharsets.UTF_8)));
    return new ProducerRecord<>(
        record.topic(), null, record.timestamp(), record.key(), record.value(), headers);
  }

  /** What replaying one dead letter means. */
  public sealed interface Decision {}

  /**
   * Publish these records, and the marker, in one transaction.
   *
   * @param records the records, each with {@link ReplayHeaders#REPLAYED_FROM}
   */
  public record Publish(List<ProducerRecord<byte[], byte[]>> records) implements Decision {

    /** Freezes the list. */
    public Publish {
      records = List.copyOf(records);
    }

    /** The topics the records go to, in order of first appearance. */
    public List<String> topics() {
      return records.stream().map(ProducerRecord::topic).distinct().toList();
    }
  }

  /** A marker names it: publish nothing. */
  public record AlreadyReplayed() implements Decision {}

  /**
   * It cannot be replayed.
   *
   * @param reason why, without payload data
   */
  public record NotReplayable(String reason) implements Decision {}
}
