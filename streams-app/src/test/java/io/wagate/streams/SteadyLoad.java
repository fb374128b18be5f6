package io.wagate.streams;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Send requests at a steady rate, as CRMs write them: keyed by request id, over many conversations
 * of one business number, with a share of duplicates that carry a request id already sent and
 * another {@code to} (a CRM retrying after correcting a number), so the duplicate belongs to
 * another conversation and usually to another partition.
 *
 * <p>Every request is a text to a contact whose window is closed: it gets exactly one routing
 * outcome, {@code REJECTED OUTSIDE_WINDOW}, at once, so the output rate follows the input rate.
 */
final class SteadyLoad implements AutoCloseable {

  /** Batches per second: the rate is spread over them so the output has no seconds-long gaps. */
  private static final int TICKS_PER_SECOND = 50;

  private final String businessNumber;
  private final int perSecond;
  private final int conversations;
  private final double duplicateShare;
  private final KafkaProducer<String, String> producer;
  private final ScheduledExecutorService ticker =
      Executors.newSingleThreadScheduledExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "steady-load");
            thread.setDaemon(true);
            return thread;
          });
  private final AtomicReference<RuntimeException> failure = new AtomicReference<>();

  // Touched by the ticker thread only until stop() has returned.
  private final List<String> recent = new ArrayList<>();
  private final Set<String> requestIds = new HashSet<>();
  private long sequence;
  private int duplicates;
  private double owed;

  /**
   * @param bootstrapServers the broker
   * @param businessNumber the business number of every request
   * @param perSecond send requests per second, duplicates included
   * @param conversations how many contacts the requests go to, round robin
   * @param duplicateShare the share of requests that repeat an earlier request id with another
   *     {@code to}
   */
  SteadyLoad(
      String bootstrapServers,
      String businessNumber,
      int perSecond,
      int conversations,
      double duplicateShare) {
    this.businessNumber = businessNumber;
    this.perSecond = perSecond;
    this.conversations = conversations;
    this.duplicateShare = duplicateShare;
    this.producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.LINGER_MS_CONFIG,
                5),
            new StringSerializer(),
            new StringSerializer());
  }

  /** Starts writing; returns at once. */
  void start() {
    long periodMicros = TimeUnit.SECONDS.toMicros(1) / TICKS_PER_SECOND;
    ticker.scheduleAtFixedRate(this::tick, 0, periodMicros, TimeUnit.MICROSECONDS);
  }

  /**
   * Stops writing and waits until every request written so far is acknowledged.
   *
   * @throws IllegalStateException when a write failed
   */
  void stop() throws InterruptedException {
    ticker.shutdown();
    if (!ticker.awaitTermination(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException("the load did not stop within 30 s");
    }
    producer.flush();
    RuntimeException failed = failure.get();
    if (failed != null) {
      throw new IllegalStateException("a send request could not be written", failed);
    }
  }

  /** The distinct request ids written; only after {@link #stop()}. */
  Set<String> requestIds() {
    return Set.copyOf(requestIds);
  }

  /** How many records repeated an earlier request id; only after {@link #stop()}. */
  int duplicates() {
    return duplicates;
  }

  /** How many records were written; only after {@link #stop()}. */
  long written() {
    return sequence;
  }

  @Override
  public void close() {
    ticker.shutdownNow();
    producer.close(Duration.ofSeconds(10));
  }

  private void tick() {
    owed += (double) perSecond / TICKS_PER_SECOND;
    while (owed >= 1) {
      owed -= 1;
      sendOne();
    }
  }

  private void sendOne() {
    long n = sequence++;
    String contact = "+3161" + (1_000_000 + n % conversations);
    String requestId;
    if (!recent.isEmpty() && ThreadLocalRandom.current().nextDouble() < duplicateShare) {
      requestId = recent.get(ThreadLocalRandom.current().nextInt(recent.size()));
      duplicates++;
    } else {
      requestId = "chaos-" + UUID.randomUUID();
      requestIds.add(requestId);
      remember(requestId);
    }
    String value =
        "{\"requestId\":\""
            + requestId
            + "\",\"businessNumber\":\""
            + businessNumber
            + "\",\"to\":\""
            + contact
            + "\",\"kind\":\"TEXT\",\"text\":{\"body\":\"See you tomorrow!\"}}";
    producer.send(
        new ProducerRecord<>("wa.send.requests", requestId, value),
        (metadata, exception) -> {
          if (exception != null) {
            failure.compareAndSet(null, new IllegalStateException(exception));
          }
        });
  }

  /** Keeps the last thousand request ids, the ones a retrying CRM would repeat. */
  private void remember(String requestId) {
    if (recent.size() < 1_000) {
      recent.add(requestId);
    } else {
      recent.set((int) (sequence % 1_000), requestId);
    }
  }
}
