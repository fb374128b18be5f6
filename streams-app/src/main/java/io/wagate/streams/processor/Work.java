package io.wagate.streams.processor;

import io.wagate.schemas.contact.ConversationKey;
import io.wagate.schemas.events.Category;
import io.wagate.schemas.events.LifecycleState;
import io.wagate.schemas.events.OutboundMessage;
import io.wagate.schemas.events.Person;
import io.wagate.schemas.events.RejectionReason;
import io.wagate.schemas.events.SendRequest;
import io.wagate.streams.config.WagateConfig;
import io.wagate.streams.policy.ConsentPolicy;
import io.wagate.streams.policy.MessagingLimits;
import io.wagate.streams.policy.RoutingPolicy;
import io.wagate.streams.policy.RoutingPolicy.Decision;
import io.wagate.streams.policy.RoutingPolicy.Reject;
import io.wagate.streams.policy.RoutingPolicy.Route;
import io.wagate.streams.reference.Admission;
import io.wagate.streams.reference.BusinessNumber;
import io.wagate.streams.state.Conversation;
import io.wagate.streams.state.RequestRecord;
import io.wagate.streams.state.Timers;
import java.time.Instant;
import java.util.Iterator;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One unit of work: the handling of one record or one timer at one decision time. It reads state
 * through its {@link Outbox} and writes only there, and it holds the operations every handler
 * shares: routing, rejecting and parking a request, replying, and saving or forgetting a
 * conversation.
 */
final class Work {

  final Rules rules;
  final Outbox outbox;

  /** The decision time: the later of the record's timestamp and the wall clock. */
  final Instant now;

  private final String noteIdPrefix;
  private int notesWritten;

  Work(Rules rules, Outbox outbox, Instant now, String noteIdPrefix) {
    this.rules = rules;
    this.outbox = outbox;
    this.now = now;
    this.noteIdPrefix = noteIdPrefix;
  }

  WagateConfig config() {
    return rules.config();
  }

  // ------------------------------------------------------------------ conversations

  /** The conversation's state, or a fresh one when nothing is stored. */
  Conversation conversation(String key) {
    Conversation conversation = outbox.conversations.get(key);
    if (conversation != null) {
      return conversation;
    }
    ConversationKey parsed = ConversationKey.parse(key);
    return Conversation.start(parsed.businessNumber(), parsed.contact());
  }

  /**
   * Stores the conversation and announces its state on {@code wa.sessions}, with a timer for the
   * next time its state changes by time alone; a conversation with nothing left to keep is
   * forgotten instead (a tombstone on {@code wa.sessions}).
   */
  void save(String key, Conversation conversation) {
    WagateConfig config = config();
    boolean stored = outbox.conversations.exists(key);
    if (conversation.forgettable(now, config.windowSafetyMargin(), config.optInRequestInterval())) {
      if (stored) {
        // The last state, then the tombstone: live readers see the window close, compaction keeps
        // nothing.
        outbox.emit(
            key, Outputs.session(conversation.toSession(now, config.windowSafetyMargin())), now);
        outbox.conversations.delete(key);
        outbox.emit(key, Outputs.forgottenSession(), now);
      }
      return;
    }
    outbox.emit(
        key, Outputs.session(conversation.toSession(now, config.windowSafetyMargin())), now);
    keep(key, conversation);
  }

  /**
   * Stores the conversation without announcing it, with a timer for the next time its state changes
   * by time alone.
   */
  void keep(String key, Conversation conversation) {
    WagateConfig config = config();
    Instant next =
        conversation.nextChangeAfter(
            now, config.windowSafetyMargin(), config.optInRequestInterval());
    Instant pending = conversation.windowTimerAt();
    if (next != null && (pending == null || pending.isAfter(next) || pending.isBefore(now))) {
      outbox.schedule(Timers.Kind.CONVERSATION, key, next);
      conversation.windowTimerAt(next);
    }
    outbox.conversations.put(key, conversation);
  }

  /**
   * Records an expression of the contact's will; when it is the latest word for some category,
   * parked requests of those categories are released (opt-in) or rejected (opt-out, decline).
   *
   * @return the categories it now decides; empty when a later expression is in force
   */
  Set<Category> express(
      String key, Conversation conversation, ConsentPolicy.Expression expression) {
    Set<Category> decided =
        conversation
            .consent()
            .express(
                expression.will(),
                expression.categories(),
                expression.source(),
                expression.at(),
                expression.messageId(),
                expression.reference(),
                now);
    if (expression.fromContact()) {
      // The contact answered: NO no longer declines a request they were asked.
      conversation.endOptInRequest();
    }
    if (decided.isEmpty()) {
      return decided;
    }
    ConversationMetrics metrics = rules.metrics();
    outbox.count(
        switch (expression.will()) {
          case OPTED_IN -> metrics::optIn;
          case OPTED_OUT -> metrics::optOut;
          case DECLINED -> metrics::declined;
        });
    RejectionReason rejection = ConsentPolicy.parkedRejection(expression.will());
    if (rejection == null) {
      releaseParked(key, conversation);
    } else {
      rejectParked(key, conversation, rejection, decided);
    }
    return decided;
  }

