package io.wagate.bench;

import io.wagate.schemas.Topic;
import io.wagate.schemas.Topics;
import io.wagate.schemas.config.Environment;
import io.wagate.schemas.events.InboundMessage;
import io.wagate.schemas.events.SendRequest;
import io.wagate.schemas.events.StatusCallback;
import io.wagate.streams.config.WagateConfig;
import io.wagate.streams.processor.ConversationMetrics;
import io.wagate.streams.topology.WagateTopology;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The topology's CPU cost per record, without a broker: one record piped through a {@link
 * TopologyTestDriver} per operation, against the same for the pass-through topology with the same
 * serdes. Outputs are drained every {@value #DRAIN_EVERY} operations in every benchmark alike, so
 * the driver's buffers stay small.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class TopologyCpuBenchmark {

  static final int DRAIN_EVERY = 1024;
  private static final int OPEN_CONVERSATIONS = 1_000;
  private static final int CALLBACK_REQUESTS = 1_000;
  private static final List<String> DELIVERY = List.of("sent", "delivered", "read");
  private static final Instant START = Instant.parse("2026-11-22T09:00:00Z");

  private Path stateDir;
  private TopologyTestDriver wagate;
  private TopologyTestDriver passThrough;
  private TestInputTopic<String, SendRequest> requests;
  private TestInputTopic<String, InboundMessage> inbound;
  private TestInputTopic<String, StatusCallback> callbacks;
  private TestInputTopic<String, SendRequest> passThroughRequests;
  private List<TestOutputTopic<byte[], byte[]>> wagateOutputs;
  private TestOutputTopic<byte[], byte[]> passThroughOutput;
  private long sequence;

  /** Builds both drivers; opens a window for the routed conversations, routes callbacks' ids. */
  @Setup(Level.Trial)
  public void setUp() throws IOException {
    stateDir = Files.createTempDirectory("wagate-jmh");
    WagateConfig config =
        WagateConfig.from(
                Environment.of(
                    Map.of(
                        "KAFKA_BOOTSTRAP_SERVERS",
                        "unused:9092",
                        "KAFKA_STATE_DIR",
                        stateDir.toString())))
            .withPartitions(1);
    Properties props = config.kafka();
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE);
    wagate =
        new TopologyTestDriver(
            WagateTopology.build(config, ConversationMetrics.discarding()), props, START);
    requests = input(wagate, Topics.SEND_REQUESTS);
    inbound = input(wagate, Topics.INBOUND);
    callbacks = input(wagate, Topics.STATUS_CALLBACKS);
    wagateOutputs = new ArrayList<>();
    for (Topic<?, ?> topic :
        List.of(
            Topics.STATUS,
            Topics.NOTES,
            Topics.SESSIONS,
            Topics.SEND_FREEFORM,
            Topics.SEND_TEMPLATE,
            Topics.SEND_SMS_FALLBACK,
            Topics.BUSINESS_NUMBERS,
            Topics.DLQ)) {
      wagateOutputs.add(rawOutput(wagate, topic.name()));
    }

    Properties passProps = new Properties();
    passProps.putAll(props);
    passProps.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.resolve("pass").toString());
    Topology pass = PassThrough.build();
    passThrough = new TopologyTestDriver(pass, passProps, START);
    passThroughRequests = input(passThrough, Topics.SEND_REQUESTS);
    passThroughOutput = rawOutput(passThrough, PassThrough.SINK);

    for (int c = 0; c < OPEN_CONVERSATIONS; c++) {
      inbound.pipeInput(Records.key(c), Records.inbound("wamid.setup-" + c, c, START), START);
    }
    for (int r = 0; r < CALLBACK_REQUESTS; r++) {
      String id = "cb-" + r;
      requests.pipeInput(id, Records.text(id, r % OPEN_CONVERSATIONS, START), START);
    }
    drain();
  }

  /** Closes the drivers and deletes their state. */
  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    wagate.close();
    passThrough.close();
    try (var files = Files.walk(stateDir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (UncheckedIOException e) {
      // A left-over temporary directory does not falsify a figure.
    }
  }

  /** Baseline: a send request through the pass-through topology. */
  @Benchmark
  public void passThroughRequest() {
    long n = next();
    String id = "pt-" + n;
    Instant at = at(n);
    passThroughRequests.pipeInput(id, Records.text(id, (int) (n % OPEN_CONVERSATIONS), at), at);
  }

  /** A text request to a conversation whose window is open: routed as free-form. */
  @Benchmark
  public void sendRouted() {
    long n = next();
    String id = "routed-" + n;
    Instant at = at(n);
    requests.pipeInput(id, Records.text(id, (int) (n % OPEN_CONVERSATIONS), at), at);
  }

  /** A text request to a conversation without a window: rejected, with a note. */
  @Benchmark
  public void sendRejected() {
    long n = next();
    String id = "rejected-" + n;
    Instant at = at(n);
    int conversation = OPEN_CONVERSATIONS + (int) (n % 100_000);
    requests.pipeInput(id, Records.text(id, conversation, at), at);
  }

  /** A user's message: the window opens or stays open, the session is published. */
  @Benchmark
  public void inboundMessage() {
    long n = next();
    Instant at = at(n);
    int conversation = (int) (n % OPEN_CONVERSATIONS);
    inbound.pipeInput(
        Records.key(conversation), Records.inbound("wamid.b-" + n, conversation, at), at);
  }

  /**
   * A provider's status for a routed request; after the first three rounds over the requests the
   * statuses repeat, as providers' retries do.
   */
  @Benchmark
  public void statusCallback() {
    long n = next();
    Instant at = at(n);
    int request = (int) (n % CALLBACK_REQUESTS);
    String status = DELIVERY.get((int) Math.min(2, n / CALLBACK_REQUESTS));
    callbacks.pipeInput(
        Records.key(request % OPEN_CONVERSATIONS),
        Records.callback("cb-" + request, request % OPEN_CONVERSATIONS, status, at),
        at);
  }

  private long next() {
    long n = ++sequence;
    if (n % DRAIN_EVERY == 0) {
      drain();
    }
    return n;
  }

  private static Instant at(long n) {
    return START.plusMillis(1 + n);
  }

  private void drain() {
    for (TestOutputTopic<byte[], byte[]> output : wagateOutputs) {
      output.readRecordsToList();
    }
    passThroughOutput.readRecordsToList();
  }

  private static <V> TestInputTopic<String, V> input(
      TopologyTestDriver driver, Topic<String, V> topic) {
    return driver.createInputTopic(
        topic.name(), topic.keySerde().serializer(), topic.valueSerde().serializer());
  }

  private static TestOutputTopic<byte[], byte[]> rawOutput(TopologyTestDriver driver, String name) {
    return driver.createOutputTopic(
        name, Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer());
  }
}
