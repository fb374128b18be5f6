package io.wagate.streams.processor;

import io.wagate.schemas.events.ErrorCatalogEntry;
import io.wagate.schemas.events.LifecycleState;
import io.wagate.schemas.events.Person;
import io.wagate.schemas.events.RejectionReason;
import io.wagate.schemas.events.StatusCallback;
import io.wagate.streams.policy.ConsentPolicy;
import io.wagate.streams.policy.FailurePolicy;
import io.wagate.streams.reference.NumberAction;
import io.wagate.streams.state.Conversation;
import io.wagate.streams.state.MessageLink;
import io.wagate.streams.state.RequestRecord;
import io.wagate.streams.state.Timers;
import io.wagate.streams.topology.Command;
import java.time.Instant;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A provider's status for a message wagate routed: delivery states move the lifecycle forward, a
 * failure gets a note from the error catalog and the catalog's action.
 */
final class CallbackHandler {

  private CallbackHandler() {}

  /** The status the sender writes when a provider accepted a message: correlation only. */
  static final String ACCEPTED = "accepted";

  static void handle(Work work, String key, StatusCallback callback) {
    if (Links.userIdKey(key)
        && Links.redirect(
            work,
            key,
            work.conversation(key),
            new Command.Redirected(null, callback, null, null))) {
      return;
    }
    String messageId = callback.providerMessageId();
    if (ACCEPTED.equalsIgnoreCase(callback.status())) {
      if (messageId != null && callback.requestId() != null) {
        work.outbox.messageIds.put(messageId, new MessageLink(callback.requestId(), work.now));
      }
      return;
    }
    LifecycleState state = stateOf(callback.status());
    if (state == null) {
      return;
    }
    String requestId = requestIdOf(work, callback);
    RequestRecord record = requestId == null ? null : work.outbox.requests.get(requestId);
    if (record != null && record.phase() == RequestRecord.Phase.PARKED) {
      // A parked request was never sent (its opt-in request has an id of its own): a status for it
      // is not about it, and must not end it while it still waits in its conversation.
      record = null;
    }
    if (state != LifecycleState.FAILED) {
      if (record != null && record.advanceDelivery(state)) {
        if (record.requested()) {
          work.status(key, record, state, null, null);
        }
        work.outbox.requests.put(record.requestId(), record);
      }
      return;
    }
    if (record != null
        && (!record.firstFailureOf(callback.providerMessageId())
            || !record.advanceDelivery(LifecycleState.FAILED))) {
      // The same failure reported twice, or a failure after the message was delivered.
      return;
    }
    onFailure(work, key, callback, record);
  }

  /** The callback's request id, or the one its provider message id was accepted for. */
  private static @Nullable String requestIdOf(Work work, StatusCallback callback) {
    if (callback.requestId() != null) {
      return callback.requestId();
    }
    if (callback.providerMessageId() == null) {
      return null;
    }
    MessageLink link = work.outbox.messageIds.get(callback.providerMessageId());
    return link == null ? null : link.requestId();
  }

  private static void onFailure(
      Work work, String key, StatusCallback callback, @Nullable RequestRecord record) {
    String code = callback.errorCode() == null ? "unknown" : callback.errorCode();
    ErrorCatalogEntry entry =
        work.rules
            .catalog()
            .resolve(code, work.rules.references().catalogOverride(code), callback.errorTitle());
    work.outbox.count(() -> work.rules.metrics().failure(code));
    Conversation conversation = work.conversation(key);
    boolean changed = applyAction(work, key, conversation, entry, callback);
    FailurePolicy.Outcome outcome =
        FailurePolicy.decide(
            entry,
            record != null && record.outbound() != null ? record.attempt() : null,
            work.config().maxSendAttempts(),
            callback.occurredAt());
    Person person = record == null ? null : record.person();
    String requestId =
        record == null
            ? requestIdOf(work, callback)
            : record.requested() ? record.requestId() : record.outbound().replyTo();
    if (record != null) {
      if (outcome.retrying()) {
        record.retryAt(outcome.retryAt());
        work.outbox.schedule(Timers.Kind.RETRY, record.requestId(), outcome.retryAt());
        work.outbox.count(work.rules.metrics()::retryScheduled);
      } else {
        record.done();
      }
      if (record.requested()) {
        work.status(key, record, outcome.state(), entry.action().name(), code);
      }
      work.outbox.requests.put(record.requestId(), record);
    }
    String text =
        outcome.exhausted()
            ? work.rules
                .notes()
                .retriesExhausted(entry, person, conversation.contact(), record.attempt())
            : work.rules.notes().failure(entry, person, conversation.contact());
    work.note(key, requestId, person, code, text, outcome.noteAction());
    if (changed) {
      work.save(key, conversation);
    }
  }

  /** Applies the catalog's action; answers whether the conversation's state changed. */
  private static boolean applyAction(
      Work work,
      String key,
      Conversation conversation,
      ErrorCatalogEntry entry,
      StatusCallback callback) {
    Instant occurredAt = callback.occurredAt();
    String code = entry.code();
    switch (entry.action()) {
      case CLOSE_WINDOW -> conversation.closeWindow(occurredAt);
      case MARK_UNREACHABLE -> {
        if (!conversation.markUnreachable(occurredAt)) {
          return false;
        }
        work.rejectParked(key, conversation, RejectionReason.CONTACT_UNREACHABLE, Set.of());
      }
      case MARK_BLOCKED -> {
        if (!conversation.markBlocked(occurredAt)) {
          return false;
        }
        work.rejectParked(key, conversation, RejectionReason.CONTACT_BLOCKED, Set.of());
      }
      case MARKETING_OPT_OUT ->
          work.express(key, conversation, ConsentPolicy.ofMarketingStop(occurredAt));
      case HOLD_MARKETING ->
          conversation.holdMarketingUntil(occurredAt.plus(FailurePolicy.holdOf(entry)));
      case PAUSE_NUMBER -> {
        learn(
            work,
            NumberAction.failure(
                conversation.businessNumber(),
                NumberAction.Kind.PAUSE,
                occurredAt.plus(FailurePolicy.holdOf(entry)),
                code,
                occurredAt));
        return false;
      }
      case DISABLE_NUMBER -> {
        learn(
            work,
            NumberAction.failure(
                conversation.businessNumber(), NumberAction.Kind.DISABLE, null, code, occurredAt));
        return false;
      }
      case RETRY, NONE -> {
        return false;
      }
    }
    return true;
  }

  /** Sends what the failure taught about the business number to the task that keeps it. */
  private static void learn(Work work, NumberAction action) {
    work.outbox.emit(action.businessNumber(), Outputs.numberAction(action), work.now);
  }

  static @Nullable LifecycleState stateOf(@Nullable String status) {
    return switch (status == null ? "" : status.toLowerCase(Locale.ROOT)) {
      case "sent" -> LifecycleState.SENT;
      case "delivered" -> LifecycleState.DELIVERED;
      case "read" -> LifecycleState.READ;
      case "failed", "undelivered" -> LifecycleState.FAILED;
      default -> null;
    };
  }
}
