package io.wagate.sender.send;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bucket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.ToIntFunction;

/**
 * Holds each send until its business number and its contact allow it: a token bucket per number at
 * the number's throughput (80/s by default, up to 1,000/s), and one per conversation (number and
 * contact) of about one message per 6 s with a small burst, as Meta's pair rate limit (131056)
 * asks.
 *
 * <p>Both are Bucket4j reservations: a send takes its token at once, possibly into debt, and its
 * future completes when the token is due. Sends to one number are therefore released in the order
 * they asked, and a send waiting for one number holds no other number up.
 */
public final class Pacer {

  private final ToIntFunction<String> perSecond;
  private final int numberBurst;
  private final Duration contactInterval;
  private final int contactBurst;
  private final ScheduledExecutorService scheduler;
  private final SenderMetrics metrics;
  private final Map<String, Bucket> numbers = new ConcurrentHashMap<>();

  /**
   * A conversation holds at most one send at a time, so its bucket is in debt by at most one token;
   * idle for longer than a full refill, it is full again, and forgetting it changes nothing.
   */
  private final Cache<String, Bucket> contacts;

  /**
   * @param perSecond each business number's throughput
   * @param numberBurst how many sends a number may make at once
   * @param contactInterval the time one send to a contact takes from its allowance
   * @param contactBurst how many sends to one contact may go at once
   * @param scheduler where held sends are released
   * @param metrics where the waits are recorded
   */
  public Pacer(
      ToIntFunction<String> perSecond,
      int numberBurst,
      Duration contactInterval,
      int contactBurst,
      ScheduledExecutorService scheduler,
      SenderMetrics metrics) {
    this.perSecond = perSecond;
    this.numberBurst = numberBurst;
    this.contactInterval = contactInterval;
    this.contactBurst = contactBurst;
    this.scheduler = scheduler;
    this.metrics = metrics;
    this.contacts =
        Caffeine.newBuilder()
            .expireAfterAccess(contactInterval.multipliedBy(contactBurst + 1L))
            .build();
  }

  /**
   * Completes when a send to {@code conversationKey} from {@code businessNumber} may go: first the
   * contact's allowance, then the number's, so that no number token is spent on a send that still
   * waits for its contact.
   *
   * @param businessNumber the sending number
   * @param conversationKey the conversation ({@code <businessNumber>|<contact>})
   * @return completes when the send may go
   */
  public CompletableFuture<Void> acquire(String businessNumber, String conversationKey) {
    long asked = System.nanoTime();
    return contacts
        .get(conversationKey, key -> contactBucket())
        .asScheduler()
        .consume(1, scheduler)
        .thenCompose(
            contactDone -> {
              long contactReady = System.nanoTime();
              metrics.contactPacing(contactReady - asked);
              return numbers
                  .computeIfAbsent(businessNumber, this::numberBucket)
                  .asScheduler()
                  .consume(1, scheduler)
                  .thenRun(() -> metrics.numberPacing(System.nanoTime() - contactReady));
            });
  }

  private Bucket numberBucket(String businessNumber) {
    int rate = perSecond.applyAsInt(businessNumber);
    return Bucket.builder()
        .addLimit(limit -> limit.capacity(numberBurst).refillGreedy(rate, Duration.ofSeconds(1)))
        .withNanosecondPrecision()
        .build();
  }

  private Bucket contactBucket() {
    return Bucket.builder()
        .addLimit(limit -> limit.capacity(contactBurst).refillGreedy(1, contactInterval))
        .withNanosecondPrecision()
        .build();
  }
}
