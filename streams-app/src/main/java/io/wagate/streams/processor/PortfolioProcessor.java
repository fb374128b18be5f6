package io.wagate.streams.processor;

import io.wagate.schemas.events.LifecycleState;
import io.wagate.streams.config.WagateConfig;
import io.wagate.streams.policy.AdmissionPolicy;
import io.wagate.streams.policy.MessagingLimits;
import io.wagate.streams.reference.Admission;
import io.wagate.streams.reference.BusinessNumber;
import io.wagate.streams.reference.References;
import io.wagate.streams.state.HeldRequest;
import io.wagate.streams.state.PortfolioKeys;
import io.wagate.streams.state.PortfolioLedger;
import io.wagate.streams.state.StoreFormat;
import io.wagate.streams.topology.Command;
import io.wagate.streams.topology.Output;
import io.wagate.streams.topology.StoreNames;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.jspecify.annotations.Nullable;

/**
 * Counts, per business portfolio, the distinct contacts its numbers reached with business-initiated
 * templates in the moving 24 hours, and holds what Meta would refuse (DOMAIN.md §5). Every request
 * of a portfolio passes this one task, so the count is exact whatever instance decided the request.
 * A held request leaves in order as contacts leave the 24 hours, as the limit rises, or as its
 * number's flag is lifted; one that waits longer than {@code WAGATE_HOLD_TTL} gives up.
 */
public final class PortfolioProcessor extends ContextualProcessor<String, byte[], String, Output> {

  /** Codes of the held states: Meta's own for the limit, wagate's for a flagged number. */
  static final String LIMIT_CODE = "131048";

  static final String FLAGGED_CODE = "WAGATE-NUMBER-FLAGGED";

  static final String LIMIT_REASON = "MESSAGING_LIMIT";
  static final String FLAGGED_REASON = "NUMBER_FLAGGED";

  private static final Duration WINDOW = WagateConfig.WINDOW;

  private final WagateConfig config;
  private final ConversationMetrics metrics;
  private KeyValueStore<String, Long> contacts;
  private KeyValueStore<String, String> expiries;
  private KeyValueStore<String, PortfolioLedger> ledgers;
  private KeyValueStore<String, HeldRequest> held;
  private References references;

  /** The portfolios whose gauges this task set, to remove when the task leaves this instance. */
  private final Set<String> gauged = new HashSet<>();

  public PortfolioProcessor(WagateConfig config, ConversationMetrics metrics) {
    this.config = config;
    this.metrics = metrics;
  }

  @Override
  public void init(ProcessorContext<String, Output> context) {
    super.init(context);
    contacts = context.getStateStore(StoreNames.LIMIT_CONTACTS);
    expiries = context.getStateStore(StoreNames.LIMIT_EXPIRIES);
    ledgers = context.getStateStore(StoreNames.LIMIT_LEDGERS);
    held = context.getStateStore(StoreNames.LIMIT_HELD);
    references = References.of(context);
    context.schedule(
        config.punctuationInterval(),
        PunctuationType.WALL_CLOCK_TIME,
        now -> onWallClock(Instant.ofEpochMilli(now)));
  }

  @Override
  public void process(Record<String, byte[]> record) {
    Admission admission =
        StoreFormat.serde(Admission.class).deserialize(Output.ADMISSIONS, record.value());
    Instant now =
        Instant.ofEpochMilli(Math.max(record.timestamp(), context().currentSystemTimeMs()));
    Ledger ledger = new Ledger(admission.portfolioId(), now);
    Long last = ledger.lastReached(admission.contact());
    boolean counted = last != null && last > now.minus(WINDOW).toEpochMilli();
    if (admission.countOnly()) {
      ledger.reach(admission.contact(), last, counted);
      ledger.apply();
      return;
    }
    BusinessNumber number = references.number(admission.businessNumber());
    boolean forFlag = admission.forFlag() && number.flagged();
    switch (AdmissionPolicy.decide(
        forFlag,
        counted,
        ledger.state.used(),
        ledger.limit(number),
        ledger.state.waitingForRoom())) {
      case GO_COUNTED, GO_NEW_CONTACT -> {
        ledger.reach(admission.contact(), last, counted);
        ledger.admit(admission.conversationKey(), admission.requestId());
      }
      case HOLD_LIMIT -> ledger.hold(admission, false);
      case HOLD_FLAGGED -> ledger.hold(admission, true);
    }
    ledger.apply();
  }

