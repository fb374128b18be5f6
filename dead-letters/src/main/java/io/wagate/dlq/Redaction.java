package io.wagate.dlq;

import java.util.regex.Pattern;

/**
 * Hides what may be a phone number in text the commands print: error messages are written to say
 * what and where without payload, but a number that failed to parse may still be quoted. Runs of
 * seven or more digits, with the separators people write in numbers, become {@code •••}.
 */
public final class Redaction {

  private static final Pattern NUMBER = Pattern.compile("\\+?\\d(?:[\\d .()\\-]{5,}\\d)");

  private Redaction() {}

  /**
   * The text with every number-like run replaced.
   *
   * @param text the text
   * @return the redacted text
   */
  public static String numbers(String text) {
    return NUMBER
        .matcher(text)
        .replaceAll(
            match ->
                match.group().chars().filter(Character::isDigit).count() >= 7
                    ? "•••"
                    : match.group());
  }
}
