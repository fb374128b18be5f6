package io.wagate.sender.send;

import dev.failsafe.Bulkhead;
import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeExecutor;
import dev.failsafe.RetryPolicy;
import io.wagate.schemas.events.OutboundMessage;
import io.wagate.schemas.events.Provider;
import io.wagate.sender.config.NumberSettings;
import io.wagate.sender.config.SenderConfig;
import io.wagate.sender.provider.MetaApi;
import io.wagate.sender.provider.ProviderClient;
import io.wagate.sender.provider.ProviderRequest;
import io.wagate.sender.provider.SendResult;
import io.wagate.sender.provider.TwilioApi;
import io.wagate.sender.provider.UnsendableException;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import org.jspecify.annotations.Nullable;

/**
 * Sends one message: builds its provider request, waits for the {@link Pacer}, exchanges it with
 * the provider, and repeats rate-limited and unavailable attempts with backoff and jitter,
 * honouring {@code Retry-After} (Failsafe), up to the configured attempts. A {@code Retry-After}
 * longer than the longest backoff ends the retries: the failure then goes to the error catalog,
 * whose retry is measured in minutes.
 */
public final class SendPipeline {

  /** Backoff and Retry-After delays vary by up to this fraction either way. */
  private static final double JITTER = 0.2;

  private final SenderConfig config;
  private final @Nullable Pacer pacer;
  private final ProviderClient client;
  private final ScheduledExecutorService scheduler;
  private final SenderMetrics metrics;
  private final Map<Provider, RetryPolicy<SendResult>> retries = new EnumMap<>(Provider.class);

  /** At most {@code maxInFlight} HTTP exchanges at once; the others wait their turn. */
  private final FailsafeExecutor<SendResult> bulkhead;

  /** A message ready to send: its provider and request. */
  public record Prepared(Provider provider, ProviderRequest request) {}

  /**
   * @param config the configuration (numbers, base URLs, retry settings)
   * @param pacer the pacer, or null when pacing is off
   * @param client the HTTP client
   * @param scheduler where retries wait
   * @param metrics where attempts are counted
   */
  public SendPipeline(
      SenderConfig config,
      @Nullable Pacer pacer,
      ProviderClient client,
      ScheduledExecutorService scheduler,
      SenderMetrics metrics) {
    this.config = config;
    this.pacer = pacer;
    this.client = client;
    this.scheduler = scheduler;
    this.metrics = metrics;
    for (Provider provider : Provider.values()) {
      retries.put(provider, retryPolicy(provider));
    }
    this.bulkhead =
        Failsafe.with(
                Bulkhead.<SendResult>builder(config.maxInFlight())
                    .withMaxWaitTime(Duration.ofDays(1))
                    .build())
            .with(scheduler);
  }

  private RetryPolicy<SendResult> retryPolicy(Provider provider) {
    Duration maxDelay = config.retryMaxDelay();
    return RetryPolicy.<SendResult>builder()
        .handleResultIf(result -> result instanceof SendResult.Retryable)
        .abortOn(CancellationException.class)
        .abortIf(
            result ->
                result instanceof SendResult.Retryable retryable
                    && retryable.retryAfter() != null
                    && retryable.retryAfter().compareTo(maxDelay) > 0)
        .withMaxAttempts(config.retryAttempts())
        .withBackoff(config.retryDelay(), maxDelay, 2.0)
        .withJitter(JITTER)
        // Retry-After, stretched so that the jitter never brings the retry before it.
        // A negative delay leaves the attempt to the backoff.
        .withDelayFn(
            context -> {
              Duration after =
                  context.getLastResult() instanceof SendResult.Retryable retryable
                      ? retryable.retryAfter()
                      : null;
              return after == null
                  ? Duration.ofNanos(-1)
                  : Duration.ofNanos((long) (after.toNanos() / (1 - JITTER)));
            })
        .onRetry(
            event ->
                metrics.retry(
                    provider, ((SendResult.Retryable) event.getLastResult()).rateLimited()))
        .build();
  }

  /**
   * The provider request of {@code message}.
   *
   * @throws UnsendableException when its business number has no provider settings, or a Twilio
   *     template has no Content SID
   * @throws IllegalArgumentException when the message lacks the part its kind needs
   */
  public Prepared prepare(OutboundMessage message) throws UnsendableException {
    NumberSettings number = config.numbers().get(message.businessNumber());
    if (number == null) {
      throw new UnsendableException(
          UnsendableException.NOT_CONFIGURED,
          "no provider settings for the business number of this message");
    }
    ProviderRequest request =
        number.provider() == Provider.META
            ? MetaApi.request(message, number, config.metaBaseUrl(), config.metaApiVersion())
            : TwilioApi.request(
                message, number, config.twilioBaseUrl(), String.valueOf(config.publicBaseUrl()));
    return new Prepared(number.provider(), request);
  }

  /**
   * Sends a prepared message, paced and retried.
   *
   * @param prepared the request
   * @param businessNumber the sending number
   * @param conversationKey the conversation, whose pacing applies
   * @param ticket called off by the caller while the send waits; then nothing more is sent and the
   *     future completes with a {@link CancellationException}
   * @return the final result
   */
  public CompletableFuture<SendResult> send(
      Prepared prepared, String businessNumber, String conversationKey, SendTicket ticket) {
    return Failsafe.with(retries.get(prepared.provider()))
        .with(scheduler)
        .getStageAsync(() -> attempt(prepared, businessNumber, conversationKey, ticket));
  }

  private CompletableFuture<SendResult> attempt(
      Prepared prepared, String businessNumber, String conversationKey, SendTicket ticket) {
    CompletableFuture<Void> paced =
        pacer == null
            ? CompletableFuture.completedFuture(null)
            : pacer.acquire(businessNumber, conversationKey);
    return paced.thenCompose(
        ready -> {
          if (!ticket.beginExchange()) {
            return CompletableFuture.failedFuture(new CancellationException("called off"));
          }
          long started = System.nanoTime();
          return bulkhead
              .getStageAsync(() -> client.send(prepared.provider(), prepared.request()))
              .whenComplete(
                  (result, failure) -> {
                    ticket.endExchange();
                    metrics.latency(prepared.provider(), System.nanoTime() - started);
                  });
        });
  }
}
