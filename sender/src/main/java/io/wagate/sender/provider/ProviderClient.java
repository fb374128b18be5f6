package io.wagate.sender.provider;

import io.wagate.schemas.events.Provider;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * Exchanges one {@link ProviderRequest} with its provider over HTTP and says what the answer means.
 * A failure before the request can have been written (refused or timed-out connection) is
 * retryable; one after it (no answer in time, a lost connection) is {@link SendResult.Unconfirmed}.
 */
public final class ProviderClient {

  /** The code of a provider that could not be reached at all. */
  public static final String UNREACHABLE = "WAGATE-PROVIDER-UNREACHABLE";

  private final HttpClient http;
  private final Duration timeout;
  private final Clock clock;

  /**
   * @param timeout how long an answer may take
   * @param executor where the HTTP client runs its callbacks
   * @param clock the clock {@code Retry-After} dates are read against
   */
  public ProviderClient(Duration timeout, Executor executor, Clock clock) {
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(timeout)
            .executor(executor)
            .build();
    this.timeout = timeout;
    this.clock = clock;
  }

  /**
   * Sends the request.
   *
   * @param provider whose API it is, to read the answer
   * @param request the request
   * @return what the answer means; never completes exceptionally
   */
  public CompletableFuture<SendResult> send(Provider provider, ProviderRequest request) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(request.uri())
            .timeout(timeout)
            .header("Content-Type", request.contentType())
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(request.body()));
    request.headers().forEach(builder::header);
    return http.sendAsync(builder.build(), HttpResponse.BodyHandlers.ofByteArray())
        .handle(
            (response, failure) ->
                failure == null ? answer(provider, response) : failed(unwrap(failure)));
  }

  private SendResult answer(Provider provider, HttpResponse<byte[]> response) {
    var retryAfter =
        HttpAnswers.retryAfter(response.headers().firstValue("Retry-After"), clock.instant());
    byte[] body = response.body() == null ? new byte[0] : response.body();
    return provider == Provider.META
        ? MetaApi.answer(response.statusCode(), body, retryAfter)
        : TwilioApi.answer(response.statusCode(), body, retryAfter);
  }

  private static SendResult failed(Throwable failure) {
    if (failure instanceof ConnectException || failure instanceof HttpConnectTimeoutException) {
      return new SendResult.Retryable(
          UNREACHABLE, "the provider could not be reached", null, false);
    }
    if (failure instanceof IOException) {
      return new SendResult.Unconfirmed(
          "no answer from the provider (" + failure.getClass().getSimpleName() + ")");
    }
    return new SendResult.Unconfirmed(
        "the request failed (" + failure.getClass().getSimpleName() + ")");
  }

  private static Throwable unwrap(Throwable failure) {
    Throwable current = failure;
    while (current instanceof CompletionException && current.getCause() != null) {
      current = current.getCause();
    }
    // The JDK client wraps a refused connection in an IOException at times.
    if (current instanceof IOException && current.getCause() instanceof ConnectException cause) {
      return cause;
    }
    return current;
  }
}
