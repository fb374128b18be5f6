package io.wagate.streams.http;

import io.wagate.streams.http.ReportLookup.Answer;

/** Finds where a portfolio's count lives and, when it lives here, reads it. */
@FunctionalInterface
public interface PortfolioLookup {

  /**
   * A portfolio's limit and count.
   *
   * @param portfolioId the operator's portfolio id, or a business number in E.164
   * @return the view (null when there is nothing to say about the portfolio, see {@link
   *     PortfolioView#of}), the owner, or why neither can be said
   */
  Answer<PortfolioView> portfolio(String portfolioId);
}
