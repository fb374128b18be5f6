package io.wagate.dlq;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Publishes replays exactly once: each batch of dead letters is one Kafka transaction holding their
 * records and their markers, so a replay and its mark commit or abort together.
 *
 * <p>Every {@code dlq replay}, whichever jar and host it runs on, uses the one transactional id
 * {@value #TRANSACTIONAL_ID}. {@link #start()} therefore fences a replay still running elsewhere
 * and aborts its open transaction before this one reads {@code wa.dlq}: the markers it then reads
 * are every marker that will ever commit for what it replays, and no two replays can publish the
 * same dead letter.
 */
public final class ReplayPublisher implements AutoCloseable {

  /** The transactional id of every replay. */
  public static final String TRANSACTIONAL_ID = "wagate-dlq-replay";

  private final Producer<byte[], byte[]> producer;

  /**
   * A publisher over {@code producer}, which must be transactional.
   *
   * @param producer the producer
   */
  public ReplayPublisher(Producer<byte[], byte[]> producer) {
    this.producer = producer;
  }

  /**
   * A publisher with a transactional producer of its own.
   *
   * @param kafka the producer's share of the {@code KAFKA_*} properties
   * @param timeout how long a send or a commit may block
   * @return the publisher
   */
  public static ReplayPublisher create(Properties kafka, Duration timeout) {
    Properties properties = new Properties();
    properties.putAll(kafka);
    properties.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "wagate-dlq-replay");
    properties.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, TRANSACTIONAL_ID);
    properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    properties.put(ProducerConfig.ACKS_CONFIG, "all");
    properties.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(timeout.toMillis()));
    return new ReplayPublisher(
        new KafkaProducer<>(properties, new ByteArraySerializer(), new ByteArraySerializer()));
  }

  /** Fences any other replay and aborts its open transaction. Call before reading wa.dlq. */
  public void start() {
    producer.initTransactions();
  }

  /**
   * Publishes one batch: every replay's records and marker, in one transaction.
   *
   * @param replays the dead letters' records and markers
   * @throws org.apache.kafka.common.errors.ProducerFencedException when another replay started
   * @throws org.apache.kafka.common.KafkaException when Kafka refused; the transaction is aborted
   */
  public void publish(List<Replay> replays) {
    producer.beginTransaction();
    try {
      for (Replay replay : replays) {
        replay.records().forEach(producer::send);
        producer.send(replay.marker().toProducerRecord());
      }
      // Sends failed asynchronously surface here, and the commit then refuses to go through.
      producer.commitTransaction();
    } catch (org.apache.kafka.common.errors.ProducerFencedException e) {
      throw e;
    } catch (RuntimeException e) {
      abortQuietly(e);
      throw e;
    }
  }

  private void abortQuietly(RuntimeException cause) {
    try {
      producer.abortTransaction();
    } catch (RuntimeException abortFailed) {
      cause.addSuppressed(abortFailed);
    }
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
  }

  /**
   * One dead letter's replay.
   *
   * @param records what to publish
   * @param marker the mark that it was replayed
   */
  public record Replay(List<ProducerRecord<byte[], byte[]>> records, ReplayMarker marker) {

    /** Freezes the list. */
    public Replay {
      records = List.copyOf(records);
    }
  }
}
