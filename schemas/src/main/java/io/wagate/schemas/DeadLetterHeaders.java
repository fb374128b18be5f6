package io.wagate.schemas;

import java.util.List;

/**
 * The headers of a {@code wa.dlq} record. They are the names Kafka Streams' built-in dead-letter
 * queue writes (KIP-1034), so that a record dead-lettered by the streams app and one dead-lettered
 * by webhook-ingress read the same. Values are UTF-8 text; partition and offset are decimal. The
 * record's key and value are the original bytes, unchanged.
 */
public final class DeadLetterHeaders {

  /** The exception's class name. */
  public static final String EXCEPTION = "__streams.errors.exception";

  /** The exception's message, which never contains the payload. */
  public static final String MESSAGE = "__streams.errors.message";

  /** The exception's stack trace. */
  public static final String STACKTRACE = "__streams.errors.stacktrace";

  /** The topic the record was read from; absent when it did not come from a topic. */
  public static final String TOPIC = "__streams.errors.topic";

  /** The partition it was read from. */
  public static final String PARTITION = "__streams.errors.partition";

  /** The offset it was read from. */
  public static final String OFFSET = "__streams.errors.offset";

  /** Every header above. */
  public static final List<String> ALL =
      List.of(EXCEPTION, MESSAGE, STACKTRACE, TOPIC, PARTITION, OFFSET);

  private DeadLetterHeaders() {}
}
