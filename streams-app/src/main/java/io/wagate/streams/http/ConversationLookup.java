package io.wagate.streams.http;

import io.wagate.streams.reference.BusinessNumber;
import io.wagate.streams.state.Conversation;
import org.jspecify.annotations.Nullable;

/** Finds where a conversation's state lives and, when it lives here, reads it. */
@FunctionalInterface
public interface ConversationLookup {

  /**
   * Looks up a conversation.
   *
   * @param conversationKey {@code <businessNumber>|<contact>}, both canonical
   * @param businessNumber the conversation's business number, for its settings
   * @return the state when this instance owns the key, the owner when another does, or why neither
   *     can be said now
   */
  Result find(String conversationKey, String businessNumber);

  /** The outcome of a lookup. */
  sealed interface Result {}

  /**
   * This instance owns the key.
   *
   * @param conversation the stored state, null when nothing was ever stored (or it was forgotten)
   * @param number the business number as routing sees it (the defaults when not registered)
   */
  record Local(@Nullable Conversation conversation, BusinessNumber number) implements Result {}

  /**
   * Another instance owns the key.
   *
   * @param host its {@code application.server} host
   * @param port its {@code application.server} port: its HTTP port
   */
  record Remote(String host, int port) implements Result {}

  /**
   * No instance can answer now: Kafka Streams is starting, rebalancing or restoring.
   *
   * @param reason why, for the caller
   */
  record Unavailable(String reason) implements Result {}
}
