package io.wagate.streams.http;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forwards a query once to the instance that owns its key (its {@code application.server}) and
 * relays the answer, for every query API: the conversation, the campaign, the day reports.
 */
final class Forwarder {

  /**
   * Marks a forwarded request with the forwarding instance. An instance that receives it and does
   * not own the key either answers 503 rather than forwarding again: ownership is moving, and a
   * chain of forwards between instances that disagree about it would never end.
   */
  static final String FORWARDED_HEADER = "X-Wagate-Forwarded-By";

  private static final Logger LOGGER = LoggerFactory.getLogger(Forwarder.class);

  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
  private static final Duration FORWARD_TIMEOUT = Duration.ofSeconds(5);

  private final String self;
  private final HttpClient client;

  /**
   * @param self this instance's {@code host:port}, sent along with forwarded requests
   */
  Forwarder(String self) {
    this.self = self;
    this.client = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
  }

  /**
   * Asks the owner of the key and answers with its answer; 503 when it does not answer, or when
   * this request was forwarded already.
   *
   * @param exchange the request to forward, answered here
   * @param host the owner's {@code application.server} host
   * @param port the owner's {@code application.server} port
   * @param what what the key is, for the error messages ("conversation", "campaign", …)
   */
  void forward(HttpExchange exchange, String host, int port, String what) throws IOException {
    String forwardedBy = exchange.getRequestHeaders().getFirst(FORWARDED_HEADER);
    if (forwardedBy != null) {
      LOGGER.warn(
          "A {} query forwarded by {} reached {}, which does not own the key either; ownership is"
              + " moving",
          what,
          forwardedBy,
          self);
      HttpResponses.error(
          exchange, 503, "the " + what + " is moving between instances; try again shortly");
      return;
    }
    URI target = ownerUri(host, port, exchange.getRequestURI());
    HttpRequest.Builder request =
        HttpRequest.newBuilder(target)
            .timeout(FORWARD_TIMEOUT)
            .header(FORWARDED_HEADER, self)
            .header("Accept", HttpResponses.JSON)
            .GET();
    // The owner checks the caller's token as this instance did: every instance has the same one.
    String authorization = exchange.getRequestHeaders().getFirst(ManagementServer.AUTHORIZATION);
    if (authorization != null) {
      request.header(ManagementServer.AUTHORIZATION, authorization);
    }
    HttpResponse<byte[]> answer;
    try {
      answer = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      LOGGER.warn("The owner {}:{} of a {} did not answer: {}", host, port, what, e.toString());
      HttpResponses.error(
          exchange, 503, "the instance that owns the " + what + " did not answer; try again");
      return;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      HttpResponses.error(exchange, 503, "interrupted while asking the owning instance");
      return;
    }
    String contentType = answer.headers().firstValue("Content-Type").orElse(HttpResponses.JSON);
    HttpResponses.send(exchange, answer.statusCode(), contentType, answer.body());
  }

  private static URI ownerUri(String owner, int port, URI request) {
    String host = owner.contains(":") ? "[" + owner + "]" : owner;
    String query = request.getRawQuery() == null ? "" : "?" + request.getRawQuery();
    return URI.create("http://" + host + ":" + port + request.getRawPath() + query);
  }
}
