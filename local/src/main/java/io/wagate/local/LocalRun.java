package io.wagate.local;

import io.wagate.local.demo.Demo;
import io.wagate.local.demo.DemoContact;
import io.wagate.local.demo.MetaWebhook;
import io.wagate.local.demo.WebhookSigning;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code java -jar wagate-local.jar}: wagate on this machine with nothing installed but a JDK. It
 * starts a {@link LocalStack}, prints where everything is and the secrets of the run, plays the
 * {@link Demo} and keeps running until Ctrl-C, which stops the ingress, the streams app and Kafka
 * in that order.
 *
 * <p>This class has no logger on purpose: the log file's location is set from {@code --data-dir}
 * before any class that logs is loaded.
 */
@Command(
    name = "wagate-local",
    mixinStandardHelpOptions = true,
    versionProvider = LocalRun.ManifestVersion.class,
    description = {
      "Runs wagate locally: an embedded Kafka broker (KRaft, data kept in the data",
      "directory), the topics, the streams app and the webhook ingress with generated",
      "demo secrets, then a scripted demo. Runs until Ctrl-C.",
      "",
      "Exit codes: 0 stopped cleanly (with --demo-and-exit: every demo step went as",
      "expected); 1 a part did not start or a demo step failed; 2 invalid options.",
      ""
    })
public final class LocalRun implements Callable<Integer> {

  /** The system property logback's configuration reads the log file's path from. */
  static final String LOG_FILE_PROPERTY = "wagate.local.logFile";

  private final PrintStream out;

  @Spec private @Nullable CommandSpec spec;

  @Option(
      names = "--demo",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description = "Play the scripted demo after the start (default: ${DEFAULT-VALUE}).")
  boolean demo = true;

  @Option(
      names = "--demo-and-exit",
      description = "Play the demo, then stop; exit 0 only if every step saw what it expected.")
  boolean demoAndExit;

  @Option(
      names = "--kafka-port",
      defaultValue = "9092",
      description =
          "Kafka's port on 127.0.0.1; a free one when taken, 0 for any (default: ${DEFAULT-VALUE}).")
  int kafkaPort = 9092;

  @Option(
      names = "--http-port",
      defaultValue = "8081",
      description =
          "The streams app's HTTP port (health, metrics, query API); a free one when taken, 0 for"
              + " any (default: ${DEFAULT-VALUE}).")
  int httpPort = 8081;

  @Option(
      names = "--ingress-port",
      defaultValue = "8080",
      description =
          "The ingress's port (webhooks, health, metrics); a free one when taken, 0 for any"
              + " (default: ${DEFAULT-VALUE}).")
  int ingressPort = 8080;

  @Option(
      names = "--sender-port",
      defaultValue = "8082",
      description =
          "The sender's port (health, metrics); a free one when taken, 0 for any"
              + " (default: ${DEFAULT-VALUE}).")
  int senderPort = 8082;

  @Option(
      names = "--data-dir",
      defaultValue = ".local",
      description =
          "Where Kafka's data, the streams state and the log are kept between runs"
              + " (default: ${DEFAULT-VALUE} under the current directory).")
  Path dataDir = Path.of(".local");

  LocalRun(PrintStream out) {
    this.out = out;
  }

  /**
   * Runs the local stack and exits with its exit code.
   *
   * @param args the command-line arguments
   */
  public static void main(String[] args) {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    System.exit(commandLine(new LocalRun(out)).execute(args));
  }

  /** The command line for {@code command}, printing help and errors as {@link #main} does. */
  static CommandLine commandLine(LocalRun command) {
    return new CommandLine(command)
        .setOut(new PrintWriter(command.out, true, StandardCharsets.UTF_8))
        .setErr(new PrintWriter(System.err, true, StandardCharsets.UTF_8));
  }

  /** The settings the options describe; fails as a usage error when they contradict. */
  LocalStack.Settings settings() {
    for (int port : new int[] {kafkaPort, httpPort, ingressPort, senderPort}) {
      if (port < 0 || port > 65_535) {
        throw usage("ports are between 0 and 65535, got " + port);
      }
    }
    if (demoAndExit && !demo) {
      throw usage("--demo-and-exit plays the demo; it cannot be combined with --no-demo");
    }
    return new LocalStack.Settings(
        dataDir.toAbsolutePath().normalize(), kafkaPort, httpPort, ingressPort, senderPort);
  }

  private ParameterException usage(String message) {
    if (spec == null) {
      throw new IllegalStateException(message);
    }
    return new ParameterException(spec.commandLine(), message);
  }

  @Override
  public Integer call() throws InterruptedException {
    LocalStack.Settings settings = settings();
    System.setProperty(LOG_FILE_PROPERTY, settings.dataDir().resolve("wagate.log").toString());
    DemoSecrets secrets = DemoSecrets.generate(new SecureRandom());
    LocalStack stack = new LocalStack(settings, secrets, out);
    AtomicReference<@Nullable Demo> playing = new AtomicReference<>();
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              out.println();
              out.println("Stopping wagate ...");
              Demo demoInProgress = playing.get();
              if (demoInProgress != null) {
                demoInProgress.stop();
              }
              stack.close();
              out.println("Everything stopped.");
              stopped.countDown();
            },
            "wagate-local-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);

    out.println("wagate: starting a local run in " + settings.dataDir());
    try {
      stack.start();
    } catch (LocalStack.StartAbortedException e) {
      return 1;
    } catch (RuntimeException e) {
      if (stack.isClosed()) {
        return 1;
      }
      out.println("error: " + e.getMessage());
      out.println("See " + settings.dataDir().resolve("wagate.log") + " for details.");
      stopWithoutHook(hook, stack);
      return 1;
    }

