package io.wagate.sender.provider;

import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Provider error texts as they may go to {@code wa.status.callbacks} and from there into notes:
 * without the phone numbers some of them quote ({@code The 'To' number +15005550001 is not a valid
 * phone number.}), trimmed and bounded.
 */
public final class ErrorTitles {

  /** Seven or more digits, with the separators people and providers put between them. */
  private static final Pattern NUMBER = Pattern.compile("\\+?\\d[\\d ().-]{5,}\\d");

  /** Meta prefixes its message with the code, {@code (#131047) Re-engagement message}. */
  private static final Pattern META_CODE_PREFIX = Pattern.compile("^\\(#\\d+\\)\\s*");

  private static final int MAX_LENGTH = 300;

  private ErrorTitles() {}

  /** The text without phone numbers or Meta's code prefix; empty for null. */
  public static String clean(@Nullable String text) {
    if (text == null) {
      return "";
    }
    String cleaned = META_CODE_PREFIX.matcher(text.strip()).replaceFirst("");
    cleaned = NUMBER.matcher(cleaned).replaceAll("<number>");
    return cleaned.length() <= MAX_LENGTH ? cleaned : cleaned.substring(0, MAX_LENGTH - 1) + "…";
  }
}
