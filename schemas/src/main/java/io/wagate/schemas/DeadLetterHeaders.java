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

  /**
   * {@code true} when the value was cut to fit the dead-letter topic's record size limit; the key
   * is then kept whole if it fits, and the headers below say what the original was. A truncated
   * dead letter can be inspected but not replayed.
   */
  public static final String TRUNCATED = "wagate.dlq.truncated";

  /** The original value's size in bytes, decimal; only on truncated dead letters. */
  public static final String ORIGINAL_SIZE = "wagate.dlq.original.size";

  /** The lowercase hex SHA-256 of the original value; only on truncated dead letters. */
  public static final String ORIGINAL_SHA256 = "wagate.dlq.original.sha256";

  /** Every header above. */
  public static final List<String> ALL =
      List.of(EXCEPTION, MESSAGE, STACKTRACE, TOPIC, PARTITION, OFFSET);

  private DeadLetterHeaders() {}
}