  // ------------------------------------------------------------------ requests

  /** Routes a request against the conversation as it is now. */
  Decision decide(SendRequest request, Conversation conversation) {
    BusinessNumber number = rules.references().number(conversation.businessNumber());
    return rules
        .routing()
        .decide(
            request, conversation, number, rules.references().template(request.template()), now);
  }

  /**
   * Sends a routed request, or first asks its portfolio for room: a business-initiated template
   * counts against the portfolio's messaging limit and waits while there is none, and a flagged
   * number's marketing waits for the flag to be lifted. Where the limit is unknown or none, the
   * template goes at once and the portfolio only counts it.
   */
  void send(String key, RequestRecord record, Route route, String contact) {
    WagateConfig config = config();
    boolean template = route.kind() == io.wagate.schemas.events.Kind.TEMPLATE;
    if (!config.messagingLimits() || !template || !(route.outsideWindow() || route.holdForFlag())) {
      routeNow(key, record, route, contact);
      return;
    }
    BusinessNumber number = rules.references().number(record.request().businessNumber());
    String portfolio = number.portfolioId();
    int limit =
        MessagingLimits.limitOf(
            number, rules.references().portfolio(portfolio), config.defaultMessagingLimit());
    boolean ask = route.holdForFlag() || limit != MessagingLimits.UNLIMITED;
    if (ask) {
      record.admitting();
    } else {
      routeNow(key, record, route, contact);
    }
    outbox.emit(
        portfolio,
        Outputs.admission(
            new Admission(
                portfolio,
                record.requestId(),
                key,
                number.number(),
                contact,
                route.holdForFlag(),
                !ask,
                route.outsideWindow(),
                now)),
        now);
  }

  /** Sends the request on its way and records the routing outcome. */
  void routeNow(String key, RequestRecord record, Route route, String contact) {
    OutboundMessage message = Outputs.outbound(record.request(), contact, now, 1);
    record.routed(message);
    emitSend(key, message);
    status(
        key,
        record,
        route.kind() == io.wagate.schemas.events.Kind.TEMPLATE
            ? LifecycleState.ROUTED_TEMPLATE
            : LifecycleState.ROUTED_FREEFORM,
        null,
        null);
  }

  /** Rejects the request with its reason, code and note. */
  void reject(String key, RequestRecord record, Reject reject) {
    record.done();
    RejectionReason reason = reject.reason();
    status(key, record, LifecycleState.REJECTED, reason.name(), reason.code());
    String contact = contactOf(key);
    note(
        key,
        record.requestId(),
        record.person(),
        reason.code(),
        rules.notes().rejection(reason, record.person(), contact, reject.detail()),
        reason.action());
  }

  /**
   * Parks a template that lacks consent and, at most once per interval, sends the business number's
   * opt-in template instead.
   */
  void park(String key, RequestRecord record, Conversation conversation) {
    WagateConfig config = config();
    record.park(now.plus(config.parkedRequestTtl()));
    conversation.parked().add(record.requestId());
    outbox.schedule(Timers.Kind.PARKED, record.requestId(), record.dueAt());
    status(key, record, LifecycleState.AWAITING_OPT_IN, "NO_CONSENT", null);
    BusinessNumber number = rules.references().number(conversation.businessNumber());
    if (number.optInTemplate() != null
        && conversation.mayRequestOptIn(now, config.optInRequestInterval())) {
      OutboundMessage optIn =
          Outputs.optInRequest(
              record.requestId(),
              conversation.businessNumber(),
              conversation.contact(),
              number.optInTemplate(),
              record.person(),
              now);
      ownMessage(key, optIn);
      countOptInRequest(key, conversation, number);
      conversation.optInRequested(now);
      outbox.count(rules.metrics()::optInRequested);
    }
  }

  /** An opt-in request is business-initiated too: its portfolio counts the contact. */
  private void countOptInRequest(String key, Conversation conversation, BusinessNumber number) {
    if (!config().messagingLimits()) {
      return;
    }
    outbox.emit(
        number.portfolioId(),
        Outputs.admission(
            new Admission(
                number.portfolioId(),
                null,
                key,
                number.number(),
                conversation.contact(),
                false,
                true,
                true,
                now)),
        now);
  }

