package io.wagate.dlq;

import io.wagate.schemas.DeadLetterHeaders;

/**
 * Headers of replays and of dead letters cut to size. Values are UTF-8 text.
 *
 * <ul>
 *   <li>{@value #REPLAYED_FROM} on every record {@code dlq replay} publishes: the dead letter it
 *       came from, as {@code wa.dlq-<partition>@<offset>}, so services can count replays and anyone
 *       can trace a record back;
 *   <li>{@value #MARKER} on the marker {@code dlq replay} writes to {@code wa.dlq} in the same
 *       transaction: the dead letter it replayed, same format. A dead letter with a marker is never
 *       replayed again;
 *   <li>{@value #TRUNCATED}, {@value #ORIGINAL_SIZE} and {@value #ORIGINAL_SHA256} on a dead letter
 *       whose value was cut to fit the topic's size limit: it is listed, never replayed.
 * </ul>
 */
public final class ReplayHeaders {

  /** On a replayed record: the dead letter it came from. */
  public static final String REPLAYED_FROM = DeadLetterHeaders.REPLAYED_FROM;

  /** On a replay marker: the dead letter it marks as replayed. */
  public static final String MARKER = DeadLetterHeaders.REPLAY_MARKER;

  /** {@code true} on a dead letter whose value was cut to fit the topic. */
  public static final String TRUNCATED = DeadLetterHeaders.TRUNCATED;

  /** The size in bytes of a truncated dead letter's original value. */
  public static final String ORIGINAL_SIZE = DeadLetterHeaders.ORIGINAL_SIZE;

  /** The SHA-256 of a truncated dead letter's original value, hex. */
  public static final String ORIGINAL_SHA256 = DeadLetterHeaders.ORIGINAL_SHA256;

  /** Prefix of Kafka Streams' own dead-letter headers, which a replay does not carry back. */
  public static final String STREAMS_ERRORS_PREFIX = "__streams.errors.";

  private ReplayHeaders() {}
}
