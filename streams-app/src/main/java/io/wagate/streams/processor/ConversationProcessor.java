package io.wagate.streams.processor;

import io.wagate.schemas.Topics;
import io.wagate.schemas.contact.ConversationKey;
import io.wagate.schemas.events.BusinessNumberConfig;
import io.wagate.schemas.events.Category;
import io.wagate.schemas.events.ConsentEvent;
import io.wagate.schemas.events.ConsentStatus;
import io.wagate.schemas.events.ErrorAction;
import io.wagate.schemas.events.ErrorCatalogEntry;
import io.wagate.schemas.events.InboundMessage;
import io.wagate.schemas.events.Kind;
import io.wagate.schemas.events.LifecycleState;
import io.wagate.schemas.events.Note;
import io.wagate.schemas.events.OptInState;
import io.wagate.schemas.events.OutboundMessage;
import io.wagate.schemas.events.Person;
import io.wagate.schemas.events.Purpose;
import io.wagate.schemas.events.RequestStatus;
import io.wagate.schemas.events.SendRequest;
import io.wagate.schemas.events.StatusCallback;
import io.wagate.schemas.events.TemplateContent;
import io.wagate.schemas.events.TemplateDefinition;
import io.wagate.schemas.events.TextContent;
import io.wagate.streams.config.Keywords;
import io.wagate.streams.config.WagateConfig;
import io.wagate.streams.notes.ErrorCatalog;
import io.wagate.streams.notes.NoteWriter;
import io.wagate.streams.notes.RejectionReason;
import io.wagate.streams.notes.Replies;
import io.wagate.streams.processor.SendRouter.Decision;
import io.wagate.streams.processor.SendRouter.Reject;
import io.wagate.streams.processor.SendRouter.Route;
import io.wagate.streams.state.Conversation;
import io.wagate.streams.state.RequestRecord;
import io.wagate.streams.state.Timers;
import io.wagate.streams.topology.ConversationEvent;
import io.wagate.streams.topology.Output;
import io.wagate.streams.topology.StoreNames;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The heart of wagate: applies every event of a conversation to its state, in order, and writes
 * what follows: routed messages, lifecycle statuses, notes and the conversation's new state.
 */
