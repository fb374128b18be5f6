package io.wagate.streams.state;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonIgnore;
import io.wagate.schemas.events.Category;
import io.wagate.schemas.events.OptInState;
import io.wagate.schemas.events.Session;
import io.wagate.streams.config.WagateConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One conversation's state in the {@code conversation-store}: the window, consent with its
 * attestation, reachability, the opt-in request history and the requests parked awaiting opt-in.
 *
 * <p>Mutable on purpose: the conversation processor loads it, applies one event and stores it back,
 * and a copy per change would only feed the garbage collector.
 */
@JsonAutoDetect(
    fieldVisibility = JsonAutoDetect.Visibility.ANY,
    getterVisibility = JsonAutoDetect.Visibility.NONE,
    isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public final class Conversation {

  private static final int REMEMBERED_INBOUND_IDS = 16;

  String businessNumber;
  String contact;

  @Nullable Instant lastInboundAt;

  /** A provider said the window is closed (63016/131047/470) at this time. */
  @Nullable Instant windowClosedAt;

  /** The window state last announced on {@code wa.sessions}. */
  boolean announcedOpen;

  /**
   * When the pending window timer fires, or null when none is pending. One timer per conversation:
   * each user message moves the expiry later, and the timer, when it fires early, sets itself again
   * for the expiry of that time — instead of one timer per message.
   */
  @Nullable Instant windowTimerAt;

  OptInState optIn = OptInState.UNKNOWN;

  /** Categories an opt-in covers; empty means every category. */
  Set<Category> optedInCategories = EnumSet.noneOf(Category.class);

  Set<Category> optedOutCategories = EnumSet.noneOf(Category.class);

  /** Attestation of the current consent: what captured it, when, and the message id if any. */
  @Nullable String consentSource;

  @Nullable Instant consentAt;
  @Nullable String consentMessageId;

  @Nullable Instant optInRequestedAt;

  boolean unreachable;
  boolean blocked;
  @Nullable Instant marketingHoldUntil;

  /** Request ids awaiting opt-in, oldest first. */
  List<String> parked = new ArrayList<>();

  /** Recent inbound provider message ids, so a webhook delivered twice acts once. */
  ArrayDeque<String> recentInboundIds = new ArrayDeque<>();

  @Nullable Instant updatedAt;

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
   * Records a user message at provider time {@code at}; a message delivered twice or out of order
   * never moves the window back. Answers false when the message was already seen.
   */
  public boolean recordInbound(@Nullable String providerMessageId, Instant at) {
    if (providerMessageId != null) {
      if (recentInboundIds.contains(providerMessageId)) {
        return false;
      }
      recentInboundIds.addLast(providerMessageId);
      while (recentInboundIds.size() > REMEMBERED_INBOUND_IDS) {
        recentInboundIds.removeFirst();
      }
    }
    if (lastInboundAt == null || at.isAfter(lastInboundAt)) {
      lastInboundAt = at;
    }
    // Writing in proves the contact is on WhatsApp and has not blocked the business.
    unreachable = false;
    blocked = false;
    return true;
  }

  /** The provider said the window is closed at {@code at}. */
  public void closeWindow(Instant at) {
    if (windowClosedAt == null || at.isAfter(windowClosedAt)) {
      windowClosedAt = at;
    }
  }

  public OptInState optIn() {
    return optIn;
  }

  /** Whether the contact consented to templates of {@code category}. */
  public boolean consentsTo(Category category) {
    return optIn == OptInState.OPTED_IN
        && (optedInCategories.isEmpty() || optedInCategories.contains(category))
        && !optedOutCategories.contains(category);
  }

  /** Whether the contact opted out of everything, or of {@code category} when given. */
  public boolean optedOut(@Nullable Category category) {
    return optIn == OptInState.OPTED_OUT
        || (category != null && optedOutCategories.contains(category));
  }

  /** Full opt-in (a YES, or a consent record without categories). */
  public void optIn(String source, Instant at, @Nullable String messageId) {
    optInFor(Set.of(), source, at, messageId);
  }

  /** Opt-in to {@code categories} (empty: every category), keeping the attestation. */
  public void optInFor(
      Set<Category> categories, String source, Instant at, @Nullable String messageId) {
    if (categories.isEmpty()) {
      optedInCategories = EnumSet.noneOf(Category.class);
      optedOutCategories = EnumSet.noneOf(Category.class);
    } else {
      if (optIn != OptInState.OPTED_IN) {
        optedInCategories = EnumSet.noneOf(Category.class);
      }
      if (optIn != OptInState.OPTED_IN || !optedInCategories.isEmpty()) {
        optedInCategories.addAll(categories);
      }
      optedOutCategories.removeAll(categories);
    }
    optIn = OptInState.OPTED_IN;
    attest(source, at, messageId);
  }

  /** Opt-out of everything. */
  public void optOut(String source, Instant at, @Nullable String messageId) {
    optIn = OptInState.OPTED_OUT;
    optedInCategories = EnumSet.noneOf(Category.class);
    attest(source, at, messageId);
  }

  /** Opt-out of {@code categories} only. */
  public void optOutOf(
      Set<Category> categories, String source, Instant at, @Nullable String messageId) {
    optedOutCategories.addAll(categories);
    attest(source, at, messageId);
  }

  /** The contact declined the opt-in request: no further requests, no templates. */
  public void decline(String source, Instant at, @Nullable String messageId) {
    optIn = OptInState.DECLINED;
    attest(source, at, messageId);
  }

  private void attest(String source, Instant at, @Nullable String messageId) {
    consentSource = source;
    consentAt = at;
    consentMessageId = messageId;
  }

  /** Whether an opt-in request may be sent at {@code at}. */
  public boolean mayRequestOptIn(Instant at, Duration interval) {
    return optInRequestedAt == null || !at.isBefore(optInRequestedAt.plus(interval));
  }

  /** An opt-in request was sent at {@code at}. */
  public void optInRequested(Instant at) {
    optInRequestedAt = at;
    if (optIn == OptInState.UNKNOWN) {
      optIn = OptInState.REQUESTED;
    }
  }

  public boolean unreachable() {
    return unreachable;
  }

  public void markUnreachable() {
    unreachable = true;
  }

  public boolean blocked() {
    return blocked;
  }

  public void markBlocked() {
    blocked = true;
  }

  /** Whether marketing templates are held at {@code at} (131049/130472). */
  public boolean marketingHeld(Instant at) {
    return marketingHoldUntil != null && at.isBefore(marketingHoldUntil);
  }

  public void holdMarketingUntil(Instant until) {
    marketingHoldUntil = until;
  }

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

  /**
   * Whether the window needs a timer at {@code at}: none is pending, or the pending one is overdue
   * (so a lost timer cannot silence the expiry for good).
   */
  public boolean needsWindowTimer(Instant at) {
    return windowTimerAt == null || windowTimerAt.isBefore(at);
  }

  /** Remembers the pending window timer's due time, or that none is pending. */
  public void windowTimerAt(@Nullable Instant dueAt) {
    windowTimerAt = dueAt;
  }

  /** The pending window timer's due time, or null. */
  public @Nullable Instant windowTimerAt() {
    return windowTimerAt;
  }

  /**
   * Whether the state holds nothing worth keeping: no consent decision, no flags, nothing parked,
   * and no open window at {@code at}.
   */
  public boolean forgettable(Instant at, Duration safetyMargin) {
    return optIn == OptInState.UNKNOWN
        && optedOutCategories.isEmpty()
        && !unreachable
        && !blocked
        && parked.isEmpty()
        && !marketingHeld(at)
        && (optInRequestedAt == null)
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
        optIn,
        List.copyOf(new LinkedHashSet<>(optedOutCategories)),
        !unreachable,
        blocked,
        lastInboundAt,
        at);
  }

  /** Consent attestation: what captured the current consent. */
  public @Nullable String consentSource() {
    return consentSource;
  }

  public @Nullable Instant consentAt() {
    return consentAt;
  }

  public @Nullable String consentMessageId() {
    return consentMessageId;
  }

  public Set<Category> optedOutCategories() {
    return Set.copyOf(optedOutCategories);
  }

  public Set<Category> optedInCategories() {
    return Set.copyOf(optedInCategories);
  }
}
