package io.wagate.streams.topology;

import io.wagate.schemas.events.ConsentEvent;
import io.wagate.schemas.events.InboundMessage;
import io.wagate.schemas.events.SendRequest;
import io.wagate.schemas.events.StatusCallback;
import org.jspecify.annotations.Nullable;

/**
 * Everything that happens to a conversation, merged into one stream after every input is keyed by
 * conversation, so that one task sees a conversation's events in order.
 */
public sealed interface ConversationEvent {

  /**
   * A CRM's send request.
   *
   * @param request the request as decoded
   * @param contact the canonical contact, or null when {@code to} is not a valid number
   */
  record Request(SendRequest request, @Nullable String contact) implements ConversationEvent {}

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
}