public final class ConversationProcessor
    implements Processor<String, ConversationEvent, String, Output> {

  private static final Logger LOGGER = LoggerFactory.getLogger(ConversationProcessor.class);

  /** At most this many timers fire per punctuation, so processing is never starved. */
  private static final int TIMERS_PER_PUNCTUATION = 10_000;

  /**
   * Requests read per punctuation when sweeping the {@code request-store} for ids past their
   * retention: at the default 5 s interval a million requests are swept in under an hour, far
   * inside the default retention of 7 days, for a few milliseconds per punctuation.
   */
  private static final int REQUESTS_PER_SWEEP = 2_000;

  private static final String SOURCE_KEYWORD = "whatsapp-keyword";
  private static final String SOURCE_PREFERENCES = "whatsapp-user-preferences";
  private static final String SOURCE_PROVIDER = "provider-error";

  private final WagateConfig config;
  private final SendRouter router;
  private final ErrorCatalog catalog = ErrorCatalog.builtIn();
  private final NoteWriter notes = new NoteWriter();
  private final ConversationMetrics metrics;

  private ProcessorContext<String, Output> context;
  private KeyValueStore<String, Conversation> conversations;
  private KeyValueStore<String, RequestRecord> requests;
  private Timers timers;
  private KeyValueStore<String, TemplateDefinition> templates;
  private KeyValueStore<String, BusinessNumberConfig> numbers;
  private KeyValueStore<String, ErrorCatalogEntry> catalogOverrides;

  /** Numbers the notes written for the current record, so each gets its own stable id. */
  private int notesForRecord;

  /** Where the next sweep of the request store starts; null for its beginning. */
  private @Nullable String sweepFrom;

  public ConversationProcessor(WagateConfig config, ConversationMetrics metrics) {
    this.config = config;
    this.router = new SendRouter(config);
    this.metrics = metrics;
  }

  @Override
  public void init(ProcessorContext<String, Output> context) {
    this.context = context;
    this.conversations = context.getStateStore(StoreNames.CONVERSATIONS);
    this.requests = context.getStateStore(StoreNames.REQUESTS);
    this.timers = new Timers(context.getStateStore(StoreNames.TIMERS));
    this.templates = context.getStateStore(StoreNames.TEMPLATES);
    this.numbers = context.getStateStore(StoreNames.BUSINESS_NUMBERS);
    this.catalogOverrides = context.getStateStore(StoreNames.ERROR_CATALOG);
    context.schedule(
        config.punctuationInterval(),
        PunctuationType.WALL_CLOCK_TIME,
        now -> onWallClock(Instant.ofEpochMilli(now)));
  }

  @Override
  public void process(Record<String, ConversationEvent> record) {
    notesForRecord = 0;
    Instant at = Instant.ofEpochMilli(record.timestamp());
    ConversationEvent event = record.value();
    if (event instanceof ConversationEvent.Request request) {
      onRequest(record.key(), request, at);
    } else if (event instanceof ConversationEvent.Consent consent) {
      onConsent(record.key(), consent.consent(), at);
    } else if (event instanceof ConversationEvent.Inbound inbound) {
      onInbound(record.key(), inbound.message());
    } else if (event instanceof ConversationEvent.Callback callback) {
      onCallback(record.key(), callback.callback(), at);
    }
  }

  // ---------------------------------------------------------------- send requests

  private void onRequest(String key, ConversationEvent.Request event, Instant at) {
    SendRequest request = event.request();
    String requestId = request.requestId();
    if (requests.get(requestId) != null) {
      metrics.duplicate();
      return;
    }
    RequestRecord record = RequestRecord.seen(requestId, key, request, at);
    Conversation conversation = event.contact() == null ? null : load(key);
    Decision decision =
        router.decide(
            request,
            event.contact(),
            conversation,
            number(request.businessNumber()),
            template(request.template()),
            at);
    metrics.decision(decision);
    metrics.decisionLatency(Duration.ofMillis(context.currentSystemTimeMs() - at.toEpochMilli()));
    if (decision instanceof Reject reject) {
      reject(key, record, reject, at);
      if (reject.reason() == RejectionReason.CONTACT_UNREACHABLE
          && Boolean.TRUE.equals(request.smsFallback())) {
        emit(key, Output.to(Topics.SEND_SMS_FALLBACK, outbound(request, key, at, 1)), at);
      }
    } else if (decision instanceof Route route) {
      route(key, record, route, at);
    } else {
      park(key, record, conversation, at);
    }
    requests.put(requestId, record);
    if (conversation != null && decision instanceof SendRouter.AwaitOptIn) {
      save(key, conversation, at);
    }
  }

  private void route(String key, RequestRecord record, Route route, Instant at) {
    OutboundMessage message = outbound(record.request(), key, at, 1);
    record.routed(message);
    boolean template = route.kind() == Kind.TEMPLATE;
    emit(key, Output.to(template ? Topics.SEND_TEMPLATE : Topics.SEND_FREEFORM, message), at);
    status(
        key,
        record,
        template ? LifecycleState.ROUTED_TEMPLATE : LifecycleState.ROUTED_FREEFORM,
        null,
        null,
        at);
  }

  private void reject(String key, RequestRecord record, Reject reject, Instant at) {
    record.done();
    RejectionReason reason = reject.reason();
    status(key, record, LifecycleState.REJECTED, reason.reason(), reason.code(), at);
    String contact = contactOf(key);
    note(
        key,
        record.requestId(),
        record.person(),
        reason.code(),
        notes.rejection(reason, record.person(), contact, reject.detail()),
        reason.action(),
        at);
  }

  private void park(String key, RequestRecord record, Conversation conversation, Instant at) {
    record.park(at.plus(config.parkedRequestTtl()));
    conversation.parked().add(record.requestId());
    timers.schedule(Timers.Kind.PARKED, record.requestId(), record.dueAt());
    status(key, record, LifecycleState.AWAITING_OPT_IN, "NO_CONSENT", null, at);
    if (conversation.mayRequestOptIn(at, config.optInRequestInterval())) {
      BusinessNumberConfig number = number(conversation.businessNumber());
      OutboundMessage optIn =
          new OutboundMessage(
              "optin:" + record.requestId(),
              conversation.businessNumber(),
              conversation.contact(),
              null,
              Kind.TEMPLATE,
              new TemplateContent(
                  number.optInTemplate().name(),
                  number.optInTemplate().language(),
                  Category.UTILITY,
                  List.of()),
              null,
              record.person(),
              null,
              null,
              null,
              at,
              at,
              1,
              Purpose.OPT_IN_REQUEST,
              record.requestId());
      ownMessage(key, optIn, Topics.SEND_TEMPLATE.name(), at);
      conversation.optInRequested(at);
      metrics.optInRequested();
    }
  }

  /** Sends a message wagate decided on its own and remembers it for its statuses. */
  private void ownMessage(String key, OutboundMessage message, String topic, Instant at) {
    emit(key, new Output(topic, message), at);
    requests.put(message.requestId(), RequestRecord.own(key, message, at));
  }

  private void reply(String key, Conversation conversation, String text, String cause, Instant at) {
    OutboundMessage reply =
        new OutboundMessage(
            "reply:" + cause,
            conversation.businessNumber(),
            conversation.contact(),
            null,
            Kind.TEXT,
            null,
            new TextContent(text, false),
            null,
            null,
            null,
            null,
            at,
            at,
            1,
            Purpose.AUTO_REPLY,
            cause);
    ownMessage(key, reply, Topics.SEND_FREEFORM.name(), at);
  }

  /** Routes every parked request again now that the contact opted in, oldest first. */
  private void releaseParked(String key, Conversation conversation, Instant at) {
    for (String requestId : conversation.releaseParked()) {
      RequestRecord record = requests.get(requestId);
      if (record == null || record.phase() != RequestRecord.Phase.PARKED) {
        continue;
      }
      timers.cancel(Timers.Kind.PARKED, requestId, record.dueAt());
      SendRequest request = record.request();
      Decision decision =
          router.decide(
              request,
              conversation.contact(),
              conversation,
              number(request.businessNumber()),
              template(request.template()),
              at);
      metrics.decision(decision);
      if (decision instanceof Route route) {
        route(key, record, route, at);
      } else if (decision instanceof Reject reject) {
        reject(key, record, reject, at);
      } else {
        // Consent was just given, so this cannot happen; park again rather than lose it.
        conversation.parked().add(requestId);
        timers.schedule(Timers.Kind.PARKED, requestId, record.dueAt());
      }
      requests.put(requestId, record);
    }
  }

  /** Rejects every parked request that can no longer be sent, e.g. after an opt-out. */
  private void rejectParked(
      String key,
      Conversation conversation,
      RejectionReason reason,
      @Nullable Set<Category> onlyCategories,
      Instant at) {
    var iterator = conversation.parked().iterator();
    while (iterator.hasNext()) {
      String requestId = iterator.next();
      RequestRecord record = requests.get(requestId);
      if (record == null || record.phase() != RequestRecord.Phase.PARKED) {
        iterator.remove();
        continue;
      }
      Category category =
          SendRouter.categoryOf(record.request().template(), template(record.request().template()));
      if (onlyCategories != null && !onlyCategories.contains(category)) {
        continue;
      }
      iterator.remove();
      timers.cancel(Timers.Kind.PARKED, requestId, record.dueAt());
      reject(key, record, new Reject(reason, null), at);
      requests.put(requestId, record);
    }
  }

  // ---------------------------------------------------------------- consent

  private void onConsent(String key, ConsentEvent consent, Instant at) {
    Conversation conversation = load(key);
    Instant capturedAt = consent.capturedAt() == null ? at : consent.capturedAt();
    String source = consent.source() == null ? "crm" : consent.source();
    Set<Category> categories =
        consent.categories() == null ? Set.of() : Set.copyOf(consent.categories());
    if (consent.status() == ConsentStatus.OPTED_IN) {
      conversation.optInFor(categories, source, capturedAt, null);
      metrics.optIn();
      releaseParked(key, conversation, at);
    } else if (categories.isEmpty()) {
      conversation.optOut(source, capturedAt, null);
      metrics.optOut();
      rejectParked(key, conversation, RejectionReason.OPTED_OUT, null, at);
    } else {
      conversation.optOutOf(categories, source, capturedAt, null);
      metrics.optOut();
      rejectParked(key, conversation, RejectionReason.OPTED_OUT, categories, at);
    }
    save(key, conversation, at);
  }

  // ---------------------------------------------------------------- inbound messages

  private void onInbound(String key, InboundMessage message) {
    Conversation conversation = load(key);
    Instant at = message.occurredAt();
    String messageId = message.providerMessageId();
    if ("user_preferences".equals(message.type())) {
      onPreference(key, conversation, message, at);
      save(key, conversation, at);
      return;
    }
    if (!conversation.recordInbound(messageId, at)) {
      metrics.duplicate();
      return;
    }
    metrics.inbound();
    BusinessNumberConfig number = number(conversation.businessNumber());
    boolean enabled = number == null || number.enabled();
    if (!enabled) {
      String text =
          number.inactiveAutoReply() == null
              ? config.disabledNumberReply()
              : number.inactiveAutoReply();
      reply(key, conversation, text, replyCause(message), at);
    }
    Keywords.Meaning meaning = config.keywords().meaningOf(message.text(), message.buttonPayload());
    switch (meaning) {
      case OPT_OUT -> {
        conversation.optOut(SOURCE_KEYWORD, at, messageId);
        metrics.optOut();
        rejectParked(key, conversation, RejectionReason.OPTED_OUT, null, at);
        if (enabled) {
          reply(key, conversation, Replies.OPT_OUT_CONFIRMATION, replyCause(message), at);
        }
      }
      case MARKETING_OPT_OUT -> {
        conversation.optOutOf(Set.of(Category.MARKETING), SOURCE_KEYWORD, at, messageId);
        metrics.optOut();
        rejectParked(key, conversation, RejectionReason.OPTED_OUT, Set.of(Category.MARKETING), at);
        if (enabled) {
          reply(key, conversation, Replies.MARKETING_OPT_OUT_CONFIRMATION, replyCause(message), at);
        }
      }
      case OPT_IN -> {
        boolean wasOptedIn =
            conversation.optIn() == OptInState.OPTED_IN
                && conversation.optedOutCategories().isEmpty();
        conversation.optIn(SOURCE_KEYWORD, at, messageId);
        metrics.optIn();
        releaseParked(key, conversation, at);
        if (enabled && !wasOptedIn) {
          reply(key, conversation, Replies.OPT_IN_CONFIRMATION, replyCause(message), at);
        }
      }
      case DECLINE -> {
        if (conversation.optIn() == OptInState.REQUESTED) {
          conversation.decline(SOURCE_KEYWORD, at, messageId);
          metrics.declined();
          rejectParked(key, conversation, RejectionReason.OPT_IN_DECLINED, null, at);
          if (enabled) {
            reply(key, conversation, Replies.DECLINE_CONFIRMATION, replyCause(message), at);
          }
        }
      }
      case NONE -> {}
    }
    scheduleWindowTimer(key, conversation, at);
    save(key, conversation, at);
  }

  /** Sets the conversation's one window timer, unless one is pending already. */
  private boolean scheduleWindowTimer(String key, Conversation conversation, Instant at) {
    Instant expiresAt = conversation.windowExpiresAt(config.windowSafetyMargin());
    if (expiresAt == null || !conversation.needsWindowTimer(at)) {
      return false;
    }
    timers.schedule(Timers.Kind.WINDOW, key, expiresAt);
    conversation.windowTimerAt(expiresAt);
    return true;
  }

  private void onPreference(
      String key, Conversation conversation, InboundMessage message, Instant at) {
    String value = message.text() == null ? "" : message.text().strip();
    if ("stop".equalsIgnoreCase(value)) {
      conversation.optOutOf(
          Set.of(Category.MARKETING), SOURCE_PREFERENCES, at, message.providerMessageId());
      metrics.optOut();
      rejectParked(key, conversation, RejectionReason.OPTED_OUT, Set.of(Category.MARKETING), at);
    } else if ("resume".equalsIgnoreCase(value)) {
      conversation.optInFor(
          Set.of(Category.MARKETING), SOURCE_PREFERENCES, at, message.providerMessageId());
      metrics.optIn();
    }
  }

  private static String replyCause(InboundMessage message) {
    return message.providerMessageId() == null
        ? message.contact() + "@" + message.occurredAt().toEpochMilli()
        : message.providerMessageId();
  }

  // ---------------------------------------------------------------- status callbacks

  private void onCallback(String key, StatusCallback callback, Instant at) {
    LifecycleState state = stateOf(callback.status());
    if (state == null) {
      return;
    }
    RequestRecord record = callback.requestId() == null ? null : requests.get(callback.requestId());
    if (state != LifecycleState.FAILED) {
      if (record != null && record.advanceDelivery(state)) {
        if (record.requested()) {
          status(key, record, state, null, null, at);
        }
        requests.put(record.requestId(), record);
      }
      return;
    }
    if (record != null
        && (!record.firstFailureOf(callback.providerMessageId())
            || !record.advanceDelivery(LifecycleState.FAILED))) {
      requests.put(record.requestId(), record);
      return;
    }
    onFailure(key, callback, record, at);
  }

  private void onFailure(
      String key, StatusCallback callback, @Nullable RequestRecord record, Instant at) {
    String code = callback.errorCode() == null ? "unknown" : callback.errorCode();
    ErrorCatalogEntry entry =
        catalog.resolve(code, catalogOverrides.get(code), callback.errorTitle());
    metrics.failure(code);
    Conversation conversation = load(key);
    Person person = record == null ? null : record.person();
    String requestId =
        record == null
            ? callback.requestId()
            : record.requested() ? record.requestId() : record.outbound().replyTo();
    boolean changed = applyAction(key, conversation, entry, callback, at);
    boolean retryable =
        entry.action() == ErrorAction.RETRY && record != null && record.outbound() != null;
    boolean retrying = retryable && record.attempt() < config.maxSendAttempts();
    boolean exhausted = retryable && !retrying;
    if (record != null) {
      if (retrying) {
        Instant due = at.plus(ErrorCatalog.retryDelay(entry, record.attempt()));
        record.retryAt(due);
        timers.schedule(Timers.Kind.RETRY, record.requestId(), due);
        metrics.retryScheduled();
      } else {
        record.done();
      }
      if (record.requested()) {
        status(
            key,
            record,
            retrying ? LifecycleState.RETRY_SCHEDULED : LifecycleState.FAILED,
            entry.action().name(),
            code,
            at);
      }
      requests.put(record.requestId(), record);
    }
    String text =
        exhausted
            ? notes.retriesExhausted(entry, person, conversation.contact(), record.attempt())
            : notes.failure(entry, person, conversation.contact());
    // The final note after bounded retries must not promise another automatic retry.
    String action = exhausted ? RejectionReason.RETRIES_EXHAUSTED_ACTION : entry.action().name();
    note(key, requestId, person, code, text, action, at);
    if (changed) {
      save(key, conversation, at);
    }
  }

  /** Applies the catalog's action to the conversation; answers whether its state changed. */
  private boolean applyAction(
      String key,
      Conversation conversation,
      ErrorCatalogEntry entry,
      StatusCallback callback,
      Instant at) {
    Instant occurredAt = callback.occurredAt();
    switch (entry.action()) {
      case CLOSE_WINDOW -> conversation.closeWindow(occurredAt);
      case MARK_UNREACHABLE -> {
        conversation.markUnreachable();
        rejectParked(key, conversation, RejectionReason.CONTACT_UNREACHABLE, null, at);
      }
      case MARK_BLOCKED -> {
        conversation.markBlocked();
        rejectParked(key, conversation, RejectionReason.CONTACT_BLOCKED, null, at);
      }
      case MARKETING_OPT_OUT -> {
        conversation.optOutOf(Set.of(Category.MARKETING), SOURCE_PROVIDER, occurredAt, null);
        rejectParked(key, conversation, RejectionReason.OPTED_OUT, Set.of(Category.MARKETING), at);
      }
      case HOLD_MARKETING ->
          conversation.holdMarketingUntil(occurredAt.plus(orDay(entry.retryAfter())));
      case PAUSE_NUMBER -> {
        BusinessNumberConfig number = numberOrDefault(conversation.businessNumber());
        emitNumber(number.pausedUntil(occurredAt.plus(orDay(entry.retryAfter()))), at);
        return false;
      }
      case DISABLE_NUMBER -> {
        emitNumber(numberOrDefault(conversation.businessNumber()).disabled(), at);
        return false;
      }
      case RETRY, NONE -> {
        return false;
      }
    }
    return true;
  }

  private static Duration orDay(@Nullable Duration duration) {
    return duration == null ? Duration.ofHours(24) : duration;
  }

  private void emitNumber(BusinessNumberConfig number, Instant at) {
    emit(number.businessNumber(), Output.to(Topics.BUSINESS_NUMBERS, number), at);
  }

  private BusinessNumberConfig numberOrDefault(String businessNumber) {
    BusinessNumberConfig number = number(businessNumber);
    return number != null
        ? number
        : new BusinessNumberConfig(businessNumber, true, null, null, null);
  }

  private static @Nullable LifecycleState stateOf(String status) {
    return switch (status == null ? "" : status.toLowerCase(Locale.ROOT)) {
      case "sent" -> LifecycleState.SENT;
      case "delivered" -> LifecycleState.DELIVERED;
      case "read" -> LifecycleState.READ;
      case "failed", "undelivered" -> LifecycleState.FAILED;
      default -> null;
    };
  }

  // ---------------------------------------------------------------- wall clock

  private void onWallClock(Instant now) {
    notesForRecord = 0;
    int fired = timers.fireDue(now, TIMERS_PER_PUNCTUATION, due -> fire(due, now));
    if (fired > 0) {
      LOGGER.debug("Fired {} timers", fired);
    }
    sweepRequests(now);
  }

  /**
   * Forgets request ids past their retention, a slice of the store per punctuation. A sweep rather
   * than a timer per request: the timer would cost every request two more changelog records (set
   * and fire), the sweep a read of each stored request once per pass.
   */
  private void sweepRequests(Instant now) {
    List<String> expired = new java.util.ArrayList<>();
    String last = null;
    boolean more;
    try (KeyValueIterator<String, RequestRecord> slice = requests.range(sweepFrom, null)) {
      int read = 0;
      while (read < REQUESTS_PER_SWEEP && slice.hasNext()) {
        KeyValue<String, RequestRecord> entry = slice.next();
        read++;
        last = entry.key;
        if (entry.value.forgettable(now, config.requestRetention())) {
          expired.add(entry.key);
        }
      }
      more = slice.hasNext();
    }
    // The smallest key after the last one read: the next slice starts there.
    sweepFrom = more && last != null ? last + '\u0000' : null;
    expired.forEach(requests::delete);
  }

  private void fire(Timers.Due due, Instant now) {
    switch (due.kind()) {
      case WINDOW -> windowDue(due.subject(), now);
      case PARKED -> parkedDue(due.subject(), now, due.key());
      case RETRY -> retryDue(due.subject(), now);
      // Set by earlier versions; the request sweep forgets ids now.
      case FORGET -> {}
    }
  }

  private void windowDue(String key, Instant now) {
    Conversation conversation = conversations.get(key);
    if (conversation == null) {
      return;
    }
    boolean changed = false;
    Instant pending = conversation.windowTimerAt();
    if (pending != null && !pending.isAfter(now)) {
      conversation.windowTimerAt(null);
      changed = true;
    }
    Instant expiresAt = conversation.windowExpiresAt(config.windowSafetyMargin());
    if (expiresAt != null && expiresAt.isAfter(now)) {
      // Messages since the timer was set moved the expiry later: wait for that.
      changed |= scheduleWindowTimer(key, conversation, now);
    }
    if (conversation.announcedOpen()
        && !conversation.windowOpen(now, config.windowSafetyMargin())) {
      metrics.windowExpired();
      emit(
          key,
          Output.to(Topics.SESSIONS, conversation.toSession(now, config.windowSafetyMargin())),
          now);
      changed = true;
    }
    if (conversation.forgettable(now, config.windowSafetyMargin())) {
      conversations.delete(key);
    } else if (changed) {
      conversations.put(key, conversation);
    }
  }

  private void parkedDue(String requestId, Instant now, String timerKey) {
    RequestRecord record = requests.get(requestId);
    if (record == null
        || record.phase() != RequestRecord.Phase.PARKED
        || record.dueAt().isAfter(now)) {
      return;
    }
    String key = record.conversationKey();
    Conversation conversation = conversations.get(key);
    if (conversation != null) {
      conversation.parked().remove(requestId);
      conversations.put(key, conversation);
    }
    record.done();
    requests.put(requestId, record);
    metrics.expired();
    status(
        key,
        record,
        LifecycleState.EXPIRED,
        RejectionReason.OPT_IN_EXPIRED_REASON,
        RejectionReason.OPT_IN_EXPIRED_CODE,
        now);
    note(
        key,
        requestId,
        record.person(),
        RejectionReason.OPT_IN_EXPIRED_CODE,
        notes.expired(record.person(), contactOf(key), config.parkedRequestTtl()),
        RejectionReason.OPT_IN_EXPIRED_ACTION,
        now);
  }

  private void retryDue(String requestId, Instant now) {
    RequestRecord record = requests.get(requestId);
    if (record == null || record.phase() != RequestRecord.Phase.RETRYING) {
      return;
    }
    String key = record.conversationKey();
    OutboundMessage previous = record.outbound();
    Conversation conversation = load(key);
    Decision decision;
    if (record.request() != null) {
      decision =
          router.decide(
              record.request(),
              conversation.contact(),
              conversation,
              number(conversation.businessNumber()),
              template(record.request().template()),
              now);
    } else {
      // An opt-in request or automatic reply: resend only while it still makes sense.
      decision =
          conversation.optedOut(null) || conversation.blocked() || conversation.unreachable()
              ? new Reject(RejectionReason.OPTED_OUT, null)
              : new Route(previous.kind(), Category.UTILITY);
    }
    if (decision instanceof Route) {
      OutboundMessage retry = previous.retry(record.attempt() + 1, now);
      record.routed(retry);
      requests.put(requestId, record);
      metrics.retrySent();
      String topic =
          previous.kind() == Kind.TEMPLATE
              ? Topics.SEND_TEMPLATE.name()
              : Topics.SEND_FREEFORM.name();
      emit(key, new Output(topic, retry), now);
      return;
    }
    RejectionReason reason =
        decision instanceof Reject reject ? reject.reason() : RejectionReason.NO_OPT_IN;
    record.done();
    requests.put(requestId, record);
    if (record.requested()) {
      status(key, record, LifecycleState.FAILED, reason.reason(), reason.code(), now);
      note(
          key,
          requestId,
          record.person(),
          reason.code(),
          notes.notRetried(reason, record.person(), conversation.contact()),
          reason.action(),
          now);
    }
  }

  // ---------------------------------------------------------------- outputs

  private void status(
      String key,
      RequestRecord record,
      LifecycleState state,
      @Nullable String reason,
      @Nullable String code,
      Instant at) {
    SendRequest request = record.request();
    ConversationKey conversation = parseKey(key);
    RequestStatus status =
        new RequestStatus(
            record.requestId(),
            request != null && request.businessNumber() != null
                ? request.businessNumber()
                : conversation == null ? null : conversation.businessNumber(),
            contactOf(key),
            state,
            reason,
            code,
            at);
    emit(key, Output.to(Topics.STATUS, status), at);
  }

  private void note(
      String key,
      @Nullable String requestId,
      @Nullable Person person,
      String code,
      String text,
      String action,
      Instant at) {
    ConversationKey conversation = parseKey(key);
    Note note =
        new Note(
            noteId(),
            requestId,
            person == null ? null : person.id(),
            conversation == null ? null : conversation.businessNumber(),
            contactOf(key),
            code,
            text,
            action,
            at);
    emit(key, Output.to(Topics.NOTES, note), at);
  }

  /** A stable id: the same input record yields the same note id when it is processed again. */
  private String noteId() {
    int sequence = notesForRecord++;
    RecordMetadata metadata = context.recordMetadata().orElse(null);
    if (metadata == null) {
      return "note-" + context.taskId() + "-" + context.currentSystemTimeMs() + "-" + sequence;
    }
    return "note-"
        + metadata.topic()
        + "-"
        + metadata.partition()
        + "-"
        + metadata.offset()
        + "-"
        + sequence;
  }

  private void emit(String key, Output output, Instant at) {
    context.forward(new Record<>(key, output, at.toEpochMilli()));
  }

  private void save(String key, Conversation conversation, Instant at) {
    emit(
        key,
        Output.to(Topics.SESSIONS, conversation.toSession(at, config.windowSafetyMargin())),
        at);
    conversations.put(key, conversation);
  }

  // ---------------------------------------------------------------- lookups

  private Conversation load(String key) {
    Conversation conversation = conversations.get(key);
    if (conversation != null) {
      return conversation;
    }
    ConversationKey parsed = ConversationKey.parse(key);
    return Conversation.start(parsed.businessNumber(), parsed.contact());
  }

  private @Nullable BusinessNumberConfig number(@Nullable String businessNumber) {
    return businessNumber == null ? null : numbers.get(businessNumber);
  }

  private @Nullable TemplateDefinition template(@Nullable TemplateContent template) {
    if (template == null || template.name() == null || template.language() == null) {
      return null;
    }
    return templates.get(TemplateDefinition.key(template.name(), template.language()));
  }

  private static @Nullable ConversationKey parseKey(String key) {
    try {
      return ConversationKey.parse(key);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static String contactOf(String key) {
    ConversationKey parsed = parseKey(key);
    return parsed == null ? key : parsed.contact();
  }

  private static OutboundMessage outbound(
      SendRequest request, String key, Instant at, int attempt) {
    return new OutboundMessage(
        request.requestId(),
        request.businessNumber(),
        contactOf(key),
        request.defaultRegion(),
        request.kind(),
        // The accepted request as it came: senders use the part that matches its kind.
        request.template(),
        request.text(),
        request.person(),
        request.agentId(),
        request.campaignId(),
        request.smsFallback(),
        request.createdAt(),
        at,
        attempt,
        Purpose.REQUESTED,
        null);
  }
}
