package io.wagate.streams.processor;

import io.wagate.schemas.DeadLetterHeaders;
import io.wagate.schemas.events.LifecycleState;
import io.wagate.schemas.events.SendRequest;
import io.wagate.streams.config.WagateConfig;
import io.wagate.streams.notes.NoteWriter;
import io.wagate.streams.policy.IntakePolicy;
import io.wagate.streams.reference.References;
import io.wagate.streams.state.Sweep;
import io.wagate.streams.topology.ConversationInputs;
import io.wagate.streams.topology.Intake;
import io.wagate.streams.topology.Output;
import io.wagate.streams.topology.Partitioning;
import io.wagate.streams.topology.StoreNames;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Every send request passes here first, keyed by its request id, so that one task sees every record
 * of an id whatever conversation it names: the first is let through, every later one is dropped
 * (one outcome per request id, even when the duplicate names another contact). A request that
 * cannot reach a conversation (incomplete, too large, no valid number) is rejected here with its
 * status and note; the others go on keyed by their conversation.
 */
public final class RequestIntakeProcessor
    extends ContextualProcessor<String, SendRequest, String, Intake> {

  private static final int SWEEP_SLICE = 2_000;

  private final WagateConfig config;
  private final ConversationMetrics metrics;
  private final NoteWriter notes = new NoteWriter();
  private KeyValueStore<String, Long> seen;
  private References references;
  private Sweep<Long> sweep;

  public RequestIntakeProcessor(WagateConfig config, ConversationMetrics metrics) {
    this.config = config;
    this.metrics = metrics;
  }

  @Override
  public void init(ProcessorContext<String, Intake> context) {
    super.init(context);
    seen = context.getStateStore(StoreNames.REQUEST_IDS);
    references = References.of(context);
    sweep = new Sweep<>(seen, SWEEP_SLICE);
    context.schedule(
        config.punctuationInterval(),
        PunctuationType.WALL_CLOCK_TIME,
        now -> {
          long horizon = now - config.requestRetention().toMillis();
          sweep.next((id, seenAt) -> seenAt < horizon);
        });
  }

  @Override
  public void process(Record<String, SendRequest> record) {
    SendRequest request = record.value();
    String requestId = record.key();
    if (seen.get(requestId) != null
        && record.headers().lastHeader(DeadLetterHeaders.REPLAYED_FROM) == null) {
      // A replayed dead letter passes: its first handling failed and left no outcome. Its
      // conversation still drops it if it did reach an outcome there.
      metrics.duplicate();
      return;
    }
    Instant now =
        Instant.ofEpochMilli(Math.max(record.timestamp(), context().currentSystemTimeMs()));
    IntakePolicy.Verdict verdict =
        IntakePolicy.decide(
            request,
            references.template(request.template()),
            ConversationInputs.oversize(record.headers()),
            config.maxInputBytes());
    List<Record<String, Intake>> outputs = new ArrayList<>(2);
    if (verdict instanceof IntakePolicy.Refuse refuse) {
      String contact = refuse.contact();
      String named = contact == null || contact.isBlank() ? "an unknown recipient" : contact;
      outputs.add(
          emitted(
              record,
              refuse.key(),
              Outputs.status(
                  requestId,
                  request.businessNumber(),
                  contact,
                  LifecycleState.REJECTED,
                  refuse.reason().name(),
                  refuse.reason().code(),
                  now),
              now));
      outputs.add(
          emitted(
              record,
              refuse.key(),
              Outputs.note(
                  noteId(),
                  requestId,
                  request.person(),
                  request.businessNumber(),
                  contact,
                  refuse.reason().code(),
                  notes.rejection(refuse.reason(), request.person(), named, refuse.detail()),
                  refuse.reason().action(),
                  now),
              now));
    } else if (verdict instanceof IntakePolicy.Accept accept) {
      Headers headers = new RecordHeaders(record.headers().toArray());
      headers.remove(ConversationInputs.CONTACT_HEADER);
      headers.add(
          ConversationInputs.CONTACT_HEADER, accept.contact().getBytes(StandardCharsets.UTF_8));
      boolean home =
          Partitioning.isHome(
              accept.conversationKey(), context().taskId().partition(), config.partitions());
      outputs.add(
          new Record<String, Intake>(
              accept.conversationKey(),
              new Intake.Accepted(request, home),
              record.timestamp(),
              headers));
    }
    // Decided whole before anything is written: the id is remembered with its outcome or not at
    // all.
    seen.put(requestId, now.toEpochMilli());
    outputs.forEach(context()::forward);
    if (verdict instanceof IntakePolicy.Refuse refuse) {
      metrics.rejected(refuse.reason());
    }
  }

  private Record<String, Intake> emitted(
      Record<String, SendRequest> record, String key, Output output, Instant at) {
    return new Record<String, Intake>(
        key, new Intake.Emitted(output), at.toEpochMilli(), new RecordHeaders());
  }

  private String noteId() {
    RecordMetadata metadata = context().recordMetadata().orElse(null);
    return metadata == null
        ? "note-intake-" + context().currentSystemTimeMs()
        : "note-" + metadata.topic() + "-" + metadata.partition() + "-" + metadata.offset() + "-0";
  }
}
