package io.wagate.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.processor.StateRestoreListener;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A Kafka Streams application on a topology, started and awaited until RUNNING. */
final class StreamsSubject implements Subject {

  private static final Logger LOGGER = LoggerFactory.getLogger(StreamsSubject.class);
  private static final Duration START_TIMEOUT = Duration.ofSeconds(180);

  /** A long restore logs its progress this often, so a watcher sees it move. */
  private static final long PROGRESS_NANOS = TimeUnit.SECONDS.toNanos(5);

  private final Supplier<Topology> topology;
  private final Properties properties;
  private final AtomicReference<@Nullable Throwable> error = new AtomicReference<>();
  private @Nullable KafkaStreams streams;
  private final AtomicLong restorations = new AtomicLong();
  private final AtomicLong restoring = new AtomicLong();
  private final AtomicLong restoredRecords = new AtomicLong();
  private final AtomicLong lastRestoreEnd = new AtomicLong();

  StreamsSubject(Supplier<Topology> topology, Properties properties) {
    this.topology = topology;
    this.properties = properties;
  }

  @Override
  public void start() throws InterruptedException {
    KafkaStreams app = new KafkaStreams(topology.get(), properties);
    CountDownLatch running = new CountDownLatch(1);
    app.setStateListener(
        (newState, oldState) -> {
          if (newState == KafkaStreams.State.RUNNING) {
            running.countDown();
          }
        });
    app.setUncaughtExceptionHandler(
        exception -> {
          error.set(exception);
          return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
    app.setGlobalStateRestoreListener(
        new StateRestoreListener() {
          @Override
          public void onRestoreStart(
              TopicPartition partition, String store, long startOffset, long endOffset) {
            restorations.incrementAndGet();
            restoring.incrementAndGet();
          }

          @Override
          public void onBatchRestored(
              TopicPartition partition, String store, long batchEndOffset, long numRestored) {
            restoredRecords.addAndGet(numRestored);
          }

          @Override
          public void onRestoreEnd(TopicPartition partition, String store, long totalRestored) {
            lastRestoreEnd.set(System.nanoTime());
            restoring.decrementAndGet();
          }
        });
    streams = app;
    app.start();
    if (!running.await(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
      throw new IllegalStateException(
          "Kafka Streams not RUNNING within " + START_TIMEOUT, error.get());
    }
    checkHealthy();
  }

  @Override
  public void checkHealthy() {
    Throwable failure = error.get();
    if (failure != null) {
      throw new IllegalStateException("the Streams application failed", failure);
    }
  }

  /**
   * Waits until every restoration that began has ended and none began for a while: with the state
   * updater, Kafka Streams reports RUNNING before its tasks' state is restored.
   *
   * @param startNanos when the application was started
   * @return seconds from the start to the end of the last restoration
   */
  double awaitRestored(long startNanos, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    long quietSince = System.nanoTime();
    long lastLog = System.nanoTime();
    long seen = -1;
    while (System.nanoTime() < deadline) {
      checkHealthy();
      if (System.nanoTime() - lastLog > PROGRESS_NANOS) {
        lastLog = System.nanoTime();
        LOGGER.info(
            "restoring: {} changelog records restored, {} s",
            restoredRecords.get(),
            Row.fmt((lastLog - startNanos) / 1e9));
      }
      long began = restorations.get();
      if (began != seen) {
        seen = began;
        quietSince = System.nanoTime();
      }
      boolean quiet = System.nanoTime() - quietSince > TimeUnit.SECONDS.toNanos(2);
      if (began > 0 && restoring.get() == 0 && quiet) {
        return (lastRestoreEnd.get() - startNanos) / 1e9;
      }
      Thread.sleep(20);
    }
    throw new IllegalStateException(
        "state not restored within " + timeout + " (" + restorations + " restorations began)");
  }

  /** Records restored from changelogs since this subject was made. */
  long restoredRecords() {
    return restoredRecords.get();
  }

  /** Deletes the local state, so the next start restores it from the changelogs. */
  void deleteLocalState() {
    Path dir =
        Path.of(
            properties.getProperty(StreamsConfig.STATE_DIR_CONFIG),
            properties.getProperty(StreamsConfig.APPLICATION_ID_CONFIG));
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    KafkaStreams app = streams;
    if (app != null) {
      app.close(
          CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
              .withTimeout(Duration.ofSeconds(60)));
      streams = null;
    }
  }
}
