package io.wagate.streams.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The words and quick-reply payloads that change a contact's consent. A message matches when its
 * whole text, trimmed, case-insensitive and without trailing punctuation, is one of them: "STOP!"
 * opts out, "please stop calling me" does not.
 *
 * @param optOut opt out of everything
 * @param marketingOptOut opt out of marketing only
 * @param optIn opt in to everything
 * @param decline decline a pending opt-in request
 */
public record Keywords(
    Set<String> optOut, Set<String> marketingOptOut, Set<String> optIn, Set<String> decline) {

  private static final Pattern TRAILING_PUNCTUATION = Pattern.compile("[\\p{Punct}\\s]+$");
  private static final Pattern INNER_SPACES = Pattern.compile("\\s+");

  /** The defaults of DOMAIN.md §2. */
  public static final Keywords DEFAULTS =
      new Keywords(
          words("STOP,STOPALL,UNSUBSCRIBE,CANCEL,END,QUIT,REVOKE,OPTOUT"),
          words("STOP PROMOTIONS"),
          words("YES,START,UNSTOP,SUBSCRIBE"),
          words("NO"));

  public Keywords {
    optOut = Set.copyOf(optOut);
    marketingOptOut = Set.copyOf(marketingOptOut);
    optIn = Set.copyOf(optIn);
    decline = Set.copyOf(decline);
  }

  /** Parses a comma-separated list into normalised keywords. */
  public static Set<String> words(String commaSeparated) {
    return Arrays.stream(commaSeparated.split(","))
        .map(Keywords::normalise)
        .filter(word -> !word.isEmpty())
        .collect(Collectors.toUnmodifiableSet());
  }

  /** What a message means for consent. */
  public enum Meaning {
    OPT_OUT,
    MARKETING_OPT_OUT,
    OPT_IN,
    DECLINE,
    NONE
  }

  /** The meaning of a message's text or button payload. */
  public Meaning meaningOf(@Nullable String text, @Nullable String buttonPayload) {
    Meaning byPayload = match(buttonPayload);
    return byPayload != Meaning.NONE ? byPayload : match(text);
  }

  private Meaning match(@Nullable String value) {
    if (value == null) {
      return Meaning.NONE;
    }
    String word = normalise(value);
    if (word.isEmpty()) {
      return Meaning.NONE;
    }
    // The longer phrase first: "STOP PROMOTIONS" must not read as a plain STOP.
    if (marketingOptOut.contains(word)) {
      return Meaning.MARKETING_OPT_OUT;
    }
    if (optOut.contains(word)) {
      return Meaning.OPT_OUT;
    }
    if (optIn.contains(word)) {
      return Meaning.OPT_IN;
    }
    if (decline.contains(word)) {
      return Meaning.DECLINE;
    }
    return Meaning.NONE;
  }

  static String normalise(String value) {
    String trimmed = TRAILING_PUNCTUATION.matcher(value.strip()).replaceAll("");
    return INNER_SPACES.matcher(trimmed).replaceAll(" ").toUpperCase(Locale.ROOT);
  }
}
