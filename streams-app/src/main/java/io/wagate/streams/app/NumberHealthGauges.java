package io.wagate.streams.app;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.wagate.schemas.events.BusinessNumberConfig;
import io.wagate.schemas.events.NumberState;
import io.wagate.streams.reference.NumberHealth;
import io.wagate.streams.reference.NumberHealth.LineState;
import io.wagate.streams.reference.NumberHealth.Quality;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Number health for SREs, counted on scrape from the global {@code number-state-registry} and
 * {@code business-number-registry} ({@link NumberHealth}; every instance has all of both, so every
 * instance exports the same counts and alerts take the max):
 *
 * <ul>
 *   <li>{@code wagate_numbers{state="flagged|disabled|restricted|paused"}}: lines in that state
 *       now;
 *   <li>{@code wagate_numbers_by_quality{quality="green|yellow|red|unknown"}}: lines by Meta's
 *       quality rating;
 *   <li>{@code wagate_accounts{state="disabled|restricted"}}: WhatsApp Business Accounts banned or
 *       restricted.
 * </ul>
 *
 * A scrape reads the store once, however many gauges it reads: a count is reused for {@link
 * #FRESH}. While the store cannot be read (starting, rebalancing) the last count stands.
 */
public final class NumberHealthGauges {

  /**
   * How long one count serves the gauges: longer than a scrape takes, shorter than its interval.
   */
  public static final Duration FRESH = Duration.ofSeconds(1);

  private static final Logger LOGGER = LoggerFactory.getLogger(NumberHealthGauges.class);

  private final Supplier<ReadOnlyKeyValueStore<String, NumberState>> learned;
  private final Supplier<ReadOnlyKeyValueStore<String, BusinessNumberConfig>> operator;
  private final Clock clock;
  private final long freshNanos;
  private NumberHealth last = NumberHealth.NONE;
  private long countedAtNanos;
  private boolean counted;

  private NumberHealthGauges(
      Supplier<ReadOnlyKeyValueStore<String, NumberState>> learned,
      Supplier<ReadOnlyKeyValueStore<String, BusinessNumberConfig>> operator,
      Clock clock,
      Duration fresh) {
    this.learned = learned;
    this.operator = operator;
    this.clock = clock;
    this.freshNanos = fresh.toNanos();
  }

  /**
   * Registers the gauges.
   *
   * @param registry where they go
   * @param learned the {@code number-state-registry}; may throw {@link InvalidStateStoreException}
   *     or {@link IllegalStateException} while it cannot be read
   * @param operator the {@code business-number-registry}, likewise
   * @param clock the time pauses and restrictions are judged at
   * @param fresh how long one count serves, {@link #FRESH} in the app
   */
  public static NumberHealthGauges bind(
      MeterRegistry registry,
      Supplier<ReadOnlyKeyValueStore<String, NumberState>> learned,
      Supplier<ReadOnlyKeyValueStore<String, BusinessNumberConfig>> operator,
      Clock clock,
      Duration fresh) {
    NumberHealthGauges gauges = new NumberHealthGauges(learned, operator, clock, fresh);
    for (LineState state : LineState.values()) {
      Gauge.builder("wagate.numbers", gauges, g -> g.health().lines().get(state))
          .description("Business numbers in this state now, as Meta or Twilio put them")
          .tag("state", state.label())
          .register(registry);
    }
    for (Quality quality : Quality.values()) {
      Gauge.builder("wagate.numbers.by_quality", gauges, g -> g.health().quality().get(quality))
          .description("Business numbers by Meta's quality rating")
          .tag("quality", quality.name().toLowerCase(Locale.ROOT))
          .register(registry);
    }
    for (LineState state : List.of(LineState.DISABLED, LineState.RESTRICTED)) {
      Gauge.builder("wagate.accounts", gauges, g -> g.health().accounts().get(state))
          .description("WhatsApp Business Accounts banned (disabled) or restricted now")
          .tag("state", state.label())
          .register(registry);
    }
    return gauges;
  }

  /** The counts, read afresh at most once per {@code fresh}. */
  synchronized NumberHealth health() {
    long nanos = System.nanoTime();
    if (counted && nanos - countedAtNanos < freshNanos) {
      return last;
    }
    try {
      last = NumberHealth.count(all(learned.get()), all(operator.get()), clock.instant());
      countedAtNanos = nanos;
      counted = true;
    } catch (InvalidStateStoreException | IllegalStateException e) {
      LOGGER.debug("Number health not counted, the stores are not readable now: {}", e.toString());
    }
    return last;
  }

  private static <V> Map<String, V> all(ReadOnlyKeyValueStore<String, V> store) {
    Map<String, V> entries = new HashMap<>();
    try (KeyValueIterator<String, V> all = store.all()) {
      while (all.hasNext()) {
        KeyValue<String, V> entry = all.next();
        entries.put(entry.key, entry.value);
      }
    }
    return entries;
  }
}
