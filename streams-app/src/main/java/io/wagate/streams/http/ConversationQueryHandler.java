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
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * {@code GET /v1/conversations/{businessNumber}/{contact}[?defaultRegion=NL]}: the conversation's
 * state and what may be sent to it now, answered by the instance that owns the conversation key. An
 * instance that does not own it forwards the request once to the owner's {@code application.server}
 * and relays the answer.
 */
public final class ConversationQueryHandler {

  /** The path prefix of the query API. */
  static final String PREFIX = "/v1/conversations/";

  private final ConversationLookup lookup;
  private final RoutingPolicy router;
  private final Duration safetyMargin;
  private final Clock clock;
  private final Forwarder forwarder;

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
    this.forwarder = new Forwarder(self);
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
      forwarder.forward(exchange, remote.host(), remote.port(), "conversation");
    } else {
      HttpResponses.error(exchange, 503, ((Unavailable) result).reason());
    }
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
