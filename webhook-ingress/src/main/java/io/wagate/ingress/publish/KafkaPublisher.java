package io.wagate.ingress.publish;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.wagate.schemas.DeadLetterRecords;
import io.wagate.schemas.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes webhook records with an idempotent {@code acks=all} producer and completes each
 * request's future from the producer's acknowledgements, so no thread waits per request.
 *
 * <p>{@link KafkaProducer#send} itself can block (up to {@code max.block.ms}) while it waits for
 * metadata or buffer space. Sends therefore run on one dedicated sender thread with a bounded
 * queue, never on an HTTP thread, and {@code max.block.ms} is capped at the publish timeout. A
 * request whose deadline has passed before its turn comes is not sent at all: it already got its
 * 503 and the provider will retry.
 */
public final class KafkaPublisher implements Publisher, AutoCloseable {

  private static final Logger LOGGER = LoggerFactory.getLogger(KafkaPublisher.class);

  /** Requests waiting for the sender thread before new ones are refused with 503. */
  private static final int SENDER_QUEUE_CAPACITY = 10_000;

  private static final String LATENCY = "wagate.ingress.publish.latency";
  private static final String RECORDS = "wagate.ingress.records.published";

  private final Producer<byte[], byte[]> producer;
  private final Duration publishTimeout;
  private final ThreadPoolExecutor sender;
  private final MeterRegistry registry;
  private final KafkaClientMetrics producerMetrics;
  private final ConcurrentHashMap<String, Counter> recordCounters = new ConcurrentHashMap<>();
  // Built once per outcome: building a timer with its SLO buckets on every request showed up in
  // the ingress benchmark's profile on the producer's network thread.
  private final ConcurrentHashMap<String, Timer> latencies = new ConcurrentHashMap<>();

  /**
   * A publisher over {@code producer}.
   *
   * @param producer a producer configured by {@link #producerProperties}
   * @param publishTimeout how long a request may wait for all its acknowledgements
   * @param registry where publish latency, record counts and the producer's metrics go
   */
  public KafkaPublisher(
      Producer<byte[], byte[]> producer, Duration publishTimeout, MeterRegistry registry) {
    this.producer = producer;
    this.publishTimeout = publishTimeout;
    this.registry = registry;
    this.sender =
        new ThreadPoolExecutor(
            1,
            1,
            0L,
            TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(SENDER_QUEUE_CAPACITY),
            runnable -> {
              Thread thread = new Thread(runnable, "wagate-ingress-sender");
              thread.setDaemon(true);
              return thread;
            },
            new ThreadPoolExecutor.AbortPolicy());
    this.producerMetrics = new KafkaClientMetrics(producer);
    this.producerMetrics.bindTo(registry);
  }

  /**
   * Creates the producer from the {@code KAFKA_*} properties and a publisher over it.
   *
   * @param kafka the Kafka client properties
   * @param publishTimeout the publish timeout
   * @param registry the meter registry
   * @return the publisher
   */
  public static KafkaPublisher create(
      Properties kafka, Duration publishTimeout, MeterRegistry registry) {
    Properties properties = producerProperties(kafka, publishTimeout);
    return new KafkaPublisher(
        new KafkaProducer<>(properties, new ByteArraySerializer(), new ByteArraySerializer()),
        publishTimeout,
        registry);
  }

  /**
   * The producer's properties: the operator's {@code KAFKA_*} settings with the guarantees the
   * contract requires laid over them. Idempotence and {@code acks=all} cannot be turned off: a 200
   * promises the records are replicated. {@code max.block.ms} is capped at the publish timeout so a
   * send waiting for metadata never outlives its request.
   *
   * @param kafka the Kafka client properties
   * @param publishTimeout the publish timeout
   * @return the producer properties
   */
  public static Properties producerProperties(Properties kafka, Duration publishTimeout) {
    Properties properties = new Properties();
    properties.putAll(kafka);
    properties.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "wagate-ingress");
    enforce(properties, ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    enforce(properties, ProducerConfig.ACKS_CONFIG, "all");
    long maxBlock =
        Long.parseLong(properties.getProperty(ProducerConfig.MAX_BLOCK_MS_CONFIG, "60000"));
    properties.setProperty(
        ProducerConfig.MAX_BLOCK_MS_CONFIG,
        Long.toString(Math.min(maxBlock, publishTimeout.toMillis())));
    properties.remove(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG);
    properties.remove(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG);
    return properties;
  }

  private static void enforce(Properties properties, String name, String value) {
    Object previous = properties.setProperty(name, value);
    if (previous != null && !value.equalsIgnoreCase(previous.toString())) {
      LOGGER.warn("Ignoring Kafka property {}={}: the ingress requires {}", name, previous, value);
    }
  }

  @Override
  public CompletableFuture<Void> publish(List<WebhookRecord<?, ?>> records) {
    if (records.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    Timer.Sample sample = Timer.start(registry);
    List<ProducerRecord<byte[], byte[]>> serialised = new ArrayList<>(records.size());
    try {
      for (WebhookRecord<?, ?> record : records) {
        ProducerRecord<byte[], byte[]> producerRecord = record.toProducerRecord();
        // A body near the size limit plus its headers would be refused, and the provider would
        // retry it for days: a dead letter is cut to fit instead, and says so.
        serialised.add(
            record.topic().equals(Topics.DLQ)
                ? DeadLetterRecords.fit(producerRecord, DeadLetterRecords.DEFAULT_MAX_BYTES)
                : producerRecord);
      }
    } catch (RuntimeException e) {
      sample.stop(latency("failed"));
      return CompletableFuture.failedFuture(e);
    }
    Batch batch = new Batch(serialised.size());
    batch.future.orTimeout(publishTimeout.toMillis(), TimeUnit.MILLISECONDS);
    // The caller sees the outcome only after it is measured, so metrics never lag an answer.
    CompletableFuture<Void> measured =
        batch.future.whenComplete(
            (ignored, failure) -> {
              sample.stop(latency(outcome(failure)));
              if (failure == null) {
                serialised.forEach(record -> recordCounter(record.topic()).increment());
              }
            });
    try {
      sender.execute(() -> send(batch, serialised));
    } catch (RejectedExecutionException e) {
      batch.future.completeExceptionally(e);
    }
    return measured;
  }

  private void send(Batch batch, List<ProducerRecord<byte[], byte[]>> records) {
    for (ProducerRecord<byte[], byte[]> record : records) {
      if (batch.future.isDone()) {
        // Timed out (or failed) while queued or blocked: the request has its answer already.
        return;
      }
      try {
        producer.send(
            record,
            (metadata, exception) -> {
              if (exception == null) {
                batch.acknowledged();
              } else {
                batch.future.completeExceptionally(exception);
              }
            });
      } catch (RuntimeException e) {
        // max.block.ms elapsed, the producer is closed, or the record is too large.
        batch.future.completeExceptionally(e);
        return;
      }
    }
  }

  private static String outcome(Throwable failure) {
    if (failure == null) {
      return "acknowledged";
    }
    if (failure instanceof TimeoutException
        || failure instanceof org.apache.kafka.common.errors.TimeoutException) {
      return "timeout";
    }
    if (failure instanceof RejectedExecutionException) {
      return "rejected";
    }
    return "failed";
  }

  private Timer latency(String outcome) {
    return latencies.computeIfAbsent(outcome, this::newLatency);
  }

  private Timer newLatency(String outcome) {
    return Timer.builder(LATENCY)
        .description(
            "Time from a webhook's records being handed to Kafka until all are acknowledged")
        .tag("outcome", outcome)
        .serviceLevelObjectives(
            Duration.ofMillis(5),
            Duration.ofMillis(10),
            Duration.ofMillis(25),
            Duration.ofMillis(50),
            Duration.ofMillis(100),
            Duration.ofMillis(250),
            Duration.ofMillis(500),
            Duration.ofSeconds(1),
            Duration.ofSeconds(2),
            Duration.ofSeconds(5),
            Duration.ofSeconds(10))
        .register(registry);
  }

  private Counter recordCounter(String topic) {
    return recordCounters.computeIfAbsent(
        topic,
        name ->
            Counter.builder(RECORDS)
                .description("Records acknowledged by Kafka, by topic")
                .tag("topic", name)
                .register(registry));
  }

  /**
   * Stops taking requests, lets queued sends run, then flushes and closes the producer. Call it
   * after the HTTP server has drained, so every in-flight request has had its answer.
   *
   * @param timeout how long to wait for queued sends and the flush
   */
  public void close(Duration timeout) {
    sender.shutdown();
    try {
      if (!sender.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        LOGGER.warn("Sender did not finish within {}; closing the producer anyway", timeout);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    producer.flush();
    producer.close(timeout);
    producerMetrics.close();
  }

  @Override
  public void close() {
    close(publishTimeout);
  }

  /** The outstanding acknowledgements of one request. */
  private static final class Batch {
    private final CompletableFuture<Void> future = new CompletableFuture<>();
    private final AtomicInteger outstanding;

    Batch(int size) {
      this.outstanding = new AtomicInteger(size);
    }

    void acknowledged() {
      if (outstanding.decrementAndGet() == 0) {
        future.complete(null);
      }
    }
  }
}
