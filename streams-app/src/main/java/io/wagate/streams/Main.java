package io.wagate.streams;

import io.wagate.dlq.DlqCommand;
import io.wagate.dlq.WebhookReplay;
import io.wagate.schemas.config.Environment;
import io.wagate.schemas.config.Environment.ConfigurationException;
import io.wagate.streams.app.StreamsService;
import io.wagate.streams.topics.CreateTopicsCommand;
import io.wagate.streams.topics.TopicCreator.KafkaUnavailableException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.ParseResult;

/**
 * The command line of {@code wagate-streams.jar}: without a subcommand it runs the streams
 * application; {@code create-topics} creates the contract's topics; {@code dlq list} and {@code dlq
 * replay} work on the dead letters.
 */
@Command(
    name = "wagate-streams",
    mixinStandardHelpOptions = true,
    versionProvider = Main.ManifestVersion.class,
    description = {
      "Runs the wagate Kafka Streams application until it is stopped.",
      "Configuration comes from the environment: KAFKA_BOOTSTRAP_SERVERS, any other"
          + " KAFKA_FOO_BAR as the Kafka property foo.bar, and WAGATE_* settings."
    },
    commandListHeading = "%nCommands:%n")
public final class Main implements Callable<Integer> {

  private final Environment environment;

  private Main(Environment environment) {
    this.environment = environment;
  }

  /**
   * Runs the command line and exits with its exit code.
   *
   * @param args the command-line arguments
   */
  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
    PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
    System.exit(execute(Environment.system(), out, err, args));
  }

  /**
   * Runs the command line against {@code environment}, writing to {@code out} and {@code err}.
   *
   * @param environment the variables that configure the application
   * @param out where results and help go
   * @param err where errors and warnings go
   * @param args the command-line arguments
   * @return the exit code: 0 on success, 1 on failure, 2 for invalid options
   */
  public static int execute(
      Environment environment, PrintWriter out, PrintWriter err, String... args) {
    CommandLine commandLine =
        new CommandLine(new Main(environment))
            .addSubcommand(new CreateTopicsCommand(environment))
            // Webhook bodies need the ingress's mapping: this jar lists them and leaves them be.
            .addSubcommand(
                "dlq",
                DlqCommand.commandLine("wagate-streams.jar", environment, () -> WebhookReplay.NONE))
            .setOut(out)
            .setErr(err)
            .setExecutionExceptionHandler(Main::reportFailure);
    return commandLine.execute(args);
  }

  @Override
  public Integer call() {
    return StreamsService.run(environment);
  }

  // Expected failures get one clear line; anything else keeps its stack trace for a bug report.
  private static int reportFailure(
      Exception failure, CommandLine commandLine, ParseResult parseResult) {
    PrintWriter err = commandLine.getErr();
    if (failure instanceof ConfigurationException || failure instanceof KafkaUnavailableException) {
      err.println("error: " + failure.getMessage());
    } else {
      err.println("error: " + failure);
      failure.printStackTrace(err);
    }
    err.flush();
    return 1;
  }

  /** The version from the jar's manifest, or a marker when running from classes. */
  static final class ManifestVersion implements IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = Main.class.getPackage().getImplementationVersion();
      return new String[] {"wagate-streams " + (version == null ? "(development build)" : version)};
    }
  }
}
