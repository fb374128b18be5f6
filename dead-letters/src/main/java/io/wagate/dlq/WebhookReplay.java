package io.wagate.dlq;

import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Maps a dead-lettered webhook body again, with the mapping of the jar that runs the replay. Only
 * {@code wagate-ingress.jar} has the ingress's mapping; {@code wagate-streams.jar} uses {@link
 * #NONE} and lists webhook bodies as not replayable there.
 */
@FunctionalInterface
public interface WebhookReplay {

  /** No webhook mapping: every webhook body is refused with a pointer to the ingress jar. */
  WebhookReplay NONE =
      (letter, origin) ->
          new Refused(
              "a webhook body is mapped by the ingress: replay it with wagate-ingress.jar dlq"
                  + " replay");

  /**
   * Maps one dead-lettered webhook body as the ingress would map it now.
   *
   * @param letter the dead letter: its value is the body
   * @param origin its headers, read
   * @return the records to publish, or why it is still refused
   */
  Result replay(DeadLetter letter, Origin.Webhook origin);

  /** What mapping a webhook body again gave. */
  sealed interface Result {}

  /**
   * The body maps now.
   *
   * @param records the records, in the order the ingress would publish them
   */
  record Mapped(List<ProducerRecord<byte[], byte[]>> records) implements Result {

    /** Freezes the list. */
    public Mapped {
      records = List.copyOf(records);
    }
  }

  /**
   * The body still does not map.
   *
   * @param reason why, without payload data or phone numbers: it is printed
   */
  record Refused(String reason) implements Result {}
}
