package io.wagate.schemas;

import java.util.List;

/**
 * The headers of a {@code wa.dlq} record written by the streams app: the names Kafka Streams'
 * built-in dead-letter queue writes (KIP-1034), plus wagate's truncation and replay headers. The
 * ingress, which has no source topic, writes {@link WebhookDeadLetterHeaders} instead. Values are
 * UTF-8 text; partition and offset are decimal. The record's key and value are the original bytes,
 * unchanged unless cut to fit ({@link #TRUNCATED}).
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

  /**
   * On every record {@code dlq replay} publishes: the dead letter it came from, as {@code
   * wa.dlq-<partition>@<offset>}. A replayed send request passes request-intake even though its id
   * was seen: the dead letter means its handling left no outcome.
   */
  public static final String REPLAYED_FROM = "wagate.dlq.replayed.from";

  /** On the marker {@code dlq replay} writes to {@code wa.dlq}: the dead letter it replayed. */
  public static final String REPLAY_MARKER = "wagate.dlq.replay.marker";

  /** Every header above. */
  public static final List<String> ALL =
      List.of(EXCEPTION, MESSAGE, STACKTRACE, TOPIC, PARTITION, OFFSET);

  private DeadLetterHeaders() {}
}
