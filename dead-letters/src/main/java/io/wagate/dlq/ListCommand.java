package io.wagate.dlq;

import io.wagate.schemas.config.Environment;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code dlq list}: what is on {@code wa.dlq}, grouped by source and error. */
@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    description = {
      "Lists the dead letters on wa.dlq, grouped by source topic (or ingress endpoint) and error,"
          + " with counts, how many were replayed, first and last time and one example each.",
      "Keys and values are not printed unless --show-payloads is given."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:listed",
      "1:Kafka could not be reached within --timeout, or KAFKA_BOOTSTRAP_SERVERS is missing",
      "2:invalid options"
    })
final class ListCommand implements Callable<Integer> {

  private final Environment environment;

  @Spec private CommandSpec spec;

  @Mixin private SelectionOptions options;

  ListCommand(Environment environment) {
    this.environment = environment;
  }

  @Override
  public Integer call() {
    Selection selection = options.selection(spec);
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    return Failures.report(
        err,
        () -> {
          DeadLetterGroups groups = new DeadLetterGroups();
          long read;
          try (DeadLetterScanner scanner =
              new DeadLetterScanner(KafkaClients.consumer(environment), options.timeout)) {
            read =
                scanner.scan(
                    letter -> {
                      Origin origin = Origin.of(letter);
                      groups.add(letter, origin, selection.matches(letter, origin));
                    },
                    new ProgressLine(err, System::nanoTime));
          }
          new Listing(out, options.showPayloads).groups(groups, read);
          return DlqCommand.EXIT_OK;
        });
  }
}
