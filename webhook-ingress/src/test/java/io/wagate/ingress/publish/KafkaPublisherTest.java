package io.wagate.ingress.publish;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.wagate.schemas.Topics;
import io.wagate.schemas.events.InboundMessage;
import io.wagate.schemas.events.Provider;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class KafkaPublisherTest {

  private static final Instant AT = Instant.parse("2026-11-22T09:31:02Z");

  private final Semaphore sent = new Semaphore(0);
  private final MockProducer<byte[], byte[]> producer =
      new MockProducer<>(false, null, new ByteArraySerializer(), new ByteArraySerializer()) {
        @Override
        public synchronized Future<RecordMetadata> send(
            ProducerRecord<byte[], byte[]> record, Callback callback) {
          Future<RecordMetadata> future = super.send(record, callback);
          sent.release();
          return future;
        }
      };
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private KafkaPublisher publisher;

  @AfterEach
  void close() {
    if (publisher != null) {
      publisher.close(Duration.ofSeconds(1));
    }
  }

  @Test
  void shouldCompleteOnlyWhenEveryRecordIsAcknowledged() throws Exception {
    // Given
    publisher = new KafkaPublisher(producer, Duration.ofSeconds(10), registry);
    CompletableFuture<Void> published = publisher.publish(List.of(record("a"), record("b")));
    awaitSent(2);

    // When
    producer.completeNext();

    // Then
    assertThat(published).isNotDone();
    producer.completeNext();
    published.get(5, TimeUnit.SECONDS);
    assertThat(
            registry
                .get("wagate.ingress.records.published")
                .tag("topic", "wa.inbound")
                .counter()
                .count())
        .isEqualTo(2.0);
  }

  @Test
  void shouldFailWhenKafkaRefusesOneRecord() throws Exception {
    // Given
    publisher = new KafkaPublisher(producer, Duration.ofSeconds(10), registry);
    CompletableFuture<Void> published = publisher.publish(List.of(record("a"), record("b")));
    awaitSent(2);

    // When
    producer.completeNext();
    producer.errorNext(new NotEnoughReplicasException("min.insync.replicas"));

    // Then
    assertThat(published)
        .failsWithin(Duration.ofSeconds(5))
        .withThrowableOfType(ExecutionException.class)
        .withCauseInstanceOf(NotEnoughReplicasException.class);
  }

  @Test
  void shouldTimeOutWhenAcknowledgementsDoNotArrive() throws Exception {
    // Given
    publisher = new KafkaPublisher(producer, Duration.ofMillis(200), registry);

    // When
    CompletableFuture<Void> published = publisher.publish(List.of(record("a")));

    // Then
    assertThat(published)
        .failsWithin(Duration.ofSeconds(5))
        .withThrowableOfType(ExecutionException.class)
        .withCauseInstanceOf(TimeoutException.class);
    assertThat(
            registry
                .get("wagate.ingress.publish.latency")
                .tag("outcome", "timeout")
                .timer()
                .count())
        .isEqualTo(1);
  }

  @Test
  void shouldWriteKeyValueAndTimestampWithTheTopicSerdes() throws Exception {
    // Given
    publisher = new KafkaPublisher(producer, Duration.ofSeconds(10), registry);

    // When
    publisher.publish(List.of(record("a")));
    awaitSent(1);

    // Then
    var sent = producer.history().get(0);
    assertThat(sent.topic()).isEqualTo("wa.inbound");
    assertThat(new String(sent.key())).isEqualTo("+31201234567|+31612345678");
    assertThat(sent.timestamp()).isEqualTo(AT.toEpochMilli());
    assertThat(Topics.INBOUND.valueSerde().deserializer().deserialize("wa.inbound", sent.value()))
        .isEqualTo(record("a").value());
  }

  @Test
  void shouldEnforceIdempotenceAndAcksAllAndCapMaxBlock() {
    // Given
    Properties kafka = new Properties();
    kafka.setProperty("bootstrap.servers", "k:9092");
    kafka.setProperty("acks", "1");
    kafka.setProperty("enable.idempotence", "false");
    kafka.setProperty("linger.ms", "20");

    // When
    Properties properties = KafkaPublisher.producerProperties(kafka, Duration.ofSeconds(3));

    // Then
    assertThat(properties)
        .containsEntry("acks", "all")
        .containsEntry("enable.idempotence", "true")
        .containsEntry("max.block.ms", "3000")
        .containsEntry("linger.ms", "20")
        .containsEntry("client.id", "wagate-ingress");
  }

  @Test
  void shouldKeepASmallerMaxBlock() {
    // Given
    Properties kafka = new Properties();
    kafka.setProperty("max.block.ms", "500");

    // When
    Properties properties = KafkaPublisher.producerProperties(kafka, Duration.ofSeconds(10));

    // Then
    assertThat(properties).containsEntry("max.block.ms", "500");
  }

  private void awaitSent(int count) throws InterruptedException {
    assertThat(sent.tryAcquire(count, 5, TimeUnit.SECONDS)).as("%d records sent", count).isTrue();
  }

  private static WebhookRecord<String, InboundMessage> record(String id) {
    return WebhookRecord.of(
        Topics.INBOUND,
        "+31201234567|+31612345678",
        new InboundMessage(
            Provider.META,
            id,
            "+31201234567",
            "+31612345678",
            null,
            "text",
            "hi",
            null,
            AT,
            null,
            null),
        AT);
  }
}
