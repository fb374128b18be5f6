package io.wagate.sender.kafka;

import io.wagate.schemas.DeadLetterHeaders;
import io.wagate.schemas.Topics;
import io.wagate.schemas.events.StatusCallback;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/** The records the send loop writes: outcomes on {@code wa.status.callbacks}, dead letters. */
final class OutputRecords {

  private OutputRecords() {}

  /** An outcome, keyed by its conversation like every record wagate writes about one. */
  static ProducerRecord<byte[], byte[]> callback(String conversationKey, StatusCallback callback) {
    return new ProducerRecord<>(
        Topics.STATUS_CALLBACKS.name(),
        null,
        utf8(conversationKey),
        Topics.STATUS_CALLBACKS
            .valueSerde()
            .serializer()
            .serialize(Topics.STATUS_CALLBACKS.name(), callback));
  }

  /**
   * A record that cannot be sent, as it came (key and value bytes), with the headers the streams
   * app's dead letters carry: exception, message (never the payload), source topic, partition and
   * offset.
   */
  static ProducerRecord<byte[], byte[]> deadLetter(
      ConsumerRecord<byte[], byte[]> record, Exception error) {
    RecordHeaders headers = new RecordHeaders();
    headers.add(DeadLetterHeaders.EXCEPTION, utf8(error.getClass().getName()));
    headers.add(DeadLetterHeaders.MESSAGE, utf8(String.valueOf(error.getMessage())));
    headers.add(DeadLetterHeaders.TOPIC, utf8(record.topic()));
    headers.add(DeadLetterHeaders.PARTITION, utf8(Integer.toString(record.partition())));
    headers.add(DeadLetterHeaders.OFFSET, utf8(Long.toString(record.offset())));
    return new ProducerRecord<>(Topics.DLQ.name(), null, record.key(), record.value(), headers);
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
