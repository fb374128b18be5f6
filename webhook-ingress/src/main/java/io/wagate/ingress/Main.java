package io.wagate.ingress;

import io.wagate.dlq.DlqCommand;
import io.wagate.ingress.config.IngressConfig;
import io.wagate.ingress.replay.IngressWebhookReplay;
import io.wagate.schemas.config.Environment;
import io.wagate.schemas.config.Environment.ConfigurationException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;

/**
 * The command line of {@code wagate-ingress.jar}: without a command it runs the ingress, configured
 * by the environment only (secrets never come from the command line); {@code dlq list} and {@code
 * dlq replay} work on the dead letters, replaying webhook bodies through this ingress's mapping.
 */
@Command(
    name = "wagate-ingress",
    mixinStandardHelpOptions = true,
    versionProvider = Main.ManifestVersion.class,
    description = {
      "Runs the wagate webhook ingress until it is stopped.",
      "Configuration comes from the environment: KAFKA_BOOTSTRAP_SERVERS, any other"
          + " KAFKA_FOO_BAR as the producer property foo.bar, and WAGATE_* settings."
    },
    commandListHeading = "%nCommands:%n")
public final class Main implements Callable<Integer> {

  private static final Logger LOGGER = LoggerFactory.getLogger(Main.class);

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
   * @param environment the variables that configure the ingress and the Kafka clients
   * @param out where results and help go
   * @param err where errors and progress go
   * @param args the command-line arguments
   * @return the exit code
   */
  public static int execute(
      Environment environment, PrintWriter out, PrintWriter err, String... args) {
    return new CommandLine(new Main(environment))
        .addSubcommand(
            "dlq",
            DlqCommand.commandLine(
                "wagate-ingress.jar",
                environment,
                // The mapping of this ingress as configured now, read only when a replay needs it.
                () ->
                    new IngressWebhookReplay(IngressConfig.from(environment).metaIgnoredFields())))
        .setOut(out)
        .setErr(err)
        .execute(args);
  }

  /**
   * Starts the ingress and runs until the JVM is asked to stop, then drains gracefully.
   *
   * @return 2 for invalid configuration, 1 when it could not start, 0 once stopped
   */
  @Override
  public Integer call() {
    IngressConfig config;
    try {
      config = IngressConfig.from(environment);
    } catch (ConfigurationException e) {
      LOGGER.error("Invalid configuration: {}", e.getMessage());
      return 2;
    }
    IngressService service;
    try {
      service = IngressService.start(config);
    } catch (Exception e) {
      LOGGER.error("wagate ingress failed to start", e);
      return 1;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  service.close();
                  stopped.countDown();
                },
                "wagate-ingress-shutdown"));
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }

  /** The version from the jar's manifest, or a marker when running from classes. */
  static final class ManifestVersion implements IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = Main.class.getPackage().getImplementationVersion();
      return new String[] {"wagate-ingress " + (version == null ? "(development build)" : version)};
    }
  }
}
