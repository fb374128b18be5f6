package io.wagate.streams.processor;

import io.wagate.schemas.events.LifecycleState;
import io.wagate.streams.policy.RoutingPolicy.AwaitOptIn;
import io.wagate.streams.policy.RoutingPolicy.Decision;
import io.wagate.streams.policy.RoutingPolicy.Reject;
import io.wagate.streams.policy.RoutingPolicy.Route;
import io.wagate.streams.state.ConsentLedger;
import io.wagate.streams.state.Conversation;
import io.wagate.streams.state.RequestRecord;
import io.wagate.streams.topology.Command;

/**
 * What another part of wagate asks of a conversation: its portfolio let a held template go, or the
 * template gave up waiting; the contact changed number and their consent comes along.
 */
final class CommandHandler {

  /** The code of an {@code EXPIRED} held template and its note. */
  static final String HOLD_EXPIRED_CODE = "WAGATE-HOLD-EXPIRED";

  private CommandHandler() {}

  static void handle(Work work, String key, Command command) {
    switch (command.kind()) {
      case ADMITTED -> admitted(work, key, command);
      case HOLD_EXPIRED -> holdExpired(work, key, command);
      case CARRY_OVER -> carryOver(work, key, command);
      case LINK -> link(work, key, command);
      case REDIRECT -> redirected(work, key, command);
    }
  }

  /**
   * This user id's conversation belongs to a phone conversation: from now on its events go there,
   * and what the id's conversation knew of the contact's will goes along.
   */
  private static void link(Work work, String key, Command command) {
    Conversation conversation = work.conversation(key);
    if (command.from() == null || command.from().equals(conversation.linkedTo())) {
      return;
    }
    conversation.linkTo(command.from());
    if (conversation.consent().decided() || conversation.blocked()) {
      work.outbox.emit(
          command.from(),
          Outputs.command(
              Command.carryOver(
                  conversation.consent(),
                  conversation.blocked(),
                  conversation.contact(),
                  work.now)),
          work.now);
    }
    work.save(key, conversation);
  }

  /** An event of a linked user id, handled as this phone conversation's own. */
  private static void redirected(Work work, String key, Command command) {
    Command.Redirected event = command.redirected();
    if (event == null) {
      return;
    }
    if (event.inbound() != null) {
      InboundHandler.handle(work, key, event.inbound());
    } else if (event.callback() != null) {
      CallbackHandler.handle(work, key, event.callback());
    } else if (event.request() != null && event.contact() != null) {
      RequestHandler.handle(
          work,
          key,
          new io.wagate.streams.topology.ConversationEvent.Request(
              event.request(), event.contact()),
          command.at());
    }
  }

  /** The portfolio has room: the template goes, if it still may now. */
  private static void admitted(Work work, String key, Command command) {
    RequestRecord record = work.outbox.requests.get(command.requestId());
    if (record == null || record.phase() != RequestRecord.Phase.ADMITTING) {
      return;
    }
    Conversation conversation = work.conversation(key);
    Decision decision = work.decide(record.request(), conversation);
    work.outbox.count(() -> work.rules.metrics().decision(decision));
    if (decision instanceof Route route) {
      work.routeNow(key, record, route, conversation.contact());
    } else if (decision instanceof Reject reject) {
      work.reject(key, record, reject);
    } else if (decision instanceof AwaitOptIn) {
      // Consent was withdrawn while it waited and an opt-in request is possible: ask again.
      work.park(key, record, conversation);
      work.save(key, conversation);
    }
    work.outbox.requests.put(record.requestId(), record);
  }

  /**
   * The template waited longer than {@code WAGATE_HOLD_TTL}: it ends, with a note that says why.
   */
  private static void holdExpired(Work work, String key, Command command) {
    RequestRecord record = work.outbox.requests.get(command.requestId());
    if (record == null || record.phase() != RequestRecord.Phase.ADMITTING) {
      return;
    }
    record.done();
    work.outbox.requests.put(record.requestId(), record);
    work.outbox.count(work.rules.metrics()::holdExpired);
    String reason =
        command.forFlag() ? PortfolioProcessor.FLAGGED_REASON : PortfolioProcessor.LIMIT_REASON;
    work.status(key, record, LifecycleState.EXPIRED, reason, HOLD_EXPIRED_CODE);
    work.note(
        key,
        record.requestId(),
        record.person(),
        HOLD_EXPIRED_CODE,
        work.rules
            .notes()
            .holdExpired(
                record.person(),
                Work.contactOf(key),
                command.forFlag(),
                command.limit(),
                command.roomAt(),
                work.config().holdTtl()),
        "SEND_LATER");
  }

  /**
   * The contact's new number takes over what the old one knew about their will: every consent
   * expression (each keeps its own time, so what was said later here still wins) and a block.
   */
  private static void carryOver(Work work, String key, Command command) {
    Conversation conversation = work.conversation(key);
    ConsentLedger carried = command.consent();
    if (carried != null) {
      for (ConsentLedger.Entry entry : carried.trail()) {
        work.express(
            key,
            conversation,
            new io.wagate.streams.policy.ConsentPolicy.Expression(
                entry.will(),
                java.util.Set.copyOf(entry.categories()),
                entry.source(),
                entry.expressedAt(),
                entry.messageId(),
                entry.reference(),
                false,
                null));
      }
    }
    if (command.blocked()) {
      conversation.markBlocked(command.at());
    }
    conversation.movedFrom(command.from());
    work.save(key, conversation);
  }
}
