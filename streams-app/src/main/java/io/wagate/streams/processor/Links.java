package io.wagate.streams.processor;

import io.wagate.streams.state.Conversation;
import io.wagate.streams.topology.Command;
import org.jspecify.annotations.Nullable;

/**
 * One person, one conversation, when Meta identifies a user by a business-scoped user id as well as
 * by phone: a webhook that carries both links the id's conversation to the phone number's, and from
 * then on whatever arrives for the id alone (a user who hid their number behind a username) is
 * passed on to the phone number's conversation, with its window, consent and history.
 */
final class Links {

  private Links() {}

  /**
   * Passes {@code event} on to the phone conversation a user id's conversation is linked to.
   *
   * @return true when it was passed on (and this conversation does nothing more with it)
   */
  static boolean redirect(
      Work work, String key, Conversation conversation, Command.Redirected event) {
    String linkedTo = conversation.linkedTo();
    if (linkedTo == null) {
      return false;
    }
    work.outbox.emit(linkedTo, Outputs.command(Command.redirect(event, work.now)), work.now);
    return true;
  }

  /**
   * A phone conversation learns the user id its contact also has, and tells the id's conversation
   * to link to it (once per new id).
   */
  static void learnUserId(
      Work work, String key, Conversation conversation, @Nullable String userId) {
    if (userId == null
        || userId.isBlank()
        || !conversation.contact().startsWith("+")
        || conversation.knowsUserId(userId)) {
      return;
    }
    String idKey = conversation.businessNumber() + "|" + userId;
    work.outbox.emit(idKey, Outputs.command(Command.link(key, null, work.now)), work.now);
  }

  /** Whether a conversation key's contact is a user id rather than a phone number. */
  static boolean userIdKey(String key) {
    return !Work.contactOf(key).startsWith("+");
  }
}
