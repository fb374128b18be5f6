package io.wagate.streams.http;

import com.sun.net.httpserver.HttpExchange;
import io.wagate.schemas.contact.Contacts;
import io.wagate.schemas.contact.ConversationKey;
import io.wagate.schemas.contact.InvalidContactException;
import io.wagate.streams.http.ConversationLookup.Local;
import io.wagate.streams.http.ConversationLookup.Remote;
import io.wagate.streams.http.ConversationLookup.Unavailable;
import io.wagate.streams.policy.RoutingPolicy;
import io.wagate.streams.state.Conversation;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /v1/conversations/{businessNumber}/{contact}[?defaultRegion=NL]}: the conversation's
 * state and what may be sent to it now, answered by the instance that owns the conversation key. An
 * instance that does not own it forwards the request once to the owner's {@code application.server}
 * and relays the answer.
 */
public final class ConversationQueryHandler {

  /** The path prefix of the query API. */
  static final String PREFIX = "/v1/conversations/";

  /**
   * Marks a forwarded request with the forwarding instance. An instance that receives it and does
   * not own the key either answers 503 rather than forwarding again: ownership is moving, and a
   * chain of forwards between instances that disagree about it would never end.
   */
  static final String FORWARDED_HEADER = "X-Wagate-Forwarded-By";

  private static final Logger LOGGER = LoggerFactory.getLogger(ConversationQueryHandler.class);

  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
  private static final Duration FORWARD_TIMEOUT = Duration.ofSeconds(5);

  private final ConversationLookup lookup;
  private final RoutingPolicy router;
  private final Duration safetyMargin;
  private final Clock clock;
  private final String self;
  private final HttpClient client;

  /**
   * A handler answering from {@code lookup}.
   *
   * @param lookup where conversations are
   * @param router the routing rules the answer's {@code canSend*} come from
   * @param safetyMargin how much earlier than WhatsApp wagate closes the window
   * @param clock the time answers are computed at
   * @param self this instance's {@code host:port}, sent along with forwarded requests
   */
  public ConversationQueryHandler(
      ConversationLookup lookup,
      RoutingPolicy router,
      Duration safetyMargin,
      Clock clock,
      String self) {
    this.lookup = lookup;
    this.router = router;
    this.safetyMargin = safetyMargin;
    this.clock = clock;
    this.self = self;
    this.client = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
  }

  void handle(HttpExchange exchange) throws IOException {
    String[] segments = exchange.getRequestURI().getRawPath().substring(PREFIX.length()).split("/");
    if (segments.length != 2 || segments[0].isEmpty() || segments[1].isEmpty()) {
      HttpResponses.error(
          exchange, 404, "use /v1/conversations/{businessNumber}/{contact}[?defaultRegion=NL]");
      return;
    }
    String rawBusinessNumber;
    String rawContact;
    String region;
    try {
      rawBusinessNumber = decodePathSegment(segments[0]);
      rawContact = decodePathSegment(segments[1]);
      region = queryParameter(exchange.getRequestURI().getRawQuery(), "defaultRegion");
    } catch (IllegalArgumentException e) {
      HttpResponses.error(exchange, 400, "the path or query is not valid percent-encoding");
      return;
    }
    String businessNumber;
    String contact;
    try {
      // The same canonical form as the topology's conversation keys, or the key would not match.
      businessNumber = Contacts.canonicalizeBusinessNumber(rawBusinessNumber);
    } catch (InvalidContactException e) {
      // The canonicaliser's messages say what is wrong without repeating the number.
      HttpResponses.error(exchange, 400, e.getMessage());
      return;
    }
    try {
      contact = Contacts.canonicalize(rawContact, region);
    } catch (InvalidContactException e) {
      HttpResponses.error(exchange, 400, "contact: " + e.getMessage());
      return;
    }
    String key = new ConversationKey(businessNumber, contact).toString();
    ConversationLookup.Result result = lookup.find(key, businessNumber);
    if (result instanceof Local local) {
      Conversation conversation =
          local.conversation() != null
              ? local.conversation()
              : Conversation.start(businessNumber, contact);
      HttpResponses.json(
          exchange,
          200,
          ConversationView.of(conversation, local.number(), router, safetyMargin, clock.instant()));
    } else if (result instanceof Remote remote) {
      forward(exchange, remote);
    } else {
      HttpResponses.error(exchange, 503, ((Unavailable) result).reason());
    }
  }

  private void forward(HttpExchange exchange, Remote owner) throws IOException {
    String forwardedBy = exchange.getRequestHeaders().getFirst(FORWARDED_HEADER);
    if (forwardedBy != null) {
      LOGGER.warn(
          "A query forwarded by {} reached {}, which does not own the key either; ownership is"
              + " moving",
          forwardedBy,
          self);
      HttpResponses.error(
          exchange, 503, "the conversation is moving between instances; try again shortly");
      return;
    }
    URI target = ownerUri(owner, exchange.getRequestURI());
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
      LOGGER.warn(
          "The owner {}:{} of a conversation did not answer: {}",
          owner.host(),
          owner.port(),
          e.toString());
      HttpResponses.error(
          exchange, 503, "the instance that owns the conversation did not answer; try again");
      return;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      HttpResponses.error(exchange, 503, "interrupted while asking the owning instance");
      return;
    }
    String contentType = answer.headers().firstValue("Content-Type").orElse(HttpResponses.JSON);
    HttpResponses.send(exchange, answer.statusCode(), contentType, answer.body());
  }

  private static URI ownerUri(Remote owner, URI request) {
    String host = owner.host().contains(":") ? "[" + owner.host() + "]" : owner.host();
    String query = request.getRawQuery() == null ? "" : "?" + request.getRawQuery();
    return URI.create("http://" + host + ":" + owner.port() + request.getRawPath() + query);
  }

  /** Percent-decodes a path segment; unlike a query string, a {@code +} in a path is a plus. */
  static String decodePathSegment(String raw) {
    return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  /** The first value of {@code name} in a raw query string, or null. */
  static @Nullable String queryParameter(@Nullable String rawQuery, String name) {
    if (rawQuery == null) {
      return null;
    }
    for (String pair : List.of(rawQuery.split("&"))) {
      int equals = pair.indexOf('=');
      String key =
          URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
      if (key.equals(name)) {
        return equals < 0
            ? ""
            : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
      }
    }
    return null;
  }
}
