package io.wagate.streams.processor;

import io.wagate.schemas.events.Category;
import io.wagate.schemas.events.LifecycleState;
import io.wagate.schemas.events.OutboundMessage;
import io.wagate.schemas.events.RejectionReason;
import io.wagate.streams.config.WagateConfig;
import io.wagate.streams.notes.RejectionNotes;
import io.wagate.streams.policy.RoutingPolicy.Decision;
import io.wagate.streams.policy.RoutingPolicy.Reject;
import io.wagate.streams.policy.RoutingPolicy.Route;
import io.wagate.streams.state.Conversation;
import io.wagate.streams.state.RequestRecord;
import io.wagate.streams.state.Timers;
import java.time.Instant;

/**
 * What the wall clock brings: a window that expired (announced without waiting for traffic), a
 * conversation with nothing left to keep, a parked request that waited too long, a retry that is
 * due.
 */
final class TimerHandler {

  private TimerHandler() {}

  static void fire(Work work, Timers.Due timer) {
    switch (timer.kind()) {
      case CONVERSATION -> conversationDue(work, timer);
      case PARKED -> parkedDue(work, timer.subject());
      case RETRY -> retryDue(work, timer.subject());
      // Set by earlier versions; the request sweep forgets ids now.
      case FORGET -> {}
    }
  }

  private static void conversationDue(Work work, Timers.Due timer) {
    String key = timer.subject();
    Conversation conversation = work.outbox.conversations.get(key);
    if (conversation == null) {
      return;
    }
    WagateConfig config = work.config();
    Instant pending = conversation.windowTimerAt();
    if (pending != null && !pending.isAfter(work.now)) {
      conversation.windowTimerAt(null);
    }
    boolean expired =
        conversation.announcedOpen()
            && !conversation.windowOpen(work.now, config.windowSafetyMargin());
    if (expired) {
      work.outbox.count(work.rules.metrics()::windowExpired);
    }
    if (expired
        || conversation.forgettable(
            work.now, config.windowSafetyMargin(), config.optInRequestInterval())) {
      work.save(key, conversation);
    } else {
      // Early: a message moved the expiry later since the timer was set. Wait for that.
      work.keep(key, conversation);
    }
  }

  private static void parkedDue(Work work, String requestId) {
    RequestRecord record = work.outbox.requests.get(requestId);
    if (record == null) {
      return;
    }
    boolean parked = record.phase() == RequestRecord.Phase.PARKED;
    if (parked && record.dueAt().isAfter(work.now)) {
      return;
    }
    String key = record.conversationKey();
    if (parked) {
      record.done();
      work.outbox.requests.put(requestId, record);
      work.outbox.count(work.rules.metrics()::expired);
      work.status(
          key,
          record,
          LifecycleState.EXPIRED,
          RejectionNotes.OPT_IN_EXPIRED_REASON,
          RejectionNotes.OPT_IN_EXPIRED_CODE);
      work.note(
          key,
          requestId,
          record.person(),
          RejectionNotes.OPT_IN_EXPIRED_CODE,
          work.rules
              .notes()
              .expired(record.person(), Work.contactOf(key), work.config().parkedRequestTtl()),
          RejectionNotes.OPT_IN_EXPIRED_ACTION);
    }
    Conversation conversation = work.outbox.conversations.get(key);
    if (conversation != null && conversation.parked().remove(requestId)) {
      // The last parked request ended: nothing waits for an answer to the opt-in request.
      work.endOptInRequestIfMoot(conversation);
      work.save(key, conversation);
    }
  }

  private static void retryDue(Work work, String requestId) {
    RequestRecord record = work.outbox.requests.get(requestId);
    if (record == null || record.phase() != RequestRecord.Phase.RETRYING) {
      return;
    }
    String key = record.conversationKey();
    OutboundMessage previous = record.outbound();
    Conversation conversation = work.conversation(key);
    Decision decision;
    if (record.request() != null) {
      decision = work.decide(record.request(), conversation);
    } else {
      // An opt-in request or automatic reply: resend only while it still makes sense.
      decision =
          conversation.optedOut(null) || conversation.blocked() || conversation.unreachable()
              ? new Reject(RejectionReason.OPTED_OUT, null)
              : new Route(previous.kind(), Category.UTILITY);
    }
    if (decision instanceof Route) {
      OutboundMessage retry = previous.retry(record.attempt() + 1, work.now);
      record.routed(retry);
      work.outbox.requests.put(requestId, record);
      work.outbox.count(work.rules.metrics()::retrySent);
      work.emitSend(key, retry);
      return;
    }
    RejectionReason reason =
        decision instanceof Reject reject ? reject.reason() : RejectionReason.NO_OPT_IN;
    record.done();
    work.outbox.requests.put(requestId, record);
    if (record.requested()) {
      work.status(key, record, LifecycleState.FAILED, reason.name(), reason.code());
      work.note(
          key,
          requestId,
          record.person(),
          reason.code(),
          work.rules.notes().notRetried(reason, record.person(), conversation.contact()),
          reason.action());
    }
  }
}
