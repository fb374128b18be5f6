package io.wagate.streams.processor;

import io.wagate.schemas.events.ConsentEvent;
import io.wagate.streams.policy.ConsentPolicy;
import io.wagate.streams.state.Conversation;

/** Consent a CRM captured: recorded in the history, in force if it is the latest word. */
final class ConsentHandler {

  private ConsentHandler() {}

  static void handle(Work work, String key, ConsentEvent consent) {
    Conversation conversation = work.conversation(key);
    work.express(key, conversation, ConsentPolicy.ofCrm(consent, work.now));
    work.save(key, conversation);
  }
}
