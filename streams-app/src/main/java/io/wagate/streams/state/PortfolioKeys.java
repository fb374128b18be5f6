package io.wagate.streams.state;

import java.time.Instant;

/**
 * The keys of a portfolio's entries in the limit stores, in one place for the processor that writes
 * them and the query API that reads them. Every key starts with the portfolio and {@code |}, so one
 * range read finds a portfolio's entries; times and sequence numbers are zero-padded to 19 digits,
 * so that their string order is their numeric order.
 */
public final class PortfolioKeys {

  private PortfolioKeys() {}

  /** A contact the portfolio reached, in the {@code limit-contact-store}. */
  public static String contact(String portfolio, String contact) {
    return portfolio + '|' + contact;
  }

  /** A contact leaving the 24 hours counted from {@code at}, in the {@code limit-expiry-store}. */
  public static String expiry(String portfolio, long at, String contact) {
    return portfolio + '|' + padded(at) + '|' + contact;
  }

  /** A held request, in the {@code limit-held-store}. */
  public static String held(String portfolio, long sequence) {
    return portfolio + '|' + padded(sequence);
  }

  /** The first key of the portfolio's entries, for a range read. */
  public static String first(String portfolio) {
    return portfolio + '|';
  }

  /** A key after every one of the portfolio's entries, for a range read. */
  public static String last(String portfolio) {
    return portfolio + "|~";
  }

  /** A key after every expiry of the portfolio up to {@code at}, for a range read. */
  public static String expiriesUpTo(String portfolio, long at) {
    return portfolio + '|' + padded(at) + '~';
  }

  /** When the contact of an {@link #expiry} key was reached. */
  public static Instant reachedAt(String portfolio, String expiryKey) {
    int second = expiryKey.indexOf('|', portfolio.length() + 1);
    return Instant.ofEpochMilli(
        Long.parseLong(expiryKey.substring(portfolio.length() + 1, second)));
  }

  /** The contact of an {@link #expiry} key. */
  public static String expiringContact(String portfolio, String expiryKey) {
    return expiryKey.substring(expiryKey.indexOf('|', portfolio.length() + 1) + 1);
  }

  private static String padded(long value) {
    String digits = Long.toString(Math.max(0, value));
    return "0".repeat(Math.max(0, 19 - digits.length())) + digits;
  }
}