  /** Routes every parked request again now that the contact consented, oldest first. */
  void releaseParked(String key, Conversation conversation) {
    for (String requestId : conversation.releaseParked()) {
      RequestRecord record = outbox.requests.get(requestId);
      if (record == null || record.phase() != RequestRecord.Phase.PARKED) {
        continue;
      }
      outbox.cancel(Timers.Kind.PARKED, requestId, record.dueAt());
      Decision decision = decide(record.request(), conversation);
      outbox.count(() -> rules.metrics().decision(decision));
      if (decision instanceof Route route) {
        send(key, record, route, conversation.contact());
      } else if (decision instanceof Reject reject) {
        reject(key, record, reject);
      } else {
        // Consent for another category than this one's: it keeps waiting.
        conversation.parked().add(requestId);
        outbox.schedule(Timers.Kind.PARKED, requestId, record.dueAt());
      }
      outbox.requests.put(requestId, record);
    }
    endOptInRequestIfMoot(conversation);
  }

  /**
   * Rejects every parked request that can no longer be sent, e.g. after an opt-out.
   *
   * @param only the categories whose requests are rejected; empty means all
   */
  void rejectParked(
      String key, Conversation conversation, RejectionReason reason, Set<Category> only) {
    Iterator<String> iterator = conversation.parked().iterator();
    while (iterator.hasNext()) {
      String requestId = iterator.next();
      RequestRecord record = outbox.requests.get(requestId);
      if (record == null || record.phase() != RequestRecord.Phase.PARKED) {
        iterator.remove();
        continue;
      }
      Category category =
          RoutingPolicy.categoryOf(
              record.request().template(),
              rules.references().template(record.request().template()));
      if (!only.isEmpty() && !only.contains(category)) {
        continue;
      }
      iterator.remove();
      outbox.cancel(Timers.Kind.PARKED, requestId, record.dueAt());
      reject(key, record, new Reject(reason, null));
      outbox.requests.put(requestId, record);
    }
    endOptInRequestIfMoot(conversation);
  }

  /** A pending opt-in request ends when nothing waits for its answer any more. */
  void endOptInRequestIfMoot(Conversation conversation) {
    if (conversation.parked().isEmpty()) {
      conversation.endOptInRequest();
    }
  }

  /** Sends a message wagate decided on its own and remembers it for its statuses. */
  void ownMessage(String key, OutboundMessage message) {
    emitSend(key, message);
    outbox.requests.put(message.requestId(), RequestRecord.own(key, message, now));
  }

  /** Replies to the contact inside the window their message opened. */
  void reply(String key, Conversation conversation, String text, String cause) {
    ownMessage(
        key,
        Outputs.reply(conversation.businessNumber(), conversation.contact(), text, cause, now));
  }

  // ------------------------------------------------------------------ outputs

  /**
   * Puts a message on its send topic, counted for its number's send rate and its contact's pace
   * (Meta's 80 a second per number, one per 6 seconds per contact): every routed message, whether
   * requested, wagate's own or a retry, goes through here.
   */
  void emitSend(String key, OutboundMessage message) {
    outbox.emit(key, Outputs.send(message), now);
    outbox.count(() -> rules.metrics().routed(key, message.businessNumber(), now));
  }

  /** A lifecycle step of a CRM's request. */
  void status(
      String key,
      RequestRecord record,
      LifecycleState state,
      @Nullable String reason,
      @Nullable String code) {
    SendRequest request = record.request();
    ConversationKey conversation = parseKey(key);
    String businessNumber =
        request != null && request.businessNumber() != null
            ? request.businessNumber()
            : conversation == null ? null : conversation.businessNumber();
    outbox.emit(
        key,
        Outputs.status(
            record.requestId(), businessNumber, contactOf(key), state, reason, code, now),
        now);
  }

  /** A note, with an id that is the same whenever this record or timer is handled again. */
  void note(
      String key,
      @Nullable String requestId,
      @Nullable Person person,
      String code,
      String text,
      String action) {
    ConversationKey conversation = parseKey(key);
    outbox.emit(
        key,
        Outputs.note(
            noteIdPrefix + "-" + notesWritten++,
            requestId,
            person,
            conversation == null ? null : conversation.businessNumber(),
            contactOf(key),
            code,
            text,
            action,
            now),
        now);
  }

  static @Nullable ConversationKey parseKey(String key) {
    try {
      return ConversationKey.parse(key);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  static String contactOf(String key) {
    ConversationKey parsed = parseKey(key);
    return parsed == null ? key : parsed.contact();
  }
}
