package io.wagate.streams.topics;

import io.wagate.schemas.Topics;
import io.wagate.schemas.config.Environment;
import io.wagate.schemas.config.Environment.ConfigurationException;
import io.wagate.streams.topics.TopicCreator.KafkaUnavailableException;
import io.wagate.streams.topics.TopicCreator.TopicOutcome;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.KafkaException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code wagate-streams create-topics}: creates every topic of the contract that is missing. */
@Command(
    name = "create-topics",
    mixinStandardHelpOptions = true,
    description = {
      "Creates every topic of the wagate contract that does not exist yet, with"
          + " cleanup.policy=compact where the contract says so.",
      "Existing topics are left as they are, so running it again changes nothing.",
      "Connects with KAFKA_BOOTSTRAP_SERVERS and every other KAFKA_* variable."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:every topic exists",
      "1:Kafka could not be reached, a topic could not be created, or configuration is missing",
      "2:invalid options"
    })
public final class CreateTopicsCommand implements Callable<Integer> {

  /** The variable that names the brokers. */
  public static final String BOOTSTRAP_SERVERS_VARIABLE = "KAFKA_BOOTSTRAP_SERVERS";

  private final Environment environment;

  @Spec private CommandSpec spec;

  @Option(
      names = "--partitions",
      defaultValue = "3",
      paramLabel = "N",
      description = "Partitions of each new topic (default: ${DEFAULT-VALUE}).")
  private int partitions;

  @Option(
      names = "--replication-factor",
      defaultValue = "1",
      paramLabel = "R",
      description =
          "Replication factor of each new topic (default: ${DEFAULT-VALUE}; use 3 on a"
              + " production cluster).")
  private short replicationFactor;

  @Option(
      names = "--timeout",
      defaultValue = "PT30S",
      paramLabel = "DURATION",
      description =
          "How long to wait for Kafka, as an ISO-8601 duration (default: ${DEFAULT-VALUE}).")
  private Duration timeout;

  /**
   * The command, configured by {@code environment}.
   *
   * @param environment the variables that configure the Kafka admin client
   */
  public CreateTopicsCommand(Environment environment) {
    this.environment = environment;
  }

  @Override
  public Integer call() {
    if (partitions < 1) {
      throw new ParameterException(spec.commandLine(), "--partitions must be at least 1");
    }
    if (replicationFactor < 1) {
      throw new ParameterException(spec.commandLine(), "--replication-factor must be at least 1");
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new ParameterException(spec.commandLine(), "--timeout must be positive");
    }
    String bootstrapServers = bootstrapServers();
    Properties config = environment.kafkaProperties();
    config.setProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    // Kafka requires default.api.timeout.ms >= request.timeout.ms, so both follow --timeout.
    String timeoutMs = String.valueOf(timeout.toMillis());
    config.putIfAbsent(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs);
    config.putIfAbsent(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs);
    config.putIfAbsent(AdminClientConfig.CLIENT_ID_CONFIG, "wagate-create-topics");

    List<TopicOutcome> outcomes;
    Admin admin = createAdmin(config);
    try {
      outcomes =
          new TopicCreator(admin, timeout).createMissing(Topics.ALL, partitions, replicationFactor);
    } catch (KafkaUnavailableException e) {
      throw new KafkaUnavailableException(
          "cannot reach Kafka at " + bootstrapServers + ": " + e.getMessage(), e);
    } finally {
      // Bounded: an unreachable cluster must not keep the command from exiting.
      admin.close(Duration.ofSeconds(5));
    }
    return report(outcomes);
  }

  private static Admin createAdmin(Properties config) {
    try {
      return Admin.create(config);
    } catch (KafkaException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new ConfigurationException(
          "invalid Kafka client configuration in the KAFKA_* variables: " + cause.getMessage());
    }
  }

  private String bootstrapServers() {
    String servers = environment.get(BOOTSTRAP_SERVERS_VARIABLE);
    if (servers == null) {
      throw new ConfigurationException(
          BOOTSTRAP_SERVERS_VARIABLE
              + " must be set to the Kafka brokers to create the topics on, e.g."
              + " KAFKA_BOOTSTRAP_SERVERS=localhost:9092");
    }
    return servers;
  }

  private int report(List<TopicOutcome> outcomes) {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    boolean failed = false;
    for (TopicOutcome outcome : outcomes) {
      switch (outcome.result()) {
        case CREATED ->
            out.printf(
                "created %s (%d partitions, %s)%n",
                outcome.name(), outcome.partitions(), outcome.cleanupPolicy());
        case EXISTS -> {
          out.printf("exists  %s%n", outcome.name());
          if (outcome.detail() != null) {
            err.printf("warning: %s %s%n", outcome.name(), outcome.detail());
          }
        }
        case FAILED -> {
          failed = true;
          out.printf("failed  %s: %s%n", outcome.name(), outcome.detail());
        }
      }
    }
    out.flush();
    err.flush();
    if (failed) {
      err.println("error: some topics could not be created; see the lines marked 'failed'");
      err.flush();
      return 1;
    }
    return 0;
  }
}