    Demo demoRun;
    try {
      demoRun =
          Demo.prepare(
              new Demo.Setup(
                  stack.bootstrapServers(),
                  stack.streamsLocalUrl(),
                  stack.ingressLocalUrl(),
                  stack.ingressUrl(),
                  secrets,
                  LocalStack.BUSINESS_NUMBER,
                  out,
                  stack.senderLocalUrl(),
                  stack.simulator()));
    } catch (RuntimeException e) {
      if (stack.isClosed()) {
        return 1;
      }
      out.println("error: the streams app's query API did not answer: " + e.getMessage());
      stopWithoutHook(hook, stack);
      return 1;
    }
    printBanner(stack, secrets, demoRun.mainContact(), settings);

    boolean passed = true;
    if (demo) {
      playing.set(demoRun);
      try {
        passed = demoRun.run();
      } finally {
        demoRun.close();
      }
    }
    printTryIt(stack, secrets, demoRun.mainContact());

    if (demoAndExit) {
      out.println();
      stopWithoutHook(hook, stack);
      return passed ? 0 : 1;
    }
    out.println();
    out.println("wagate keeps running. Press Ctrl-C to stop it.");
    stopped.await();
    return 0;
  }

  private void stopWithoutHook(Thread hook, LocalStack stack) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // Already shutting down: the hook stops the stack.
      return;
    }
    stack.close();
  }

  private void printBanner(
      LocalStack stack, DemoSecrets secrets, DemoContact contact, LocalStack.Settings settings) {
    String streams = stack.streamsUrl();
    String ingress = stack.ingressUrl();
    out.println();
    out.println("wagate is running.");
    out.println();
    out.println("Demo secrets of this run (random; printed only here; the ingress checks every");
    out.println("webhook's signature against them):");
    out.println("  WAGATE_META_APP_SECRET    " + secrets.metaAppSecret());
    out.println("  WAGATE_META_VERIFY_TOKEN  " + secrets.metaVerifyToken());
    out.println("  WAGATE_TWILIO_AUTH_TOKEN  " + secrets.twilioAuthToken());
    out.println("  WAGATE_PUBLIC_BASE_URL    " + ingress);
    out.println();
    out.println("Streams app   " + streams);
    out.println("  readiness   " + streams + "/health/ready");
    out.println("  metrics     " + streams + "/metrics");
    out.println(
        "  query API   "
            + streams
            + "/v1/conversations/"
            + LocalStack.BUSINESS_NUMBER
            + "/"
            + contact.number()
            + "   ("
            + contact.fullName()
            + ", the demo contact)");
    out.println("Ingress       " + ingress);
    out.println("  readiness   " + ingress + "/health/ready");
    out.println("  metrics     " + ingress + "/metrics");
    out.println("  Meta        POST " + ingress + "/webhooks/meta   (GET: verification handshake)");
    out.println("  Twilio      POST " + ingress + "/webhooks/twilio/inbound");
    out.println("              POST " + ingress + "/webhooks/twilio/status?requestId=...");
    out.println("Sender        " + stack.senderUrl());
    out.println("  readiness   " + stack.senderUrl() + "/health/ready");
    out.println("  metrics     " + stack.senderUrl() + "/metrics");
    out.println(
        "  provider    "
            + stack.simulator().baseUrl()
            + "   (the simulator: Twilio for "
            + LocalStack.BUSINESS_NUMBER
            + ", Meta's Cloud API too)");
    out.println(
        "Kafka         " + stack.bootstrapServers() + "   (data in " + stack.kafkaDataDir() + ")");
    out.println(
        "Logs          "
            + settings.dataDir().resolve("wagate.log")
            + ", "
            + stack.kafkaDataDir().resolve("broker.log"));
  }

  private void printTryIt(LocalStack stack, DemoSecrets secrets, DemoContact contact) {
    String ingress = stack.ingressUrl();
    byte[] body =
        MetaWebhook.textMessage(
            LocalStack.BUSINESS_NUMBER,
            contact.number(),
            contact.profileName(),
            "wamid.try-" + Instant.now().toEpochMilli(),
            Instant.now().truncatedTo(ChronoUnit.SECONDS),
            "Hi again!");
    out.println();
    out.println(
        "Try it yourself. A signed Meta webhook: " + contact.fullName() + " writes \"Hi again!\",");
    out.println("and the query API above then shows her window open:");
    out.println("  curl -i -X POST " + ingress + "/webhooks/meta \\");
    out.println("    -H 'Content-Type: application/json' \\");
    out.println(
        "    -H 'X-Hub-Signature-256: "
            + WebhookSigning.meta(secrets.metaAppSecret(), body)
            + "' \\");
    out.println("    --data-binary '" + new String(body, StandardCharsets.UTF_8) + "'");
    out.println("Meta's verification handshake:");
    out.println(
        "  curl '"
            + ingress
            + "/webhooks/meta?hub.mode=subscribe&hub.verify_token="
            + secrets.metaVerifyToken()
            + "&hub.challenge=42'");
  }

  /** The version from the jar's manifest, or a marker when running from classes. */
  static final class ManifestVersion implements IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = LocalRun.class.getPackage().getImplementationVersion();
      return new String[] {"wagate-local " + (version == null ? "(development build)" : version)};
    }
  }
}