  /**
   * The task leaves this instance (a rebalance moved it, or the app stops): its portfolios' gauges
   * go with it, so that only the new owner exports them and a stale count raises no alert.
   */
  @Override
  public void close() {
    gauged.forEach(metrics::forgetPortfolio);
    gauged.clear();
  }

  private void onWallClock(Instant now) {
    List<String> portfolios = new ArrayList<>();
    try (KeyValueIterator<String, PortfolioLedger> all = ledgers.all()) {
      all.forEachRemaining(entry -> portfolios.add(entry.key));
    }
    for (String portfolio : portfolios) {
      Ledger ledger = new Ledger(portfolio, now);
      ledger.forgetOldContacts();
      ledger.release();
      ledger.apply();
    }
  }

  /** One portfolio's count, changed by one record or punctuation and applied at the end. */
  private final class Ledger {
    private final String portfolio;
    private final Instant now;
    private final Buffered<Long> contactWrites = new Buffered<>(contacts);
    private final Buffered<String> expiryWrites = new Buffered<>(expiries);
    private final Buffered<HeldRequest> heldWrites = new Buffered<>(held);
    private final List<Record<String, Output>> outputs = new ArrayList<>();
    private PortfolioLedger state;

    Ledger(String portfolio, Instant now) {
      this.portfolio = portfolio;
      this.now = now;
      PortfolioLedger stored = ledgers.get(portfolio);
      this.state = stored == null ? PortfolioLedger.EMPTY : stored;
    }

    int limit(BusinessNumber number) {
      int limit =
          MessagingLimits.limitOf(
              number, references.portfolio(portfolio), config.defaultMessagingLimit());
      state = state.withLimit(limit);
      return limit;
    }

    @Nullable Long lastReached(String contact) {
      return contactWrites.get(PortfolioKeys.contact(portfolio, contact));
    }

    /** The contact was reached now: counted if new, its 24 hours restarted either way. */
    void reach(String contact, @Nullable Long last, boolean counted) {
      if (last != null) {
        expiryWrites.delete(expiryKey(last, contact));
      }
      contactWrites.put(PortfolioKeys.contact(portfolio, contact), now.toEpochMilli());
      expiryWrites.put(expiryKey(now.toEpochMilli(), contact), "");
      if (!counted) {
        state = state.withUsed(+1);
      }
    }

    void admit(String conversationKey, String requestId) {
      outputs.add(
          new Record<>(
              conversationKey,
              Outputs.command(Command.admitted(requestId, now)),
              now.toEpochMilli()));
    }

    void hold(Admission admission, boolean forFlag) {
      String key = PortfolioKeys.held(portfolio, state.nextSequence());
      heldWrites.put(
          key,
          new HeldRequest(
              admission.requestId(),
              admission.conversationKey(),
              admission.businessNumber(),
              admission.contact(),
              forFlag,
              admission.outsideWindow(),
              now,
              now.plus(config.holdTtl())));
      state = state.withNextSequence().withHeld(forFlag ? 0 : 1, forFlag ? 1 : 0);
      String contact = admission.contact();
      outputs.add(
          new Record<>(
              admission.conversationKey(),
              Outputs.status(
                  admission.requestId(),
                  admission.businessNumber(),
                  contact,
                  LifecycleState.HELD,
                  forFlag ? FLAGGED_REASON : LIMIT_REASON,
                  forFlag ? FLAGGED_CODE : LIMIT_CODE,
                  now),
              now.toEpochMilli()));
    }

