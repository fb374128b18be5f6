package io.wagate.streams.processor;

import io.wagate.streams.state.Conversation;
import io.wagate.streams.state.MessageLink;
import io.wagate.streams.state.RequestRecord;
import io.wagate.streams.state.Timers;
import io.wagate.streams.topology.Output;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Every effect of handling one record or one timer: store writes, timers set and cleared, output
 * records and metric updates, collected while the handler decides and {@link #apply applied}
 * together at the end. A handler that throws midway leaves nothing behind: the stores, the timers
 * and the output topics are as if the record had never been seen, and the record itself goes to
 * {@code wa.dlq}.
 */
final class Outbox {

  final Buffered<Conversation> conversations;
  final Buffered<RequestRecord> requests;
  final Buffered<Long> inboundIds;
  final Buffered<MessageLink> messageIds;
  private final Buffered<String> timers;
  private final List<Record<String, Output>> outputs = new ArrayList<>();
  private final List<Runnable> metrics = new ArrayList<>();
  private final int maxRecordBytes;

  Outbox(
      KeyValueStore<String, Conversation> conversations,
      KeyValueStore<String, RequestRecord> requests,
      KeyValueStore<String, Long> inboundIds,
      KeyValueStore<String, MessageLink> messageIds,
      KeyValueStore<String, String> timers,
      int maxRecordBytes) {
    this.conversations = new Buffered<>(conversations);
    this.requests = new Buffered<>(requests);
    this.inboundIds = new Buffered<>(inboundIds);
    this.messageIds = new Buffered<>(messageIds);
    this.timers = new Buffered<>(timers);
    this.maxRecordBytes = maxRecordBytes;
  }

  /**
   * Writes {@code output} under {@code key}, stamped {@code at}.
   *
   * @throws OutputTooLargeException when the record would exceed the topics' size limit; the input
   *     record then goes to {@code wa.dlq} instead of stopping the application
   */
  void emit(String key, Output output, Instant at) {
    int size = key.getBytes(StandardCharsets.UTF_8).length + output.size();
    if (size > maxRecordBytes) {
      throw new OutputTooLargeException(output.topic(), size, maxRecordBytes);
    }
    outputs.add(new Record<>(key, output, at.toEpochMilli()));
  }

  /** Sets a timer of {@code kind} for {@code subject} at {@code dueAt}. */
  void schedule(Timers.Kind kind, String subject, Instant dueAt) {
    timers.put(Timers.key(kind, subject, dueAt), subject);
  }

  /** Clears the timer set with exactly these arguments. */
  void cancel(Timers.Kind kind, String subject, Instant dueAt) {
    timers.delete(Timers.key(kind, subject, dueAt));
  }

  /** Clears a due timer once its handling is part of this work. */
  void cancel(Timers.Due timer) {
    timers.delete(timer.key());
  }

  /** Counts something once the work is applied, so a failed record counts nothing. */
  void count(Runnable metric) {
    metrics.add(metric);
  }

  /** Applies every effect: the stores first, then the outputs, then the metrics. */
  void apply(ProcessorContext<String, Output> context) {
    conversations.flush();
    requests.flush();
    inboundIds.flush();
    messageIds.flush();
    timers.flush();
    outputs.forEach(context::forward);
    outputs.clear();
    metrics.forEach(Runnable::run);
    metrics.clear();
  }

  /** An output record larger than the output topics accept. */
  static final class OutputTooLargeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    OutputTooLargeException(String topic, int size, int limit) {
      super(
          "a record for "
              + topic
              + " would take "
              + size
              + " bytes, more than the "
              + limit
              + " bytes allowed (WAGATE_MAX_RECORD_BYTES)");
    }
  }
}
