package io.wagate.streams.processor;

import io.wagate.streams.config.WagateConfig;
import io.wagate.streams.notes.ErrorCatalog;
import io.wagate.streams.notes.NoteWriter;
import io.wagate.streams.policy.RoutingPolicy;
import io.wagate.streams.reference.References;
import io.wagate.streams.state.Conversation;
import io.wagate.streams.state.MessageLink;
import io.wagate.streams.state.RequestRecord;
import io.wagate.streams.state.Sweep;
import io.wagate.streams.state.Timers;
import io.wagate.streams.topology.ConversationEvent;
import io.wagate.streams.topology.Output;
import io.wagate.streams.topology.StoreNames;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies every event of a conversation to its state, in order: loads what the event needs, lets
 * its handler decide, and applies every effect together. A handler that throws leaves nothing
 * behind; Kafka Streams then sends the record to {@code wa.dlq} and goes on with the next.
 */
public final class ConversationProcessor
    implements Processor<String, ConversationEvent, String, Output> {

  private static final Logger LOGGER = LoggerFactory.getLogger(ConversationProcessor.class);

  /** At most this many timers fire per punctuation, so processing is never starved. */
  private static final int TIMERS_PER_PUNCTUATION = 10_000;

  /**
   * Entries read per punctuation when sweeping a store for ids past their retention: at the default
   * 5 s interval a million are swept in under an hour, far inside the default retention of 7 days,
   * for a few milliseconds per punctuation.
   */
  private static final int SWEEP_SLICE = 2_000;

  /** How long a timer whose handling failed waits before it is tried again. */
  private static final Duration FAILED_TIMER_DELAY = Duration.ofMinutes(1);

  private final WagateConfig config;
  private final ConversationMetrics metrics;
  private final ProcessingHook hook;

  private ProcessorContext<String, Output> context;
  private KeyValueStore<String, Conversation> conversations;
  private KeyValueStore<String, RequestRecord> requests;
  private KeyValueStore<String, Long> inboundIds;
  private KeyValueStore<String, MessageLink> messageIds;
  private KeyValueStore<String, String> timers;
  private Rules rules;
  private Sweep<RequestRecord> requestSweep;
  private Sweep<Long> inboundSweep;
  private Sweep<MessageLink> messageSweep;

  public ConversationProcessor(
      WagateConfig config, ConversationMetrics metrics, ProcessingHook hook) {
    this.config = config;
    this.metrics = metrics;
    this.hook = hook;
  }

  @Override
  public void init(ProcessorContext<String, Output> context) {
    this.context = context;
    this.conversations = context.getStateStore(StoreNames.CONVERSATIONS);
    this.requests = context.getStateStore(StoreNames.REQUESTS);
    this.inboundIds = context.getStateStore(StoreNames.INBOUND_IDS);
    this.messageIds = context.getStateStore(StoreNames.MESSAGE_IDS);
    this.timers = context.getStateStore(StoreNames.TIMERS);
    this.rules =
        new Rules(
            config,
            new RoutingPolicy(config),
            ErrorCatalog.builtIn(),
            new NoteWriter(),
            References.of(context),
            metrics);
    this.requestSweep = new Sweep<>(requests, SWEEP_SLICE);
    this.inboundSweep = new Sweep<>(inboundIds, SWEEP_SLICE);
    this.messageSweep = new Sweep<>(messageIds, SWEEP_SLICE);
    context.schedule(
        config.punctuationInterval(),
        PunctuationType.WALL_CLOCK_TIME,
        now -> onWallClock(Instant.ofEpochMilli(now)));
  }

  @Override
  public void process(Record<String, ConversationEvent> record) {
    // A decision is made at the time it is made: a record that waited in a backlog meets the
    // conversation as it is now, not as it was when it was written.
    Instant now = Instant.ofEpochMilli(Math.max(record.timestamp(), context.currentSystemTimeMs()));
    Outbox outbox = outbox();
    Work work = new Work(rules, outbox, now, noteIdPrefix());
    String key = record.key();
    ConversationEvent event = record.value();
    if (event instanceof ConversationEvent.Request request) {
      RequestHandler.handle(work, key, request, Instant.ofEpochMilli(record.timestamp()));
    } else if (event instanceof ConversationEvent.Consent consent) {
      ConsentHandler.handle(work, key, consent.consent());
    } else if (event instanceof ConversationEvent.Inbound inbound) {
      InboundHandler.handle(work, key, inbound.message());
    } else if (event instanceof ConversationEvent.Callback callback) {
      CallbackHandler.handle(work, key, callback.callback());
    } else if (event instanceof ConversationEvent.Commanded commanded) {
      CommandHandler.handle(work, key, commanded.command());
    }
    hook.beforeApply(event);
    outbox.apply(context);
  }

  private void onWallClock(Instant now) {
    for (Timers.Due timer : Timers.due(timers, now, TIMERS_PER_PUNCTUATION)) {
      Outbox outbox = outbox();
      try {
        TimerHandler.fire(new Work(rules, outbox, now, "note-timer-" + timer.key()), timer);
        hook.beforeApply(timer);
        outbox.cancel(timer);
        outbox.apply(context);
      } catch (RuntimeException e) {
        // The timer stays (moved a little later), so its work is done once the cause is fixed.
        LOGGER.error(
            "A {} timer failed and is tried again in {}", timer.kind(), FAILED_TIMER_DELAY, e);
        metrics.timerFailed(timer.kind().name());
        Outbox retry = outbox();
        retry.cancel(timer);
        retry.schedule(timer.kind(), timer.subject(), now.plus(FAILED_TIMER_DELAY));
        retry.apply(context);
      }
    }
    requestSweep.next((id, request) -> request.forgettable(now, config.requestRetention()));
    long inboundHorizon = now.minus(config.inboundDedupRetention()).toEpochMilli();
    inboundSweep.next((id, seenAt) -> seenAt < inboundHorizon);
    Instant linkHorizon = now.minus(config.requestRetention());
    messageSweep.next((id, link) -> link.at().isBefore(linkHorizon));
  }

  private Outbox outbox() {
    return new Outbox(
        conversations, requests, inboundIds, messageIds, timers, config.maxRecordBytes());
  }

  /** A note id prefix that is the same whenever the same input record is handled again. */
  private String noteIdPrefix() {
    RecordMetadata metadata = context.recordMetadata().orElse(null);
    if (metadata == null) {
      return "note-" + context.taskId() + "-" + context.currentSystemTimeMs();
    }
    return "note-" + metadata.topic() + "-" + metadata.partition() + "-" + metadata.offset();
  }
}
