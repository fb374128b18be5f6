package io.wagate.streams.reference;

import io.wagate.schemas.events.BusinessNumberConfig;
import io.wagate.schemas.events.NumberState;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * How many business numbers are in each state Meta or Twilio put them in (DOMAIN.md §5), counted as
 * routing sees them: every line wagate learned about ({@code number-state-registry}) or an operator
 * registered ({@code business-number-registry}), each with its operator's settings, its own state
 * and its account's. For SREs' gauges and alerts; no number is named. Pure.
 *
 * @param lines state of the lines → how many lines are in it now
 * @param quality quality rating → how many lines have it
 * @param accounts state of the WhatsApp Business Accounts → how many accounts are in it now
 */
public record NumberHealth(
    Map<LineState, Integer> lines,
    Map<Quality, Integer> quality,
    Map<LineState, Integer> accounts) {

  /** What Meta or Twilio did to a line or an account. */
  public enum LineState {
    /** Meta's quality flag is in force: marketing is held until it is lifted. */
    FLAGGED,
    /**
     * Disabled or banned by the provider (a line's 63020 and the like, an account's ban), and not
     * re-enabled by an operator since: sends are rejected as {@code NUMBER_DISABLED}. An operator's
     * own disable on {@code wa.business-numbers} is not counted.
     */
    DISABLED,
    /** Business-initiated messages restricted ({@code RESTRICTED_BIZ_INITIATED_MESSAGING}). */
    RESTRICTED,
    /** Paused by the provider (63018, 63038, 471): sends rejected as {@code NUMBER_PAUSED}. */
    PAUSED;

    /** The label value on metrics. */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** A line's quality rating as Meta gives it; anything else (or none) is {@link #UNKNOWN}. */
  public enum Quality {
    GREEN,
    YELLOW,
    RED,
    UNKNOWN;

    static Quality of(@Nullable String rating) {
      if (rating != null) {
        for (Quality quality : values()) {
          if (quality.name().equalsIgnoreCase(rating.strip())) {
            return quality;
          }
        }
      }
      return UNKNOWN;
    }
  }

  /** Every count zero. */
  public static final NumberHealth NONE = count(Map.of(), Map.of(), Instant.EPOCH);

  /**
   * Counts the numbers and accounts wagate learned about.
   *
   * @param learned the {@code number-state-registry}: lines by number, accounts by {@code
   *     waba:<id>}
   * @param operator the {@code business-number-registry}: the operator's settings by line
   * @param now the time the states are counted at (pauses and restrictions end)
   */
  public static NumberHealth count(
      Map<String, NumberState> learned, Map<String, BusinessNumberConfig> operator, Instant now) {
    Map<LineState, Integer> lines = zeros(LineState.class);
    Map<Quality, Integer> quality = zeros(Quality.class);
    Map<LineState, Integer> accounts = zeros(LineState.class);
    Set<String> numbers = new HashSet<>(operator.keySet());
    learned.forEach(
        (key, state) -> {
          if (!key.startsWith(NumberState.WABA_PREFIX)) {
            numbers.add(key);
            return;
          }
          if (state.disabled()) {
            accounts.merge(LineState.DISABLED, 1, Integer::sum);
          }
          if (state.restrictedUntil() != null && now.isBefore(state.restrictedUntil())) {
            accounts.merge(LineState.RESTRICTED, 1, Integer::sum);
          }
        });
    for (String number : numbers) {
      BusinessNumberConfig settings = operator.get(number);
      NumberState state = learned.get(number);
      String wabaId =
          settings != null && settings.wabaId() != null
              ? settings.wabaId()
              : state == null ? null : state.wabaId();
      NumberState account = wabaId == null ? null : learned.get(NumberState.wabaKey(wabaId));
      BusinessNumber line = BusinessNumber.of(number, settings, state, account);
      boolean operatorEnabled = settings == null || settings.enabled();
      if (line.flagged()) {
        lines.merge(LineState.FLAGGED, 1, Integer::sum);
      }
      if (operatorEnabled && !line.enabled()) {
        lines.merge(LineState.DISABLED, 1, Integer::sum);
      }
      if (line.restrictedAt(now)) {
        lines.merge(LineState.RESTRICTED, 1, Integer::sum);
      }
      if (line.pausedAt(now)) {
        lines.merge(LineState.PAUSED, 1, Integer::sum);
      }
      quality.merge(Quality.of(state == null ? null : state.quality()), 1, Integer::sum);
    }
    return new NumberHealth(
        Collections.unmodifiableMap(lines),
        Collections.unmodifiableMap(quality),
        Collections.unmodifiableMap(accounts));
  }

  private static <E extends Enum<E>> Map<E, Integer> zeros(Class<E> type) {
    Map<E, Integer> zeros = new EnumMap<>(type);
    for (E value : type.getEnumConstants()) {
      zeros.put(value, 0);
    }
    return zeros;
  }
}
