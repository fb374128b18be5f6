package io.wagate.streams.processor;

import io.wagate.schemas.events.RejectionReason;
import io.wagate.schemas.events.SendRequest;
import io.wagate.streams.policy.RoutingPolicy.AwaitOptIn;
import io.wagate.streams.policy.RoutingPolicy.Decision;
import io.wagate.streams.policy.RoutingPolicy.Reject;
import io.wagate.streams.policy.RoutingPolicy.Route;
import io.wagate.streams.state.Conversation;
import io.wagate.streams.state.RequestRecord;
import io.wagate.streams.topology.Command;
import io.wagate.streams.topology.ConversationEvent;
import java.time.Duration;
import java.time.Instant;

/**
 * A CRM's send request, valid and seen for the first time: route it, reject it, or park it until
 * the contact consents.
 */
final class RequestHandler {

  private RequestHandler() {}

  static void handle(Work work, String key, ConversationEvent.Request event, Instant recordTime) {
    SendRequest request = event.request();
    if (work.outbox.requests.get(request.requestId()) != null) {
      // request-intake lets each id through once; this is the same record handled again.
      work.outbox.count(work.rules.metrics()::duplicate);
      return;
    }
    Conversation conversation = work.conversation(key);
    if (Links.userIdKey(key)
        && Links.redirect(
            work,
            key,
            conversation,
            new Command.Redirected(null, null, request, event.contact()))) {
      return;
    }
    RequestRecord record = RequestRecord.seen(request.requestId(), key, request, work.now);
    Decision decision = work.decide(request, conversation);
    Duration lag = Duration.between(recordTime, work.now);
    work.outbox.count(
        () -> {
          work.rules.metrics().decision(decision);
          work.rules.metrics().decisionLatency(lag);
        });
    if (decision instanceof Reject reject) {
      work.reject(key, record, reject);
      if (reject.reason() == RejectionReason.CONTACT_UNREACHABLE
          && Boolean.TRUE.equals(request.smsFallback())) {
        work.outbox.emit(
            key,
            Outputs.smsFallback(Outputs.outbound(request, event.contact(), work.now, 1)),
            work.now);
      }
    } else if (decision instanceof Route route) {
      work.send(key, record, route, event.contact());
    } else if (decision instanceof AwaitOptIn) {
      work.park(key, record, conversation);
      work.save(key, conversation);
    }
    work.outbox.requests.put(request.requestId(), record);
  }
}
