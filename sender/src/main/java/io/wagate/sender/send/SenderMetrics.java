package io.wagate.sender.send;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.wagate.schemas.events.Provider;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The sender's own meters. Labels are fixed vocabularies and provider error codes: never a number,
 * id, name or body.
 *
 * <ul>
 *   <li>{@code wagate_sender_sends_total{provider,outcome}}: messages done, by final outcome
 *       ({@code accepted}, {@code failed}, {@code unconfirmed});
 *   <li>{@code wagate_sender_provider_errors_total{provider,code}}: failures by code;
 *   <li>{@code wagate_sender_retries_total{provider,reason}}: attempts repeated ({@code
 *       rate_limited}, {@code unavailable});
 *   <li>{@code wagate_sender_send_latency_seconds{provider}}: one HTTP exchange, histogram;
 *   <li>{@code wagate_sender_pacing_delay_seconds{limit}}: time waited for a number's or a
 *       contact's allowance, histogram;
 *   <li>{@code wagate_sender_dead_letters_total}, {@code
 *       wagate_sender_transactions_total{outcome}}.
 * </ul>
 */
public final class SenderMetrics {

  private final MeterRegistry registry;
  private final Timer numberPacing;
  private final Timer contactPacing;
  private final Counter deadLetters;

  /** Meters in {@code registry}. */
  public SenderMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.numberPacing = pacing("number");
    this.contactPacing = pacing("contact");
    this.deadLetters =
        Counter.builder("wagate.sender.dead.letters")
            .description("Records of wa.send.* the sender could not decode or send, on wa.dlq")
            .register(registry);
    // Every series from the start, so that rates and alerts see a zero before the first event.
    for (Provider provider : Provider.values()) {
      for (String outcome : new String[] {"accepted", "failed", "unconfirmed"}) {
        sends(provider, outcome);
      }
      retries(provider, true);
      retries(provider, false);
    }
    transactions("committed");
    transactions("aborted");
  }

  private Timer pacing(String limit) {
    return Timer.builder("wagate.sender.pacing.delay")
        .description("Time a send waited for its business number's or contact's allowance")
        .tag("limit", limit)
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(1))
        .maximumExpectedValue(Duration.ofMinutes(2))
        .register(registry);
  }

  private Counter sends(Provider provider, String outcome) {
    return Counter.builder("wagate.sender.sends")
        .description("Messages the sender finished, by provider and final outcome")
        .tag("provider", label(provider))
        .tag("outcome", outcome)
        .register(registry);
  }

  private Counter transactions(String outcome) {
    return Counter.builder("wagate.sender.transactions")
        .description("Kafka transactions of outcomes and offsets, by outcome")
        .tag("outcome", outcome)
        .register(registry);
  }

  /** One message finished with {@code outcome}. */
  public void sent(Provider provider, String outcome) {
    sends(provider, outcome).increment();
  }

  /** One message failed with {@code code}. */
  public void providerError(Provider provider, String code) {
    Counter.builder("wagate.sender.provider.errors")
        .description("Messages that failed, by provider and error code")
        .tag("provider", label(provider))
        .tag("code", code)
        .register(registry)
        .increment();
  }

  /** One attempt is repeated. */
  public void retry(Provider provider, boolean rateLimited) {
    retries(provider, rateLimited).increment();
  }

  private Counter retries(Provider provider, boolean rateLimited) {
    return Counter.builder("wagate.sender.retries")
        .description("Send attempts repeated after a rate limit or an unavailable provider")
        .tag("provider", label(provider))
        .tag("reason", rateLimited ? "rate_limited" : "unavailable")
        .register(registry);
  }

  /** One HTTP exchange took {@code nanos}. */
  public void latency(Provider provider, long nanos) {
    Timer.builder("wagate.sender.send.latency")
        .description("One HTTP exchange with the provider")
        .tag("provider", label(provider))
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(1))
        .maximumExpectedValue(Duration.ofSeconds(30))
        .register(registry)
        .record(nanos, TimeUnit.NANOSECONDS);
  }

  /** A send waited {@code nanos} for its number's allowance. */
  public void numberPacing(long nanos) {
    numberPacing.record(nanos, TimeUnit.NANOSECONDS);
  }

  /** A send waited {@code nanos} for its contact's allowance. */
  public void contactPacing(long nanos) {
    contactPacing.record(nanos, TimeUnit.NANOSECONDS);
  }

  /** A record went to {@code wa.dlq}. */
  public void deadLetter() {
    deadLetters.increment();
  }

  /** A transaction ended. */
  public void transaction(boolean committed) {
    transactions(committed ? "committed" : "aborted").increment();
  }

  /** A commit (offsets and outcomes) took {@code nanos}: the crash window grows with it. */
  public void commitLatency(long nanos) {
    Timer.builder("wagate.sender.commit.latency")
        .description("Time to commit a transaction of outcomes and offsets")
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(1))
        .maximumExpectedValue(Duration.ofSeconds(30))
        .register(registry)
        .record(nanos, TimeUnit.NANOSECONDS);
  }

  /** Distribution of records per committed transaction. */
  public DistributionSummary batchSize() {
    return DistributionSummary.builder("wagate.sender.transaction.records")
        .description("Outcomes written per committed transaction")
        .register(registry);
  }

  private static String label(Provider provider) {
    return provider.name().toLowerCase(Locale.ROOT);
  }
}
