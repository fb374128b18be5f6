package io.wagate.dlq;

import io.wagate.schemas.config.Environment;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code dlq}: the dead-letter commands of both jars, {@code list} and {@code replay}. A jar adds
 * them with {@link #commandLine}; the ingress jar passes its webhook mapping, the streams jar
 * {@link WebhookReplay#NONE}.
 */
@Command(
    name = "dlq",
    mixinStandardHelpOptions = true,
    description = {
      "Lists and replays the dead letters on wa.dlq.",
      "Connects with KAFKA_BOOTSTRAP_SERVERS and every other KAFKA_* variable."
    },
    commandListHeading = "%nCommands:%n")
public final class DlqCommand implements Runnable {

  /** Exit code: done. */
  public static final int EXIT_OK = 0;

  /**
   * Exit code: Kafka could not be reached, configuration is missing, or another replay took over.
   */
  public static final int EXIT_FAILED = 1;

  /** Exit code: invalid options (picocli's own). */
  public static final int EXIT_USAGE = 2;

  /** Exit code of {@code replay}: some selected dead letters could not be replayed. */
  public static final int EXIT_NOT_REPLAYABLE = 3;

  @Spec private CommandSpec spec;

  private DlqCommand() {}

  /**
   * The {@code dlq} command with its subcommands, to add to a jar's command line.
   *
   * @param jar the jar's file name, e.g. {@code wagate-ingress.jar}, for markers and messages
   * @param environment the variables that configure the Kafka clients
   * @param webhooks the webhook mapping, built only when a replay needs it
   * @return the command line
   */
  public static CommandLine commandLine(
      String jar, Environment environment, Supplier<WebhookReplay> webhooks) {
    return new CommandLine(new DlqCommand())
        .addSubcommand(new ListCommand(environment))
        .addSubcommand(new ReplayCommand(jar, environment, webhooks));
  }

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "name a command: list or replay");
  }
}
