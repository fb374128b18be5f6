package io.wagate.streams.http;

import com.sun.net.httpserver.HttpExchange;
import io.wagate.schemas.contact.Contacts;
import io.wagate.streams.http.ReportLookup.Answer;
import io.wagate.streams.http.ReportLookup.Local;
import io.wagate.streams.http.ReportLookup.Remote;
import io.wagate.streams.http.ReportLookup.Unavailable;
import java.io.IOException;

/**
 * {@code GET /v1/portfolios/{portfolioId}}: a business portfolio's messaging limit, the distinct
 * contacts it reached in the moving 24 hours, the templates it holds, when room frees next and
 * since when the oldest held template waits. Answered by the instance whose task counts the
 * portfolio; others forward once, like the conversation API.
 *
 * <p>A business number without a portfolio is a portfolio of its own, asked for by the number:
 * {@code /v1/portfolios/%2B31201234567}. An id that starts with {@code +} is read as a business
 * number, in any form wagate accepts; any other id is the operator's, verbatim.
 *
 * <p>404 when there is nothing to say about the id (see {@link PortfolioView#of}); 400 for an id
 * that cannot be one, never repeating a number.
 */
public final class PortfolioQueryHandler {

  /** The path prefix of the portfolio API. */
  static final String PREFIX = "/v1/portfolios/";

  private static final String USAGE = "use /v1/portfolios/{portfolioId}";

  private final PortfolioLookup lookup;
  private final Forwarder forwarder;

  /**
   * @param lookup where portfolios are counted
   * @param self this instance's {@code host:port}, sent along with forwarded requests
   */
  public PortfolioQueryHandler(PortfolioLookup lookup, String self) {
    this.lookup = lookup;
    this.forwarder = new Forwarder(self);
  }

  void handle(HttpExchange exchange) throws IOException {
    String raw = exchange.getRequestURI().getRawPath().substring(PREFIX.length());
    if (raw.isEmpty() || raw.contains("/")) {
      HttpResponses.error(exchange, 404, USAGE);
      return;
    }
    String id;
    try {
      id = ConversationQueryHandler.decodePathSegment(raw);
    } catch (IllegalArgumentException e) {
      HttpResponses.error(exchange, 400, "the path is not valid percent-encoding");
      return;
    }
    String portfolioId;
    try {
      portfolioId = portfolioId(id);
    } catch (IllegalArgumentException e) {
      // The canonicaliser's messages say what is wrong without repeating the number.
      HttpResponses.error(exchange, 400, e.getMessage());
      return;
    }
    Answer<PortfolioView> answer = lookup.portfolio(portfolioId);
    if (answer instanceof Local<PortfolioView> local) {
      if (local.value() == null) {
        HttpResponses.error(
            exchange,
            404,
            "nothing is known about this portfolio: no template counted or held in the last 24"
                + " hours, no settings on wa.portfolios, and no business number of its own");
      } else {
        HttpResponses.json(exchange, 200, local.value());
      }
    } else if (answer instanceof Remote<PortfolioView> remote) {
      forwarder.forward(exchange, remote.host(), remote.port(), "portfolio");
    } else {
      HttpResponses.error(exchange, 503, ((Unavailable<PortfolioView>) answer).reason());
    }
  }

  /**
   * The portfolio id as the topology keys it: a business number canonical, as {@code
   * BusinessNumberConfig.portfolio()} names a number's own portfolio; an operator's id verbatim.
   *
   * @throws IllegalArgumentException saying what is wrong (an {@code InvalidContactException} for a
   *     number)
   */
  private static String portfolioId(String id) {
    if (id.startsWith("+")) {
      return Contacts.canonicalizeBusinessNumber(id);
    }
    if (id.isBlank()
        || id.length() > ReportQueryHandler.MAX_ID_LENGTH
        || id.chars().anyMatch(Character::isISOControl)) {
      throw new IllegalArgumentException(
          "a portfolio id has 1 to "
              + ReportQueryHandler.MAX_ID_LENGTH
              + " characters and no control characters");
    }
    return id;
  }
}
