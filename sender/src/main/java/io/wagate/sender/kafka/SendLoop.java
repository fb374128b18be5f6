package io.wagate.sender.kafka;

import io.wagate.schemas.Topics;
import io.wagate.schemas.contact.ConversationKey;
import io.wagate.schemas.events.Kind;
import io.wagate.schemas.events.OutboundMessage;
import io.wagate.schemas.events.StatusCallback;
import io.wagate.sender.config.SenderConfig;
import io.wagate.sender.provider.SendResult;
import io.wagate.sender.provider.UnsendableException;
import io.wagate.sender.send.Outcomes;
import io.wagate.sender.send.SendPipeline;
import io.wagate.sender.send.SenderMetrics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.apache.kafka.common.errors.WakeupException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sender's one Kafka thread: reads {@code wa.send.template} and {@code wa.send.freeform}
 * ({@code read_committed}), hands each message to the {@link SendPipeline}, and writes each outcome
 * to {@code wa.status.callbacks} in a transaction that also commits the consumed offsets ({@code
 * sendOffsetsToTransaction}). A message is "recorded as sent" exactly when that transaction
 * commits; after a restart or rebalance the group resumes from there and skips what the commit's
 * metadata lists as done ({@link PartitionLedger}).
 *
 * <p>Each conversation's messages go one at a time, in offset order (a queue per conversation key),
 * so a conversation's order holds while other conversations, and other numbers, go on. A partition
 * is paused when it holds {@code maxBuffered} records beyond its committed offset.
 *
 * <p>On revocation and on {@link #stop()} every send that is at the provider is awaited and
 * recorded, and every send still waiting (for pacing or a retry) is called off and left to the next
 * owner: normal operation sends nothing twice. What remains is a crash between a provider's answer
 * and the commit (at most one commit interval of answers, plus the exchanges under way).
 */
public final class SendLoop implements Runnable {

  private static final Logger LOGGER = LoggerFactory.getLogger(SendLoop.class);

  /** How long a poll waits while sends are under way, so that their answers are written soon. */
  private static final Duration BUSY_POLL = Duration.ofMillis(5);

  private static final Duration IDLE_POLL = Duration.ofMillis(200);

  /** The loop's state, for health and readiness. */
  public enum State {
    STARTING,
    RUNNING,
    STOPPING,
    STOPPED,
    FAILED
  }

  /** An answer (or a called-off send) on its way back to the loop's thread. */
  private record Completion(Pending pending, @Nullable SendResult result, Instant at) {}

  private final SenderConfig config;
  private final Consumer<byte[], byte[]> consumer;
  private final Producer<byte[], byte[]> producer;
  private final SendPipeline pipeline;
  private final SenderMetrics metrics;
  private final Clock clock;

  private final Map<TopicPartition, PartitionLedger> ledgers = new HashMap<>();
  private final ConversationQueues conversations = new ConversationQueues();
  private final Set<Pending> sending = new HashSet<>();
  private final Set<TopicPartition> paused = new HashSet<>();
  private final ConcurrentLinkedQueue<Completion> completions = new ConcurrentLinkedQueue<>();
  private final AtomicInteger buffered = new AtomicInteger();
  private final CountDownLatch finished = new CountDownLatch(1);

  private boolean transactionOpen;
  private long transactionStarted;
  private int transactionRecords;
  private boolean offsetsMoved;
  private volatile State state = State.STARTING;
  private volatile boolean stopRequested;
  private volatile @Nullable Throwable failure;

  /**
   * @param config the configuration
   * @param consumer a consumer of the sender's group, {@code read_committed}, without auto-commit
   * @param producer a transactional producer
   * @param pipeline sends one message
   * @param metrics where outcomes are counted
   * @param clock the time outcomes are stamped with
   */
  public SendLoop(
      SenderConfig config,
      Consumer<byte[], byte[]> consumer,
      Producer<byte[], byte[]> producer,
      SendPipeline pipeline,
      SenderMetrics metrics,
      Clock clock) {
    this.config = config;
    this.consumer = consumer;
    this.producer = producer;
    this.pipeline = pipeline;
    this.metrics = metrics;
    this.clock = clock;
  }

  @Override
  public void run() {
    try {
      producer.initTransactions();
      consumer.subscribe(
          List.of(Topics.SEND_TEMPLATE.name(), Topics.SEND_FREEFORM.name()), new Rebalance());
      state = State.RUNNING;
      LOGGER.info("Sender loop running (group {})", config.groupId());
      while (!stopRequested) {
        ConsumerRecords<byte[], byte[]> records = poll();
        for (ConsumerRecord<byte[], byte[]> record : records) {
          accept(record);
        }
        notePositions(records.partitions());
        drainCompletions();
        commitIfDue(false);
        applyBackpressure();
      }
      state = State.STOPPING;
      finishAll(config.shutdownTimeout());
      commitIfDue(true);
      state = State.STOPPED;
      LOGGER.info("Sender loop stopped; every answer received is committed");
    } catch (ProducerFencedException
        | OutOfOrderSequenceException
        | AuthorizationException
        | UnsupportedVersionException e) {
      fail(e);
    } catch (WakeupException e) {
      if (!stopRequested) {
        fail(e);
      } else {
        state = State.STOPPED;
      }
    } catch (RuntimeException e) {
      fail(e);
    } finally {
      closeQuietly();
      finished.countDown();
    }
  }

  private void fail(Throwable e) {
    failure = e;
    state = State.FAILED;
    LOGGER.error(
        "Sender loop failed; it stops, and the next start resumes from the last commit", e);
  }

  private ConsumerRecords<byte[], byte[]> poll() {
    Duration timeout = sending.isEmpty() && !transactionOpen ? IDLE_POLL : BUSY_POLL;
    return consumer.poll(timeout);
  }

  // ------------------------------------------------------------------ reading

  private void accept(ConsumerRecord<byte[], byte[]> record) {
    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
    PartitionLedger ledger = ledgers.get(partition);
    if (ledger == null || !ledger.fetched(record.offset())) {
      return;
    }
    OutboundMessage message;
    SendPipeline.Prepared prepared;
    try {
      message =
          Topics.SEND_TEMPLATE
              .valueSerde()
              .deserializer()
              .deserialize(record.topic(), record.value());
      String invalid = invalid(message);
      if (invalid != null) {
        throw new IllegalArgumentException(invalid);
      }
      prepared = pipeline.prepare(message);
    } catch (SerializationException | IllegalArgumentException | UnsendableException e) {
      deadLetter(record, e);
      ledger.done(record.offset());
      offsetsMoved = true;
      return;
    }
    String key = new ConversationKey(message.businessNumber(), message.to()).toString();
    Pending pending = new Pending(partition, record.offset(), key, message, prepared);
    buffered.incrementAndGet();
    if (conversations.add(pending)) {
      dispatch(pending);
    }
  }

  /** What is wrong with a decoded message, or null; never quotes the payload. */
  private static @Nullable String invalid(@Nullable OutboundMessage message) {
    if (message == null) {
      return "a tombstone is not a message";
    }
    if (message.requestId() == null || message.businessNumber() == null || message.to() == null) {
      return "requestId, businessNumber and to are required";
    }
    if (message.kind() == null || message.kind() == Kind.UNKNOWN) {
      return "kind must be TEMPLATE or TEXT";
    }
    return null;
  }

  private void dispatch(Pending pending) {
    sending.add(pending);
    CompletableFuture<SendResult> future =
        pipeline.send(
            pending.prepared,
            pending.message.businessNumber(),
            pending.conversationKey,
            pending.ticket);
    pending.sending = future;
    future.whenComplete(
        (result, error) ->
            completions.add(new Completion(pending, outcome(result, error), clock.instant())));
  }

  /**
   * The result to record: null for a send that was called off; an unexpected failure becomes
   * unconfirmed, since it may have come after the request left, and the conversation goes on.
   */
  private static @Nullable SendResult outcome(
      @Nullable SendResult result, @Nullable Throwable error) {
    if (error == null) {
      return result;
    }
    Throwable cause = error;
    while (cause instanceof CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause instanceof CancellationException) {
      return null;
    }
    LOGGER.error("A send failed unexpectedly; it is recorded as unconfirmed", cause);
    return new SendResult.Unconfirmed("internal error " + cause.getClass().getSimpleName());
  }

  private void notePositions(Set<TopicPartition> partitions) {
    for (TopicPartition partition : partitions) {
      PartitionLedger ledger = ledgers.get(partition);
      if (ledger != null) {
        ledger.positionedAt(consumer.position(partition));
      }
    }
  }

  // ------------------------------------------------------------------ answers

  private void drainCompletions() {
    Completion completion;
    while ((completion = completions.poll()) != null) {
      complete(completion);
    }
  }

  private void complete(Completion completion) {
    Pending pending = completion.pending();
    sending.remove(pending);
    if (pending.dropped) {
      return;
    }
    SendResult result = completion.result();
    if (result == null) {
      // Called off (shutdown, revocation): nothing was recorded, the next owner sends it.
      drop(pending);
      return;
    }
    StatusCallback callback =
        Outcomes.callback(pending.message, pending.prepared.provider(), result, completion.at());
    write(OutputRecords.callback(pending.conversationKey, callback));
    String outcome = Outcomes.label(result);
    metrics.sent(pending.prepared.provider(), outcome);
    if (callback.errorCode() != null) {
      metrics.providerError(pending.prepared.provider(), callback.errorCode());
    }
    LOGGER.debug(
        "Request {} attempt {}: {}",
        pending.message.requestId(),
        pending.message.attempt(),
        outcome);
    PartitionLedger ledger = ledgers.get(pending.partition);
    if (ledger != null) {
      ledger.done(pending.offset);
      offsetsMoved = true;
    }
    buffered.decrementAndGet();
    Pending next = conversations.next(pending);
    if (next != null) {
      dispatch(next);
    }
  }

  // ------------------------------------------------------------------ writing and committing

  private void write(ProducerRecord<byte[], byte[]> record) {
    if (!transactionOpen) {
      producer.beginTransaction();
      transactionOpen = true;
      transactionStarted = System.nanoTime();
      transactionRecords = 0;
    }
    producer.send(record);
    transactionRecords++;
  }

  private void deadLetter(ConsumerRecord<byte[], byte[]> record, Exception error) {
    write(OutputRecords.deadLetter(record, error));
    metrics.deadLetter();
    LOGGER.warn(
        "Record {}-{}@{} cannot be sent ({}); it went to {}",
        record.topic(),
        record.partition(),
        record.offset(),
        error.getMessage(),
        Topics.DLQ.name());
  }

  /**
   * Commits the open transaction with every owned partition's offsets when the commit interval has
   * passed ({@code force}: now). Offsets that moved without an outcome (skipped or dead-lettered
   * records only) get a transaction of their own.
   */
  private void commitIfDue(boolean force) {
    if (!transactionOpen && !offsetsMoved) {
      return;
    }
    if (transactionOpen
        && !force
        && System.nanoTime() - transactionStarted < config.commitInterval().toNanos()) {
      return;
    }
    if (ledgers.isEmpty() && !transactionOpen) {
      offsetsMoved = false;
      return;
    }
    if (!transactionOpen) {
      producer.beginTransaction();
      transactionOpen = true;
      transactionRecords = 0;
    }
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    ledgers.forEach((partition, ledger) -> offsets.put(partition, ledger.commit()));
    long committing = System.nanoTime();
    try {
      if (!offsets.isEmpty()) {
        producer.sendOffsetsToTransaction(offsets, consumer.groupMetadata());
      }
      producer.commitTransaction();
      metrics.commitLatency(System.nanoTime() - committing);
      metrics.transaction(true);
      metrics.batchSize().record(transactionRecords);
    } catch (ProducerFencedException
        | OutOfOrderSequenceException
        | AuthorizationException
        | UnsupportedVersionException e) {
      throw e;
    } catch (KafkaException e) {
      LOGGER.warn(
          "Commit of {} outcomes failed ({}); aborting and resuming from the last commit",
          transactionRecords,
          e.toString());
      producer.abortTransaction();
      metrics.transaction(false);
      transactionOpen = false;
      rewind();
      return;
    }
    transactionOpen = false;
    offsetsMoved = false;
  }

  /**
   * After an aborted transaction: forget everything since the last commit and read again from it.
   * Answers that were in the aborted transaction are sent again: the one case besides a crash.
   */
  private void rewind() {
    Set<TopicPartition> owned = new HashSet<>(ledgers.keySet());
    release(owned, config.httpTimeout().plusSeconds(5), false);
    Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(owned);
    for (TopicPartition partition : owned) {
      OffsetAndMetadata commit = committed.get(partition);
      if (commit != null) {
        consumer.seek(partition, commit.offset());
      }
      ledgers.put(partition, PartitionLedger.restore(commit, consumer.position(partition)));
    }
    offsetsMoved = false;
  }

  private void applyBackpressure() {
    List<TopicPartition> pause = new ArrayList<>();
    List<TopicPartition> resume = new ArrayList<>();
    ledgers.forEach(
        (partition, ledger) -> {
          long span = ledger.span();
          if (span >= config.maxBuffered() && paused.add(partition)) {
            pause.add(partition);
          } else if (span < config.maxBuffered() / 2 && paused.remove(partition)) {
            resume.add(partition);
          }
        });
    if (!pause.isEmpty()) {
      consumer.pause(pause);
    }
    if (!resume.isEmpty()) {
      consumer.resume(resume);
    }
  }

  // ------------------------------------------------------------------ giving partitions up

  /**
   * Lets go of {@code partitions}: sends still waiting are called off, sends at the provider are
   * awaited (up to {@code wait}) and, when {@code record}, their outcomes written; then the
   * partitions' queued messages are dropped.
   */
  private void release(Collection<TopicPartition> partitions, Duration wait, boolean record) {
    Set<TopicPartition> gone = new HashSet<>(partitions);
    for (Pending pending : List.copyOf(sending)) {
      if (gone.contains(pending.partition) && pending.ticket.cancelIfWaiting()) {
        drop(pending);
        sending.remove(pending);
        if (pending.sending != null) {
          pending.sending.cancel(false);
        }
      }
    }
    long deadline = System.nanoTime() + wait.toNanos();
    while (sending.stream().anyMatch(p -> gone.contains(p.partition))
        && System.nanoTime() < deadline) {
      Completion completion = awaitCompletion(deadline);
      if (completion == null) {
        break;
      }
      if (!record && gone.contains(completion.pending().partition)) {
        sending.remove(completion.pending());
        drop(completion.pending());
      } else {
        complete(completion);
      }
    }
    if (record) {
      drainCompletions();
    }
    // Sends still at the provider after the wait: their answers are not this instance's to write.
    for (Pending pending : List.copyOf(sending)) {
      if (gone.contains(pending.partition)) {
        sending.remove(pending);
        drop(pending);
      }
    }
    conversations.removeAll(gone, this::drop);
  }

  private @Nullable Completion awaitCompletion(long deadline) {
    Completion completion = completions.poll();
    while (completion == null && System.nanoTime() < deadline) {
      // The answers come on the HTTP client's threads; this thread has nothing else to do.
      java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
      completion = completions.poll();
    }
    return completion;
  }

  private void drop(Pending pending) {
    if (!pending.dropped) {
      pending.dropped = true;
      buffered.decrementAndGet();
    }
  }

  private void finishAll(Duration wait) {
    release(new HashSet<>(ledgers.keySet()), wait, true);
  }

  private final class Rebalance implements ConsumerRebalanceListener {
    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      if (partitions.isEmpty()) {
        return;
      }
      Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(Set.copyOf(partitions));
      for (TopicPartition partition : partitions) {
        ledgers.put(
            partition,
            PartitionLedger.restore(committed.get(partition), consumer.position(partition)));
      }
      LOGGER.info("Assigned {}", partitions);
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      if (partitions.isEmpty()) {
        return;
      }
      // Answers of sends under way are recorded in the commit that hands the partitions over.
      release(partitions, config.httpTimeout().plusSeconds(5), true);
      commitIfDue(true);
      partitions.forEach(ledgers::remove);
      paused.removeAll(partitions);
      LOGGER.info("Revoked {}", partitions);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
      // Another instance owns them already: nothing of them can be committed here.
      release(partitions, Duration.ZERO, false);
      partitions.forEach(ledgers::remove);
      paused.removeAll(partitions);
      LOGGER.warn("Lost {}; their unrecorded sends are the next owner's", partitions);
    }
  }

  // ------------------------------------------------------------------ lifecycle

  /** Asks the loop to finish: sends at the provider are awaited and committed, then it stops. */
  public void stop() {
    stopRequested = true;
  }

  /** Waits until the loop has ended. */
  public boolean awaitStopped(Duration timeout) throws InterruptedException {
    return finished.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** The loop's state. */
  public State state() {
    return state;
  }

  /** Why the loop failed, or null. */
  public @Nullable Throwable failure() {
    return failure;
  }

  /** Messages read and not yet finished. */
  public int buffered() {
    return buffered.get();
  }

  private void closeQuietly() {
    try {
      if (transactionOpen && state == State.FAILED) {
        producer.abortTransaction();
      }
    } catch (KafkaException e) {
      LOGGER.debug("Abort on close failed", e);
    }
    try {
      consumer.close(Duration.ofSeconds(5));
    } catch (KafkaException e) {
      LOGGER.warn("Consumer did not close cleanly: {}", e.toString());
    }
    try {
      producer.close(Duration.ofSeconds(5));
    } catch (KafkaException e) {
      LOGGER.warn("Producer did not close cleanly: {}", e.toString());
    }
  }
}
