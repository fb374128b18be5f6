package io.wagate.streams.app;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.wagate.dlq.ReplayHeaders;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class ReplayedRecordsInterceptorTest {

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final ReplayedRecordsInterceptor interceptor = new ReplayedRecordsInterceptor();

  @Test
  void shouldCountReplayedRecordsOfTheInputsByTopicAndPassEveryRecordOn() {
    // Given
    interceptor.configure(
        Map.of(ReplayedRecordsInterceptor.COUNTER_CONFIG, new ReplayedRecords(registry)));
    ConsumerRecords<byte[], byte[]> records =
        records(
            record("wa.inbound", true),
            record("wa.inbound", true),
            record("wa.inbound", false),
            record("wa.send.requests", true),
            // the same request again after its repartition: counted once, at the input
            record("wagate-requests-by-conversation-repartition", true));

    // When
    ConsumerRecords<byte[], byte[]> passed = interceptor.onConsume(records);

    // Then
    assertThat(passed).isSameAs(records);
    assertThat(count("wa.inbound")).isEqualTo(2);
    assertThat(count("wa.send.requests")).isEqualTo(1);
    assertThat(count("wa.consent")).as("registered at zero").isZero();
  }

  private double count(String topic) {
    return registry.get("wagate.dlq.replayed.records").tag("topic", topic).counter().count();
  }

  private static ConsumerRecord<byte[], byte[]> record(String topic, boolean replayed) {
    RecordHeaders headers = new RecordHeaders();
    if (replayed) {
      headers.add(new RecordHeader(ReplayHeaders.REPLAYED_FROM, "wa.dlq-0@1".getBytes(UTF_8)));
    }
    return new ConsumerRecord<>(
        topic,
        0,
        0L,
        0L,
        TimestampType.CREATE_TIME,
        0,
        0,
        new byte[0],
        new byte[0],
        headers,
        Optional.empty());
  }

  @SafeVarargs
  private static ConsumerRecords<byte[], byte[]> records(ConsumerRecord<byte[], byte[]>... list) {
    Map<TopicPartition, List<ConsumerRecord<byte[], byte[]>>> byPartition =
        new java.util.LinkedHashMap<>();
    for (ConsumerRecord<byte[], byte[]> record : list) {
      byPartition
          .computeIfAbsent(
              new TopicPartition(record.topic(), record.partition()),
              ignored -> new java.util.ArrayList<>())
          .add(record);
    }
    return new ConsumerRecords<>(byPartition, Map.of());
  }
}
