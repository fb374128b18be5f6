package io.wagate.ingress.publish;

import io.wagate.schemas.Topic;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.jspecify.annotations.Nullable;

/**
 * One record a webhook turns into, still typed: the topic (which carries its serdes), key, value,
 * timestamp and headers. Mapping produces these so tests can compare whole records; the publisher
 * serialises them with the topic's own serdes.
 *
 * <p>The timestamp of every record the ingress publishes is the time it received the webhook, the
 * time of ingest; the provider's own time of the event stays in the value ({@code occurredAt}).
 * Topics delete by record time ({@code retention.ms}), so a record stamped with an old provider
 * time (a replayed dead letter, a Meta retry near the end of its seven days, a number-change
 * notice) would be deleted at the broker's next retention check, before anything read it, though
 * the provider got 200. Stamped at ingest, a record lives its topic's full retention from the
 * moment wagate promised it durable. (A provider clock running ahead cannot stamp records in the
 * future either: brokers refuse those past {@code log.message.timestamp.after.max.ms}.)
 *
 * @param topic where it goes
 * @param key the record key; null only for dead letters that have none
 * @param value the record value
 * @param timestamp the record timestamp: when the ingress received the webhook
 * @param headers record headers, in order; values are UTF-8 strings
 * @param <K> the key type
 * @param <V> the value type
 */
public record WebhookRecord<K, V>(
    Topic<K, V> topic, @Nullable K key, V value, Instant timestamp, Map<String, String> headers) {

  /** Checks the components and freezes the headers in their order. */
  public WebhookRecord {
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(timestamp, "timestamp");
    headers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(headers));
  }

  /** A record without headers. */
  public static <K, V> WebhookRecord<K, V> of(
      Topic<K, V> topic, K key, V value, Instant timestamp) {
    return new WebhookRecord<>(topic, key, value, timestamp, Map.of());
  }

  /** The record as bytes, written with the topic's key and value serdes. */
  public ProducerRecord<byte[], byte[]> toProducerRecord() {
    byte[] keyBytes =
        key == null ? null : topic.keySerde().serializer().serialize(topic.name(), key);
    byte[] valueBytes = topic.valueSerde().serializer().serialize(topic.name(), value);
    List<Header> recordHeaders = new ArrayList<>(headers.size());
    headers.forEach(
        (name, text) ->
            recordHeaders.add(new RecordHeader(name, text.getBytes(StandardCharsets.UTF_8))));
    return new ProducerRecord<>(
        topic.name(), null, timestamp.toEpochMilli(), keyBytes, valueBytes, recordHeaders);
  }
}
