package io.wagate.dlq;

import io.wagate.dlq.ReplayPolicy.AlreadyReplayed;
import io.wagate.dlq.ReplayPolicy.Decision;
import io.wagate.dlq.ReplayPolicy.NotReplayable;
import io.wagate.dlq.ReplayPolicy.Publish;
import io.wagate.schemas.DeadLetterHeaders;
import io.wagate.schemas.config.Environment;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code dlq replay}: publishes the selected dead letters again, each once.
 *
 * <p>It first fences any other replay ({@link ReplayPublisher#start()}), then reads {@code wa.dlq}
 * to its end, decides each selected dead letter ({@link ReplayPolicy}) and publishes the replayable
 * ones in transactions of {@value #BATCH} with their markers. {@code --dry-run} only reads and
 * decides: it fences nothing and writes nothing.
 */
@Command(
    name = "replay",
    mixinStandardHelpOptions = true,
    description = {
      "Publishes the selected dead letters again: those of the streams app to the input topic they"
          + " were read from (with their original key, timestamp and headers), webhook bodies"
          + " through the ingress's current mapping (wagate-ingress.jar only).",
      "Each dead letter is replayed once: a marker written to wa.dlq in the same transaction"
          + " keeps every later replay, from any host, from publishing it again.",
      "Selects every dead letter unless --source, --error, --from, --to or --offsets narrow it."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:every selected dead letter is replayed (now or before), or none was selected",
      "1:Kafka could not be reached or refused, configuration is missing, or another replay took"
          + " over",
      "2:invalid options",
      "3:some selected dead letters cannot be replayed (listed as 'not replayable'); the others"
          + " were"
    })
final class ReplayCommand implements Callable<Integer> {

  /** Dead letters per transaction: small enough to commit quickly, large enough to be cheap. */
  static final int BATCH = 100;

  private final String jar;
  private final Environment environment;
  private final Supplier<WebhookReplay> webhooks;

  @Spec private CommandSpec spec;

  @Mixin private SelectionOptions options;

  @Option(
      names = "--dry-run",
      description = "Show what would be replayed, and where to, without publishing anything.")
  private boolean dryRun;

  ReplayCommand(String jar, Environment environment, Supplier<WebhookReplay> webhooks) {
    this.jar = jar;
    this.environment = environment;
    this.webhooks = webhooks;
  }

  @Override
  public Integer call() {
    Selection selection = options.selection(spec);
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    return Failures.report(err, () -> replay(selection, out, err));
  }

  private int replay(Selection selection, PrintWriter out, PrintWriter err) {
    ReplayPolicy policy = new ReplayPolicy(webhooks.get());
    Listing listing = new Listing(out, options.showPayloads);
    try (ReplayPublisher publisher =
        dryRun
            ? null
            : ReplayPublisher.create(KafkaClients.producer(environment), options.timeout)) {
      if (publisher != null) {
        publisher.start();
      }
      Set<Position> replayed = new HashSet<>();
      List<DeadLetter> selected = new ArrayList<>();
      try (DeadLetterScanner scanner =
          new DeadLetterScanner(KafkaClients.consumer(environment), options.timeout)) {
        scanner.scan(
            letter -> {
              Origin origin = Origin.of(letter);
              if (origin instanceof Origin.Marker marker) {
                replayed.add(marker.replays());
              } else if (selection.matches(letter, origin)) {
                // The stack trace is never replayed nor printed, and is most of what a large
                // replay would hold in memory.
                selected.add(letter.withoutHeader(DeadLetterHeaders.STACKTRACE));
              }
            },
            new ProgressLine(err, System::nanoTime));
      }
      selected.sort((a, b) -> a.position().compareTo(b.position()));
      return apply(policy, selected, replayed, publisher, listing, out);
    }
  }

  private int apply(
      ReplayPolicy policy,
      List<DeadLetter> selected,
      Set<Position> replayed,
      @Nullable ReplayPublisher publisher,
      Listing listing,
      PrintWriter out) {
    Summary summary = new Summary();
    List<ReplayPublisher.Replay> batch = new ArrayList<>();
    List<String> batchLines = new ArrayList<>();
    Clock clock = Clock.systemUTC();
    for (DeadLetter letter : selected) {
      Origin origin = Origin.of(letter);
      Decision decision = policy.decide(letter, replayed);
      String what = letter.position() + " " + origin.source() + "  " + origin.error();
      if (decision instanceof AlreadyReplayed) {
        summary.already++;
        out.printf("already replayed  %s%n", what);
      } else if (decision instanceof NotReplayable notReplayable) {
        summary.notReplayable++;
        out.printf("not replayable    %s: %s%n", what, notReplayable.reason());
      } else {
        Publish publish = (Publish) decision;
        String line =
            String.format(
                "%s %s -> %s (%d record%s)",
                dryRun ? "would replay     " : "replayed         ",
                what,
                String.join(", ", publish.topics()),
                publish.records().size(),
                publish.records().size() == 1 ? "" : "s");
        summary.add(publish);
        if (publisher == null) {
          out.println(line);
          for (ProducerRecord<byte[], byte[]> record : publish.records()) {
            listing.payloads(record.key(), record.value(), "    ");
          }
        } else {
          batch.add(
              new ReplayPublisher.Replay(
                  publish.records(),
                  new ReplayMarker(
                      letter.position(),
                      clock.instant(),
                      publish.topics(),
                      publish.records().size(),
                      jar)));
          batchLines.add(line);
          if (batch.size() == BATCH) {
            flush(publisher, batch, batchLines, out, summary);
          }
        }
      }
    }
    if (publisher != null) {
      flush(publisher, batch, batchLines, out, summary);
    }
    out.println(summary.line(dryRun));
    out.flush();
    return summary.notReplayable > 0 ? DlqCommand.EXIT_NOT_REPLAYABLE : DlqCommand.EXIT_OK;
  }

  private static void flush(
      ReplayPublisher publisher,
      List<ReplayPublisher.Replay> batch,
      List<String> lines,
      PrintWriter out,
      Summary summary) {
    if (batch.isEmpty()) {
      return;
    }
    publisher.publish(batch);
    summary.committed += batch.size();
    // Printed once committed, so every line that says "replayed" is true.
    lines.forEach(out::println);
    out.flush();
    batch.clear();
    lines.clear();
  }

  /** The counts of one run. */
  private static final class Summary {
    private long letters;
    private long committed;
    private long already;
    private long notReplayable;
    private final Map<String, Long> records = new TreeMap<>();

    void add(Publish publish) {
      letters++;
      for (ProducerRecord<byte[], byte[]> record : publish.records()) {
        records.merge(record.topic(), 1L, Long::sum);
      }
    }

    String line(boolean dryRun) {
      long total = records.values().stream().mapToLong(Long::longValue).sum();
      StringBuilder perTopic = new StringBuilder();
      records.forEach(
          (topic, count) ->
              perTopic
                  .append(perTopic.length() == 0 ? "" : ", ")
                  .append(topic)
                  .append(' ')
                  .append(count));
      return String.format(
          "%s %d dead letters as %d records%s; %d already replayed; %d not replayable",
          dryRun ? "dry run: would replay" : "replayed",
          dryRun ? letters : committed,
          total,
          perTopic.length() == 0 ? "" : " (" + perTopic + ")",
          already,
          notReplayable);
    }
  }
}
