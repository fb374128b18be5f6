package io.wagate.streams.topology;

import io.wagate.schemas.events.ConsentEvent;
import io.wagate.schemas.events.InboundMessage;
import io.wagate.schemas.events.SendRequest;
import io.wagate.schemas.events.StatusCallback;

/**
 * Everything that happens to a conversation, merged into one stream after every input is keyed by
 * its canonical conversation key and sits on that key's partition, so that one task sees a
 * conversation's events in order.
 */
public sealed interface ConversationEvent {

  /**
   * A CRM's send request, valid and seen for the first time ({@code request-intake} checked both).
   *
   * @param request the request as decoded
   * @param contact the canonical contact
   */
  record Request(SendRequest request, String contact) implements ConversationEvent {}

  /**
   * Consent captured by a CRM.
   *
   * @param consent the event
   * @param contact the canonical contact
   */
  record Consent(ConsentEvent consent, String contact) implements ConversationEvent {}

  /**
   * A user's message or preference change.
   *
   * @param message the message, contact canonical
   */
  record Inbound(InboundMessage message) implements ConversationEvent {}

  /**
   * A provider status.
   *
   * @param callback the status, contact canonical
   */
  record Callback(StatusCallback callback) implements ConversationEvent {}

  /**
   * What another part of wagate asks of this conversation.
   *
   * @param command the command
   */
  record Commanded(Command command) implements ConversationEvent {}
}
