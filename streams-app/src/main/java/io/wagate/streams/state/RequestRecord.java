package io.wagate.streams.state;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import io.wagate.schemas.events.LifecycleState;
import io.wagate.schemas.events.OutboundMessage;
import io.wagate.schemas.events.Person;
import io.wagate.schemas.events.Purpose;
import io.wagate.schemas.events.SendRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What wagate remembers of one request in the {@code request-store}, keyed by request id: enough to
 * drop a duplicate, to release it from the opt-in queue, to correlate its statuses, to name the
 * person in a late failure note and to resend it.
 */
@JsonAutoDetect(
    fieldVisibility = JsonAutoDetect.Visibility.ANY,
    getterVisibility = JsonAutoDetect.Visibility.NONE,
    isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public final class RequestRecord {

  /** Where a request stands. */
  public enum Phase {
    /** Waiting for the contact's opt-in. */
    PARKED,
    /** Routed to a sender; statuses may follow. */
    ROUTED,
    /** A retry is due. */
    RETRYING,
    /** Waiting for its portfolio's room (a business-initiated template), or held by it. */
    ADMITTING,
    /** Ended: rejected, expired, failed for good. */
    DONE
  }

  String requestId;
  String conversationKey;
  @Nullable SendRequest request;
  @Nullable OutboundMessage outbound;
  Phase phase;
  Purpose purpose = Purpose.REQUESTED;

  /** The highest delivery state reported, so states never go backwards. */
  @Nullable LifecycleState delivery;

  int attempt;

  /** Provider message ids whose failure was already handled: a failure reported twice acts once. */
  List<String> failedMessageIds = new ArrayList<>();

  /** For a parked request: when it expires; for a retry: when it is due. */
  @Nullable Instant dueAt;

  Instant seenAt;

  RequestRecord() {}

  /** A request seen for the first time at {@code at}. */
  public static RequestRecord seen(
      String requestId, String conversationKey, @Nullable SendRequest request, Instant at) {
    RequestRecord record = new RequestRecord();
    record.requestId = requestId;
    record.conversationKey = conversationKey;
    record.request = request;
    record.phase = Phase.DONE;
    record.seenAt = at;
    return record;
  }

  /** A message wagate sends on its own (opt-in request, automatic reply). */
  public static RequestRecord own(String conversationKey, OutboundMessage outbound, Instant at) {
    RequestRecord record = seen(outbound.requestId(), conversationKey, null, at);
    record.routed(outbound);
    record.purpose = outbound.purpose();
    return record;
  }

  public String requestId() {
    return requestId;
  }

  public String conversationKey() {
    return conversationKey;
  }

  public @Nullable SendRequest request() {
    return request;
  }

  public @Nullable OutboundMessage outbound() {
    return outbound;
  }

  public Phase phase() {
    return phase;
  }

  /** Whether the request is a CRM's (and so has a lifecycle on {@code wa.status}). */
  public boolean requested() {
    return purpose == Purpose.REQUESTED || purpose == Purpose.RETRY;
  }

  public @Nullable Person person() {
    if (request != null) {
      return request.person();
    }
    return outbound == null ? null : outbound.person();
  }

  public int attempt() {
    return attempt;
  }

  public @Nullable Instant dueAt() {
    return dueAt;
  }

  public @Nullable LifecycleState delivery() {
    return delivery;
  }

  public Instant seenAt() {
    return seenAt;
  }

  /**
   * Whether the id may be forgotten at {@code now}: the retention since it was first seen has
   * passed and it waits for nothing (opt-in, a retry) any more.
   */
  public boolean forgettable(Instant now, Duration retention) {
    return phase != Phase.PARKED
        && phase != Phase.RETRYING
        && phase != Phase.ADMITTING
        && !now.isBefore(seenAt.plus(retention));
  }

  public void park(Instant expiresAt) {
    phase = Phase.PARKED;
    dueAt = expiresAt;
  }

  public void routed(OutboundMessage message) {
    outbound = message;
    attempt = message.attempt();
    phase = Phase.ROUTED;
    delivery = null;
    dueAt = null;
  }

  /** Waiting for its portfolio: held, or about to be admitted. */
  public void admitting() {
    phase = Phase.ADMITTING;
    dueAt = null;
  }

  public void retryAt(Instant due) {
    phase = Phase.RETRYING;
    dueAt = due;
  }

  public void done() {
    phase = Phase.DONE;
    dueAt = null;
  }

  /**
   * Whether {@code state} moves the delivery forward: {@code SENT < DELIVERED < READ}, and a
   * failure ends an attempt that was not yet delivered. Records it when it does.
   */
  public boolean advanceDelivery(LifecycleState state) {
    if (rank(state) <= rank(delivery)) {
      return false;
    }
    // A failure reported after the message was delivered or read is stale news.
    if (state == LifecycleState.FAILED && rank(delivery) > rank(LifecycleState.SENT)) {
      return false;
    }
    delivery = state;
    return true;
  }

  /** Records a failed provider message; false when this failure was already handled. */
  public boolean firstFailureOf(@Nullable String providerMessageId) {
    String id = providerMessageId == null ? "attempt-" + attempt : providerMessageId;
    if (failedMessageIds.contains(id)) {
      return false;
    }
    failedMessageIds.add(id);
    return true;
  }

  private static int rank(@Nullable LifecycleState state) {
    if (state == null) {
      return 0;
    }
    return switch (state) {
      case SENT -> 1;
      case DELIVERED -> 2;
      case READ -> 3;
      case FAILED -> 4;
      default -> 0;
    };
  }
}
