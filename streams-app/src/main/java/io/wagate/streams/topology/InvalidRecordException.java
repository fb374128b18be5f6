package io.wagate.streams.topology;

/**
 * A record that decodes but cannot be processed (no request id, no valid contact, a required field
 * missing). Kafka Streams' processing exception handler sends its original bytes to {@code wa.dlq}
 * with headers naming this message and the source topic, partition and offset.
 */
public final class InvalidRecordException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** A failure described by {@code message}, which never contains a phone number or body. */
  public InvalidRecordException(String message) {
    super(message, null, false, false);
  }
}