    /** Contacts reached more than 24 hours ago leave the count. */
    void forgetOldContacts() {
      String from = PortfolioKeys.first(portfolio);
      String upTo = PortfolioKeys.expiriesUpTo(portfolio, now.minus(WINDOW).toEpochMilli());
      List<String> old = new ArrayList<>();
      try (KeyValueIterator<String, String> range = expiries.range(from, upTo)) {
        range.forEachRemaining(entry -> old.add(entry.key));
      }
      for (String key : old) {
        long at = PortfolioKeys.reachedAt(portfolio, key).toEpochMilli();
        String contact = PortfolioKeys.expiringContact(portfolio, key);
        expiryWrites.delete(key);
        Long last = contactWrites.get(PortfolioKeys.contact(portfolio, contact));
        if (last != null && last == at) {
          contactWrites.delete(PortfolioKeys.contact(portfolio, contact));
          state = state.withUsed(-1);
        }
      }
    }

    /** Held requests that may go now go, in order; those that waited too long give up. */
    void release() {
      List<KeyValue<String, HeldRequest>> waiting = new ArrayList<>();
      try (KeyValueIterator<String, HeldRequest> range =
          held.range(PortfolioKeys.first(portfolio), PortfolioKeys.last(portfolio))) {
        range.forEachRemaining(waiting::add);
      }
      // In order: once one waiting for room cannot go, none after it may take room before it.
      boolean roomTaken = false;
      for (KeyValue<String, HeldRequest> entry : waiting) {
        HeldRequest request = entry.value;
        BusinessNumber number = references.number(request.businessNumber());
        Long last = lastReached(request.contact());
        boolean counted = last != null && last > now.minus(WINDOW).toEpochMilli();
        boolean flagStands = request.forFlag() && number.flagged();
        boolean needsRoom = request.outsideWindow() && !counted;
        boolean mayGo =
            !flagStands
                && (!needsRoom
                    || (!roomTaken && MessagingLimits.hasRoom(state.used(), limit(number))));
        if (mayGo) {
          leave(entry.key, request);
          if (request.outsideWindow()) {
            reach(request.contact(), last, counted);
          }
          admit(request.conversationKey(), request.requestId());
        } else if (!now.isBefore(request.expiresAt())) {
          leave(entry.key, request);
          outputs.add(
              new Record<>(
                  request.conversationKey(),
                  Outputs.command(
                      Command.holdExpired(
                          request.requestId(), request.forFlag(), limit(number), roomAt(), now)),
                  now.toEpochMilli()));
        } else if (needsRoom && !flagStands) {
          roomTaken = true;
        }
      }
    }

    private void leave(String key, HeldRequest request) {
      heldWrites.delete(key);
      state = state.withHeld(request.forFlag() ? 0 : -1, request.forFlag() ? -1 : 0);
    }

    /** When the portfolio next has room: its oldest counted contact leaves the 24 hours. */
    private @Nullable Instant roomAt() {
      try (KeyValueIterator<String, String> range =
          expiries.range(PortfolioKeys.first(portfolio), PortfolioKeys.last(portfolio))) {
        return range.hasNext()
            ? PortfolioKeys.reachedAt(portfolio, range.next().key).plus(WINDOW)
            : null;
      }
    }

    void apply() {
      contactWrites.flush();
      expiryWrites.flush();
      heldWrites.flush();
      if (state.empty()) {
        ledgers.delete(portfolio);
        metrics.forgetPortfolio(portfolio);
        gauged.remove(portfolio);
      } else {
        ledgers.put(portfolio, state);
        metrics.portfolio(portfolio, state);
        gauged.add(portfolio);
      }
      outputs.forEach(context()::forward);
    }

    private String expiryKey(long at, String contact) {
      return PortfolioKeys.expiry(portfolio, at, contact);
    }
  }
}
