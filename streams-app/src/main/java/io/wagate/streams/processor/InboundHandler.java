package io.wagate.streams.processor;

import io.wagate.schemas.events.Category;
import io.wagate.schemas.events.InboundMessage;
import io.wagate.streams.policy.ConsentPolicy;
import io.wagate.streams.reference.BusinessNumber;
import io.wagate.streams.state.ConsentLedger.Will;
import io.wagate.streams.state.Conversation;
import io.wagate.streams.topology.Command;
import java.util.Set;

/**
 * A user's message or preference change: it opens or extends the window, may express consent, and
 * gets the automatic reply of a disabled number.
 */
final class InboundHandler {

  private InboundHandler() {}

  static void handle(Work work, String key, InboundMessage message) {
    Conversation conversation = work.conversation(key);
    if (Links.redirect(
        work, key, conversation, new Command.Redirected(message, null, null, null))) {
      // The phone conversation it is linked to de-duplicates it.
      return;
    }
    String seen = seenKey(key, message);
    if (work.outbox.inboundIds.get(seen) != null) {
      // Providers retry a webhook for days; the same message acts once.
      work.outbox.count(work.rules.metrics()::duplicate);
      return;
    }
    work.outbox.inboundIds.put(seen, work.now.toEpochMilli());
    Links.learnUserId(work, key, conversation, message.userId());
    if (numberChange(message)) {
      changeNumber(work, key, conversation, message);
      return;
    }
    BusinessNumber number = work.rules.references().number(conversation.businessNumber());
    if (writtenByTheUser(message)) {
      conversation.recordInbound(message.occurredAt());
      work.outbox.count(work.rules.metrics()::inbound);
      if (!number.enabled()) {
        String text =
            number.inactiveAutoReply() == null
                ? work.config().disabledNumberReply()
                : number.inactiveAutoReply();
        work.reply(key, conversation, text, replyCause(message));
      }
    }
    ConsentPolicy.Expression expression =
        ConsentPolicy.ofMessage(work.config().keywords(), message, conversation.optInPending());
    if (expression != null) {
      boolean wasFullyOptedIn = Category.KNOWN.stream().allMatch(conversation::consentsTo);
      Set<Category> decided = work.express(key, conversation, expression);
      boolean redundantOptIn = expression.will() == Will.OPTED_IN && wasFullyOptedIn;
      if (!decided.isEmpty()
          && expression.confirmation() != null
          && number.enabled()
          && !redundantOptIn) {
        work.reply(key, conversation, expression.confirmation(), replyCause(message));
      }
    }
    work.save(key, conversation);
  }

  /** A notice that the contact moved to another number. */
  static boolean numberChange(InboundMessage message) {
    return "system".equals(message.type()) && message.newContact() != null;
  }

  /**
   * The contact changed number: the old one is closed (window closed, unreachable), and their
   * consent and blocks go along to the new number's conversation, which announces where it came
   * from.
   */
  private static void changeNumber(
      Work work, String key, Conversation conversation, InboundMessage message) {
    String newKey = conversation.businessNumber() + "|" + message.newContact();
    work.outbox.emit(
        newKey,
        Outputs.command(
            Command.carryOver(
                conversation.consent(),
                conversation.blocked(),
                conversation.contact(),
                message.occurredAt())),
        work.now);
    conversation.movedTo(message.newContact(), message.occurredAt());
    conversation.markUnreachable(message.occurredAt());
    work.save(key, conversation);
  }

  /**
   * Whether the user wrote it: a preference change or a system notice (a number change) is not the
   * user writing, so it neither opens the window nor proves the contact reachable.
   */
  static boolean writtenByTheUser(InboundMessage message) {
    return !"user_preferences".equals(message.type()) && !"system".equals(message.type());
  }

  /** The key under which a delivered message is remembered as seen. */
  static String seenKey(String conversationKey, InboundMessage message) {
    String id = message.providerMessageId();
    if (id != null) {
      return message.provider() + ":" + id;
    }
    // Preference changes carry no id: the same change at the same time is the same event.
    return message.provider()
        + ":"
        + conversationKey
        + "@"
        + message.occurredAt().toEpochMilli()
        + ":"
        + message.type()
        + ":"
        + (message.text() == null ? "" : message.text().hashCode());
  }

  private static String replyCause(InboundMessage message) {
    return message.providerMessageId() == null
        ? message.contact() + "@" + message.occurredAt().toEpochMilli()
        : message.providerMessageId();
  }
}
