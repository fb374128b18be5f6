package io.wagate.sender.send;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PacerTest {

  private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(1);

  @AfterEach
  void stop() {
    scheduler.shutdownNow();
  }

  @Test
  void shouldHoldASecondSendToTheSameContactButNotToAnother() throws Exception {
    // Given: one send per 400 ms to a contact, no burst; a generous number
    Pacer pacer =
        new Pacer(
            number -> 1_000,
            10,
            Duration.ofMillis(400),
            1,
            scheduler,
            new SenderMetrics(new SimpleMeterRegistry()));
    pacer.acquire("+31201234567", "+31201234567|+31611111111").get(1, TimeUnit.SECONDS);

    // When
    long asked = System.nanoTime();
    CompletableFuture<Void> sameContact =
        pacer.acquire("+31201234567", "+31201234567|+31611111111");
    pacer.acquire("+31201234567", "+31201234567|+31622222222").get(1, TimeUnit.SECONDS);
    long otherDone = System.nanoTime();
    sameContact.get(2, TimeUnit.SECONDS);
    long sameDone = System.nanoTime();

    // Then
    assertThat(Duration.ofNanos(otherDone - asked)).isLessThan(Duration.ofMillis(200));
    assertThat(Duration.ofNanos(sameDone - asked)).isGreaterThanOrEqualTo(Duration.ofMillis(350));
  }

  @Test
  void shouldReleaseANumbersSendsAtItsRate() throws Exception {
    // Given: 20 per second, no burst
    Pacer pacer =
        new Pacer(
            number -> 20,
            1,
            Duration.ofMillis(1),
            100,
            scheduler,
            new SenderMetrics(new SimpleMeterRegistry()));

    // When: eleven sends to eleven contacts
    long started = System.nanoTime();
    CompletableFuture<?>[] sends = new CompletableFuture<?>[11];
    for (int i = 0; i < sends.length; i++) {
      sends[i] = pacer.acquire("+31201234567", "+31201234567|+3161000000" + i);
    }
    CompletableFuture.allOf(sends).get(5, TimeUnit.SECONDS);

    // Then: ten gaps of 50 ms
    assertThat(Duration.ofNanos(System.nanoTime() - started))
        .isGreaterThanOrEqualTo(Duration.ofMillis(480));
  }
}
