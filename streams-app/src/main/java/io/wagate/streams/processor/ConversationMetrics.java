package io.wagate.streams.processor;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.wagate.schemas.events.Kind;
import io.wagate.schemas.events.RejectionReason;
import io.wagate.streams.policy.ContactPacing;
import io.wagate.streams.policy.RoutingPolicy.Decision;
import io.wagate.streams.policy.RoutingPolicy.Reject;
import io.wagate.streams.policy.RoutingPolicy.Route;
import io.wagate.streams.state.PortfolioLedger;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * wagate's own counters. Labels are bounded vocabularies (routes, reasons, error codes), never
 * numbers, ids or names; a business number or a portfolio of its own appears only hashed ({@link
 * #portfolioLabel}).
 */
public final class ConversationMetrics {

  /**
   * How many conversations' last routing time is remembered: more than 6 seconds of sends at the
   * highest throughput Meta grants one number (1,000 a second) for a dozen numbers.
   */
  private static final int RECENT_CONVERSATIONS = 100_000;

  private final MeterRegistry registry;
  private final Map<String, Counter> counters = new ConcurrentHashMap<>();
  private final Timer decisionLatency;
  private final Map<String, PortfolioGauges> portfolios = new ConcurrentHashMap<>();
  private final Map<String, Counter> numberSends = new ConcurrentHashMap<>();
  private final Counter rapidSends;

  /**
   * When each conversation's last message was routed, for the rapid-send counter: a metric's
   * memory, not state. Kept here rather than in the conversation store, which would add a store and
   * changelog write to every routed message; a rebalance or a restart forgets it, missing at most
   * one rapid send per conversation. Entries are needed for 6 seconds only.
   */
  private final Cache<String, Instant> lastRouted =
      Caffeine.newBuilder()
          .expireAfterWrite(ContactPacing.PAIR_INTERVAL.multipliedBy(2))
          .maximumSize(RECENT_CONVERSATIONS)
          .build();

  public ConversationMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.decisionLatency =
        Timer.builder("wagate.decision.latency")
            .description("From a send request's record timestamp to wagate's decision")
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofMillis(1))
            .maximumExpectedValue(Duration.ofSeconds(60))
            .register(registry);
    // Series with a fixed label set exist from the start, so dashboards and alerts see a zero
    // instead of no data until the first event.
    for (String name :
        List.of(
            "wagate.duplicates",
            "wagate.inbound.messages",
            "wagate.opt_in.requests",
            "wagate.parked.expired",
            "wagate.held.expired",
            "wagate.windows.expired")) {
      counter(name);
    }
    rapidSends =
        Counter.builder("wagate.contact.rapid_sends")
            .description(
                "Messages routed to a contact less than 6 s after the previous one from the same"
                    + " number (Meta's pair rate limit, 131056)")
            .register(registry);
    counter("wagate.retries", "stage", "scheduled");
    counter("wagate.retries", "stage", "sent");
    for (String change : List.of("opt_in", "opt_out", "declined")) {
      counter("wagate.consent.changes", "change", change);
    }
  }

  /** The registry these metrics are in, for other parts of the topology to add theirs. */
  public MeterRegistry registry() {
    return registry;
  }

  /** Metrics that go nowhere, for tests that do not look at them. */
  public static ConversationMetrics discarding() {
    return new ConversationMetrics(new SimpleMeterRegistry());
  }

  void decision(Decision decision) {
    String route;
    String reason;
    if (decision instanceof Route routed) {
      route = routed.kind() == Kind.TEMPLATE ? "template" : "freeform";
      reason = "none";
    } else if (decision instanceof Reject reject) {
      route = "rejected";
      reason = reject.reason().name();
    } else {
      route = "awaiting_opt_in";
      reason = "no_consent";
    }
    count("wagate.decisions", "route", route, "reason", reason);
  }

  /**
   * A message was routed to a send topic at {@code at}: counted for its business number's send rate
   * (Meta allows 80 a second by default) and, when it follows the previous one to the same contact
   * too soon, as a rapid send.
   *
   * @param conversationKey the conversation it goes to
   * @param businessNumber the number that sends it
   * @param at when it was routed
   */
  void routed(String conversationKey, String businessNumber, Instant at) {
    numberSends
        .computeIfAbsent(
            businessNumber,
            number ->
                Counter.builder("wagate.number.sends")
                    .description("Messages routed to the send topics, by business number (hashed)")
                    .tag("number", portfolioLabel(number))
                    .register(registry))
        .increment();
    if (ContactPacing.rapid(lastRouted.asMap().put(conversationKey, at), at)) {
      rapidSends.increment();
    }
  }

  /** The count of a portfolio this instance keeps, for the limit's gauges. */
  void portfolio(String portfolioId, PortfolioLedger ledger) {
    portfolios
        .computeIfAbsent(
            portfolioId,
            id -> {
              String label = portfolioLabel(id);
              PortfolioGauges gauges = new PortfolioGauges();
              gauges.meters.add(
                  Gauge.builder("wagate.portfolio.limit", gauges, g -> g.limit)
                      .description("The portfolio's messaging limit (-1: none)")
                      .tag("portfolio", label)
                      .register(registry));
              gauges.meters.add(
                  Gauge.builder("wagate.portfolio.used", gauges, g -> g.used)
                      .description("Distinct contacts reached outside a window in 24 hours")
                      .tag("portfolio", label)
                      .register(registry));
              gauges.meters.add(
                  Gauge.builder("wagate.portfolio.held", gauges, g -> g.held)
                      .description("Templates held for the portfolio")
                      .tag("portfolio", label)
                      .register(registry));
              return gauges;
            })
        .set(ledger);
  }

  /** A portfolio this instance no longer keeps. */
  void forgetPortfolio(String portfolioId) {
    PortfolioGauges gauges = portfolios.remove(portfolioId);
    if (gauges != null) {
      gauges.meters.forEach(registry::remove);
    }
  }

  /**
   * The portfolio's label on metrics: its operator-given id, or a hash for a portfolio of its own
   * (its id is a phone number, which never goes into a label). A business number's label on its
   * send rate is the same hash, so the two can be read side by side.
   */
  static String portfolioLabel(String portfolioId) {
    if (!portfolioId.startsWith("+")) {
      return portfolioId;
    }
    try {
      byte[] digest =
          java.security.MessageDigest.getInstance("SHA-256")
              .digest(portfolioId.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return "number-" + java.util.HexFormat.of().formatHex(digest, 0, 4);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  /** The gauges of one portfolio, read from its last count. */
  private static final class PortfolioGauges {
    final List<io.micrometer.core.instrument.Meter> meters = new java.util.ArrayList<>();
    volatile double limit;
    volatile double used;
    volatile double held;

    void set(PortfolioLedger ledger) {
      limit = ledger.limit() == null ? -1 : ledger.limit();
      used = ledger.used();
      held = (double) ledger.waitingForRoom() + ledger.heldForFlag();
    }
  }

  /** A request was rejected before it reached its conversation. */
  void rejected(RejectionReason reason) {
    count("wagate.decisions", "route", "rejected", "reason", reason.name());
  }

  /** A held template gave up waiting. */
  void holdExpired() {
    count("wagate.held.expired");
  }

  /** A timer's handling failed; it is tried again later. */
  void timerFailed(String kind) {
    count("wagate.timer.failures", "kind", kind.toLowerCase(java.util.Locale.ROOT));
  }

  /** A request was decided {@code lag} after its record timestamp. */
  void decisionLatency(Duration lag) {
    decisionLatency.record(lag.isNegative() ? Duration.ZERO : lag);
  }

  void failure(String code) {
    // Error codes are a bounded vocabulary, but a misbehaving provider could invent them.
    String label = code.length() <= 8 && code.chars().allMatch(Character::isDigit) ? code : "other";
    count("wagate.provider.failures", "code", label);
  }

  void duplicate() {
    count("wagate.duplicates");
  }

  void inbound() {
    count("wagate.inbound.messages");
  }

  void optIn() {
    count("wagate.consent.changes", "change", "opt_in");
  }

  void optOut() {
    count("wagate.consent.changes", "change", "opt_out");
  }

  void declined() {
    count("wagate.consent.changes", "change", "declined");
  }

  void optInRequested() {
    count("wagate.opt_in.requests");
  }

  void expired() {
    count("wagate.parked.expired");
  }

  void retryScheduled() {
    count("wagate.retries", "stage", "scheduled");
  }

  void retrySent() {
    count("wagate.retries", "stage", "sent");
  }

  void windowExpired() {
    count("wagate.windows.expired");
  }

  private void count(String name, String... tags) {
    counter(name, tags).increment();
  }

  private Counter counter(String name, String... tags) {
    String id = name + String.join(",", tags);
    return counters.computeIfAbsent(
        id, ignored -> Counter.builder(name).tags(tags).register(registry));
  }
}
