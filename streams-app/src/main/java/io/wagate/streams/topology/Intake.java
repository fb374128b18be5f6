package io.wagate.streams.topology;

import io.wagate.schemas.events.SendRequest;

/**
 * What {@code request-intake} passes on: a request for its conversation, or an outcome to write.
 */
public sealed interface Intake {

  /**
   * A valid request seen for the first time, keyed by its conversation; its canonical contact rides
   * in the {@value ConversationInputs#CONTACT_HEADER} header.
   *
   * @param request the request
   * @param home whether the record is already on its conversation's partition
   */
  record Accepted(SendRequest request, boolean home) implements Intake {}

  /**
   * A record to write (a rejection's status or note).
   *
   * @param output the record
   */
  record Emitted(Output output) implements Intake {}
}
