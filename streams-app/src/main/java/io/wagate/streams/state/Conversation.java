package io.wagate.streams.state;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonSetter;
import io.wagate.schemas.events.Category;
import io.wagate.schemas.events.OptInState;
import io.wagate.schemas.events.Session;
import io.wagate.streams.config.WagateConfig;
import io.wagate.streams.state.ConsentLedger.Will;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One conversation's state in the {@code conversation-store}: the window, consent with its history,
 * reachability, the opt-in request and the requests parked awaiting opt-in.
 *
 * <p>Mutable on purpose: a handler loads it, applies one event and hands it back to be stored with
 * the event's other effects, and a copy per change would only feed the garbage collector. Each load
 * reads a fresh copy from the store, so changes to one that is never stored back vanish.
 */
@JsonAutoDetect(
    fieldVisibility = JsonAutoDetect.Visibility.ANY,
    getterVisibility = JsonAutoDetect.Visibility.NONE,
    isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public final class Conversation {

  String businessNumber;
  String contact;

  @Nullable Instant lastInboundAt;

  /** A provider said the window is closed (63016/131047/470) at this time. */
  @Nullable Instant windowClosedAt;

  /** The window state last announced on {@code wa.sessions}. */
  boolean announcedOpen;

  /**
   * When the conversation's one pending timer fires, or null when none is pending. The timer
   * announces an expired window and forgets a conversation with nothing left to keep; when it fires
   * early (a message moved the expiry later) it sets itself again.
   */
  @Nullable Instant windowTimerAt;

  ConsentLedger consent = new ConsentLedger();

  /** When the last opt-in request was sent. */
  @Nullable Instant optInRequestedAt;

  /** An opt-in request awaits the contact's answer (so that NO declines). */
  boolean optInPending;

  boolean unreachable;
  boolean blocked;
  @Nullable Instant marketingHoldUntil;

  /** Request ids awaiting opt-in, oldest first. */
  List<String> parked = new ArrayList<>();

  @Nullable Instant updatedAt;

  /** The contact's old number, when they changed number to this one. */
  @Nullable String movedFrom;

  /** The contact's new number, when they changed number away from this one. */
  @Nullable String movedTo;

  /** Consent as earlier versions stored it, turned into the ledger when first read. */
  @JsonIgnore private transient @Nullable LegacyConsent legacy;

  Conversation() {}

  /** A conversation nobody has written about yet. */
  public static Conversation start(String businessNumber, String contact) {
    Conversation conversation = new Conversation();
    conversation.businessNumber = businessNumber;
    conversation.contact = contact;
    return conversation;
  }

  public String businessNumber() {
    return businessNumber;
  }

  public String contact() {
    return contact;
  }

  // ------------------------------------------------------------------ window

  /** When the window closes, with the safety margin applied; null if it never opened. */
  public @Nullable Instant windowExpiresAt(Duration safetyMargin) {
    if (lastInboundAt == null) {
      return null;
    }
    Instant natural = lastInboundAt.plus(WagateConfig.WINDOW).minus(safetyMargin);
    // The provider closed it early, and the contact has not written since.
    boolean closedSince = windowClosedAt != null && !lastInboundAt.isAfter(windowClosedAt);
    return closedSince && windowClosedAt.isBefore(natural) ? windowClosedAt : natural;
  }

  /** Whether free-form messages may be sent at {@code at}. */
  public boolean windowOpen(Instant at, Duration safetyMargin) {
    // No lower bound at lastInboundAt: a CRM whose clock runs a little behind WhatsApp's still
    // replies inside the window the message opened.
    Instant expiresAt = windowExpiresAt(safetyMargin);
    return expiresAt != null && at.isBefore(expiresAt);
  }

  /**
   * Records a user message at provider time {@code at}; a message delivered out of order never
   * moves the window back. Writing in proves the contact is on WhatsApp and has not blocked the
   * business.
   */
  public void recordInbound(Instant at) {
    if (lastInboundAt == null || at.isAfter(lastInboundAt)) {
      lastInboundAt = at;
    }
    unreachable = false;
    blocked = false;
  }

  /** The provider said the window is closed at {@code at}. */
  public void closeWindow(Instant at) {
    if (windowClosedAt == null || at.isAfter(windowClosedAt)) {
      windowClosedAt = at;
    }
  }

  // ------------------------------------------------------------------ consent

  /** The consent history and the decisions in force. */
  public ConsentLedger consent() {
    if (legacy != null) {
      legacy.migrateTo(consent);
      legacy = null;
    }
    return consent;
  }

  /** The consent state as the contract names it. */
  public OptInState optIn() {
    return consent().state(optInPending);
  }

  /** Whether the contact consented to templates of {@code category}. */
  public boolean consentsTo(Category category) {
    return consent().consentsTo(category);
  }

  /** Whether the contact opted out of everything, or of {@code category} when given. */
  public boolean optedOut(@Nullable Category category) {
    return category == null ? consent().optedOutOfAll() : consent().optedOutOf(category);
  }

  /** Whether a template of {@code category} goes to a contact who declined the opt-in request. */
  public boolean declined(Category category) {
    return consent().declined(category);
  }

  /** Whether an opt-in request may be sent at {@code at}. */
  public boolean mayRequestOptIn(Instant at, Duration interval) {
    return optInRequestedAt == null || !at.isBefore(optInRequestedAt.plus(interval));
  }

  /** An opt-in request was sent at {@code at}: it is pending until answered or moot. */
  public void optInRequested(Instant at) {
    optInRequestedAt = at;
    optInPending = true;
  }

  /** Whether an opt-in request awaits the contact's answer. */
  public boolean optInPending() {
    return optInPending;
  }

  /** The contact answered, or nothing waits for the answer any more. */
  public void endOptInRequest() {
    optInPending = false;
  }

  // ------------------------------------------------------------------ reachability

  public boolean unreachable() {
    return unreachable;
  }

  /**
   * The provider said at {@code at} that the contact is not on WhatsApp; answers false when the
   * contact wrote since, which proves otherwise.
   */
  public boolean markUnreachable(Instant at) {
    if (wroteSince(at)) {
      return false;
    }
    unreachable = true;
    return true;
  }

  public boolean blocked() {
    return blocked;
  }

  /**
   * The provider said at {@code at} that the contact blocked the business; answers false when the
   * contact wrote since.
   */
  public boolean markBlocked(Instant at) {
    if (wroteSince(at)) {
      return false;
    }
    blocked = true;
    return true;
  }

  private boolean wroteSince(Instant at) {
    return lastInboundAt != null && lastInboundAt.isAfter(at);
  }

  /** Whether marketing templates are held at {@code at} (131049/130472). */
  public boolean marketingHeld(Instant at) {
    return marketingHoldUntil != null && at.isBefore(marketingHoldUntil);
  }

  /** Holds marketing until {@code until}; a hold only ever grows. */
  public void holdMarketingUntil(Instant until) {
    if (marketingHoldUntil == null || until.isAfter(marketingHoldUntil)) {
      marketingHoldUntil = until;
    }
  }

  // ------------------------------------------------------------------ parked requests

  /** Request ids awaiting opt-in, oldest first (a live view). */
  public List<String> parked() {
    return parked;
  }

  /** Removes and returns every parked request id, oldest first. */
  public List<String> releaseParked() {
    List<String> released = List.copyOf(parked);
    parked.clear();
    return released;
  }

  // ------------------------------------------------------------------ number changes

  /** The business-scoped user id the contact also writes under, when a webhook gave both. */
  @Nullable String userId;

  /** For a user id's conversation: the phone conversation it is linked to. */
  @Nullable String linkedTo;

  /** Answers whether {@code id} is news: a user id not yet known for this contact. */
  public boolean knowsUserId(String id) {
    if (id.equals(userId)) {
      return true;
    }
    userId = id;
    return false;
  }

  public @Nullable String linkedTo() {
    return linkedTo;
  }

  /** This user id's conversation belongs to the phone conversation {@code phoneKey}. */
  public void linkTo(String phoneKey) {
    linkedTo = phoneKey;
  }

  /** The contact wrote from {@code from} before: their consent came along. */
  public void movedFrom(@Nullable String from) {
    movedFrom = from;
  }

  /**
   * The contact changed number at {@code at}: this one no longer reaches them, and its window is
   * closed.
   */
  public void movedTo(String to, Instant at) {
    movedTo = to;
    closeWindow(at);
  }

  public @Nullable String movedTo() {
    return movedTo;
  }

  public @Nullable String movedFrom() {
    return movedFrom;
  }

  // ------------------------------------------------------------------ lifetime

  @JsonIgnore
  public @Nullable Instant lastInboundAt() {
    return lastInboundAt;
  }

  /** When this state was last written, or null if never. */
  public @Nullable Instant updatedAt() {
    return updatedAt;
  }

  public boolean announcedOpen() {
    return announcedOpen;
  }

  /** The pending timer's due time, or null. */
  public @Nullable Instant windowTimerAt() {
    return windowTimerAt;
  }

  /** Remembers the pending timer's due time, or that none is pending. */
  public void windowTimerAt(@Nullable Instant dueAt) {
    windowTimerAt = dueAt;
  }

  /**
   * The next instant after {@code at} at which time alone changes something worth acting on: the
   * window expires, a marketing hold ends, the opt-in request interval passes. Null when nothing
   * will.
   */
  public @Nullable Instant nextChangeAfter(
      Instant at, Duration safetyMargin, Duration optInInterval) {
    Instant next = null;
    next = earliestAfter(at, next, windowExpiresAt(safetyMargin));
    next = earliestAfter(at, next, marketingHoldUntil);
    next =
        earliestAfter(
            at, next, optInRequestedAt == null ? null : optInRequestedAt.plus(optInInterval));
    return next;
  }

  private static @Nullable Instant earliestAfter(
      Instant at, @Nullable Instant current, @Nullable Instant candidate) {
    if (candidate == null || !candidate.isAfter(at)) {
      return current;
    }
    return current == null || candidate.isBefore(current) ? candidate : current;
  }

  /**
   * Whether the state holds nothing worth keeping at {@code at}: no consent ever expressed, no
   * flags, nothing parked or pending, no hold, no open window, no opt-in request inside its
   * interval.
   */
  public boolean forgettable(Instant at, Duration safetyMargin, Duration optInInterval) {
    return !consent().decided()
        && linkedTo == null
        && !unreachable
        && !blocked
        && parked.isEmpty()
        && !optInPending
        && !marketingHeld(at)
        && mayRequestOptIn(at, optInInterval)
        && !windowOpen(at, safetyMargin);
  }

  /** The state as published on {@code wa.sessions}; remembers the window state it announced. */
  public Session toSession(Instant at, Duration safetyMargin) {
    boolean open = windowOpen(at, safetyMargin);
    announcedOpen = open;
    updatedAt = at;
    return new Session(
        businessNumber,
        contact,
        open,
        windowExpiresAt(safetyMargin),
        optIn(),
        consent().optedOutCategories(),
        !unreachable,
        blocked,
        lastInboundAt,
        at,
        movedTo,
        movedFrom);
  }

  // ------------------------------------------------------------------ earlier versions

  @JsonSetter("optIn")
  void legacyOptIn(@Nullable OptInState state) {
    legacy().state = state;
  }

  @JsonSetter("optedInCategories")
  void legacyOptedIn(@Nullable Set<Category> categories) {
    legacy().optedIn = categories;
  }

  @JsonSetter("optedOutCategories")
  void legacyOptedOut(@Nullable Set<Category> categories) {
    legacy().optedOut = categories;
  }

  @JsonSetter("consentSource")
  void legacySource(@Nullable String source) {
    legacy().source = source;
  }

  @JsonSetter("consentAt")
  void legacyAt(@Nullable Instant at) {
    legacy().at = at;
  }

  @JsonSetter("consentMessageId")
  void legacyMessageId(@Nullable String messageId) {
    legacy().messageId = messageId;
  }

  private LegacyConsent legacy() {
    if (legacy == null) {
      legacy = new LegacyConsent();
    }
    return legacy;
  }

  /** The single consent state of earlier versions. */
  private static final class LegacyConsent {
    @Nullable OptInState state;
    @Nullable Set<Category> optedIn;
    @Nullable Set<Category> optedOut;
    @Nullable String source;
    @Nullable Instant at;
    @Nullable String messageId;

    void migrateTo(ConsentLedger ledger) {
      if (ledger.decided() || at == null) {
        return;
      }
      String from = source == null ? "migrated" : source;
      if (state == OptInState.OPTED_IN) {
        ledger.express(
            Will.OPTED_IN, optedIn == null ? Set.of() : optedIn, from, at, messageId, null, at);
      } else if (state == OptInState.OPTED_OUT) {
        ledger.express(Will.OPTED_OUT, Set.of(), from, at, messageId, null, at);
      } else if (state == OptInState.DECLINED) {
        ledger.express(Will.DECLINED, Set.of(), from, at, messageId, null, at);
      }
      if (optedOut != null && !optedOut.isEmpty()) {
        ledger.express(Will.OPTED_OUT, optedOut, from, at, messageId, null, at);
      }
    }
  }
}
