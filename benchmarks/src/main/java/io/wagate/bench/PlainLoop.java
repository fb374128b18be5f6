package io.wagate.bench;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.jspecify.annotations.Nullable;

/**
 * The plain baseline: one consumer and one producer copying wagate's inputs to a sink, bytes as
 * they are. Under exactly-once it commits a transaction carrying the consumed offsets every commit
 * interval, as Kafka Streams does; under at-least-once it flushes and commits offsets as often.
 */
final class PlainLoop implements Subject {

  private final String bootstrapServers;
  private final String groupId;
  private final boolean exactlyOnce;
  private final long commitIntervalMs;
  private final AtomicBoolean stop = new AtomicBoolean();
  private final AtomicReference<@Nullable Throwable> error = new AtomicReference<>();
  private final CountDownLatch assigned = new CountDownLatch(1);
  private @Nullable Thread thread;

  PlainLoop(String bootstrapServers, String groupId, boolean exactlyOnce, long commitIntervalMs) {
    this.bootstrapServers = bootstrapServers;
    this.groupId = groupId;
    this.exactlyOnce = exactlyOnce;
    this.commitIntervalMs = commitIntervalMs;
  }

  @Override
  public void start() throws InterruptedException {
    Thread loop = new Thread(this::run, "plain-loop-" + groupId);
    loop.setDaemon(true);
    thread = loop;
    loop.start();
    while (!assigned.await(100, TimeUnit.MILLISECONDS)) {
      checkHealthy();
    }
  }

  private void run() {
    Map<String, Object> consumerConfig = new HashMap<>();
    consumerConfig.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    consumerConfig.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
    consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    consumerConfig.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    consumerConfig.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    Map<String, Object> producerConfig = new HashMap<>();
    producerConfig.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
    producerConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    producerConfig.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    if (exactlyOnce) {
      producerConfig.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, groupId + "-tx");
    }
    try (KafkaConsumer<byte[], byte[]> consumer =
            new KafkaConsumer<>(
                consumerConfig, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        KafkaProducer<byte[], byte[]> producer =
            new KafkaProducer<>(
                producerConfig, new ByteArraySerializer(), new ByteArraySerializer())) {
      if (exactlyOnce) {
        producer.initTransactions();
      }
      consumer.subscribe(
          Kafka.inputTopics(),
          new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {}

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
              if (!partitions.isEmpty()) {
                assigned.countDown();
              }
            }
          });
      Map<TopicPartition, OffsetAndMetadata> pending = new HashMap<>();
      boolean inTransaction = false;
      long lastCommit = System.nanoTime();
      while (!stop.get()) {
        ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(50));
        for (ConsumerRecord<byte[], byte[]> record : records) {
          if (exactlyOnce && !inTransaction) {
            producer.beginTransaction();
            inTransaction = true;
          }
          producer.send(
              new ProducerRecord<>(
                  Kafka.PLAIN_SINK, null, record.timestamp(), record.key(), record.value()));
          pending.put(
              new TopicPartition(record.topic(), record.partition()),
              new OffsetAndMetadata(record.offset() + 1));
        }
        if (!pending.isEmpty()
            && System.nanoTime() - lastCommit >= TimeUnit.MILLISECONDS.toNanos(commitIntervalMs)) {
          if (exactlyOnce) {
            producer.sendOffsetsToTransaction(pending, consumer.groupMetadata());
            producer.commitTransaction();
            inTransaction = false;
          } else {
            producer.flush();
            consumer.commitSync(pending);
          }
          pending.clear();
          lastCommit = System.nanoTime();
        }
      }
    } catch (RuntimeException e) {
      error.set(e);
    }
  }

  @Override
  public void checkHealthy() {
    Throwable failure = error.get();
    if (failure != null) {
      throw new IllegalStateException("the plain loop failed", failure);
    }
  }

  @Override
  public void close() {
    stop.set(true);
    Thread loop = thread;
    if (loop != null) {
      try {
        loop.join(60_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
