package io.wagate.streams.topics;

import static org.assertj.core.api.Assertions.assertThat;

import io.wagate.kafka.KafkaFixture;
import io.wagate.schemas.Topic;
import io.wagate.schemas.Topics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Runs the real {@code wagate-streams.jar} as a child process against the shared test broker. Each
 * test starts with none of the contract's topics on that broker.
 */
class CreateTopicsIT {

  private static final Path JAR =
      Path.of(System.getProperty("wagate.streams.jar", "target/wagate-streams.jar"));
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private static String bootstrapServers;
  private static Admin admin;

  @BeforeAll
  static void connect() {
    bootstrapServers = KafkaFixture.bootstrapServers();
    admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
  }

  @AfterAll
  static void disconnect() {
    admin.close();
  }

  @BeforeEach
  void deleteContractTopics() throws Exception {
    ContractTopics.deleteAll(admin, TIMEOUT);
  }

  @Test
  void shouldCreateEveryContractTopicWithItsCleanupPolicy() throws Exception {
    // Given
    assertThat(JAR).exists();

    // When
    Run run = runJar(Map.of("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers), "create-topics");

    // Then
    assertThat(run.exitCode()).as(run.toString()).isZero();
    Map<String, TopicState> topics = describeContractTopics();
    assertThat(topics).containsOnlyKeys(ContractTopics.NAMES);
    for (Topic<?, ?> topic : Topics.ALL) {
      assertThat(topics.get(topic.name()))
          .as(topic.name())
          .extracting(TopicState::partitions, TopicState::cleanupPolicy)
          .containsExactly(3, topic.cleanupPolicy());
      assertThat(run.out())
          .contains("created " + topic.name() + " (3 partitions, " + topic.cleanupPolicy() + ")");
    }
    assertThat(topics.get("wa.sessions").cleanupPolicy()).isEqualTo("compact");
    assertThat(topics.get("wa.inbound").cleanupPolicy()).isEqualTo("delete");
  }

  @Test
  void shouldCreateNewTopicsWithTheRequestedPartitions() throws Exception {
    // Given
    assertThat(JAR).exists();

    // When
    Run run =
        runJar(
            Map.of("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers),
            "create-topics",
            "--partitions",
            "2",
            "--replication-factor",
            "1");

    // Then
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(describeContractTopics().values())
        .hasSize(ContractTopics.NAMES.size())
        .allSatisfy(state -> assertThat(state.partitions()).isEqualTo(2));
  }

  @Test
  void shouldSucceedAndChangeNothingOnASecondRun() throws Exception {
    // Given
    Run first = runJar(Map.of("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers), "create-topics");
    assertThat(first.exitCode()).as(first.toString()).isZero();
    Map<String, TopicState> before = describeContractTopics();

    // When
    Run second =
        runJar(
            Map.of("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers),
            "create-topics",
            "--partitions",
            "5");

    // Then
    assertThat(second.exitCode()).as(second.toString()).isZero();
    assertThat(describeContractTopics()).isEqualTo(before);
    for (String name : ContractTopics.NAMES) {
      assertThat(second.out()).contains("exists  " + name);
    }
    assertThat(second.out()).doesNotContain("created");
    assertThat(second.err()).doesNotContain("warning");
  }

  @Test
  void shouldWarnAndLeaveAnExistingTopicWhoseCleanupPolicyDiffers() throws Exception {
    // Given
    admin
        .createTopics(
            List.of(
                new NewTopic(Topics.TEMPLATES.name(), 1, (short) 1)
                    .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, "delete"))))
        .all()
        .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);

    // When
    Run run = runJar(Map.of("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers), "create-topics");

    // Then
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out()).contains("exists  wa.templates");
    assertThat(run.err())
        .contains("warning: wa.templates has cleanup.policy=delete but the contract says compact");
    TopicState templates = describeContractTopics().get("wa.templates");
    assertThat(templates.cleanupPolicy()).isEqualTo("delete");
    assertThat(templates.partitions()).isEqualTo(1);
  }

  @Test
  void shouldFailAndReportEachTopicWhenTheReplicationFactorCannotBeMet() throws Exception {
    // Given
    int brokers = admin.describeCluster().nodes().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS).size();

    // When
    Run run =
        runJar(
            Map.of("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers),
            "create-topics",
            "--replication-factor",
            String.valueOf(brokers + 1));

    // Then
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
    for (String name : ContractTopics.NAMES) {
      assertThat(run.out()).contains("failed  " + name + ": ");
    }
    assertThat(run.err()).contains("some topics could not be created");
    assertThat(ContractTopics.present(admin, TIMEOUT)).isEmpty();
  }

  @Test
  void shouldPrintUsageForHelp() throws Exception {
    // Given
    Map<String, String> environment = Map.of();

    // When
    Run run = runJar(environment, "--help");

    // Then
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out())
        .contains("Usage: wagate-streams")
        .contains("create-topics")
        .contains("--version");
  }

  @Test
  void shouldPrintTheProjectVersion() throws Exception {
    // Given
    String version = System.getProperty("wagate.version");
    assertThat(version).isNotBlank();

    // When
    Run run = runJar(Map.of(), "--version");

    // Then
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out().strip()).isEqualTo("wagate-streams " + version);
  }

  @Test
  void shouldFailNamingTheVariableWhenBootstrapServersIsMissing() throws Exception {
    // Given
    Map<String, String> environment = Map.of();

    // When
    Run run = runJar(environment, "create-topics");

    // Then
    assertThat(run.exitCode()).as(run.toString()).isNotZero();
    assertThat(run.err()).contains("KAFKA_BOOTSTRAP_SERVERS must be set");
    assertThat(ContractTopics.present(admin, TIMEOUT)).isEmpty();
  }

  private static Map<String, TopicState> describeContractTopics() throws Exception {
    List<String> present = ContractTopics.present(admin, TIMEOUT);
    Map<String, TopicDescription> descriptions =
        admin.describeTopics(present).allTopicNames().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    Map<ConfigResource, Config> configs =
        admin
            .describeConfigs(
                present.stream()
                    .map(name -> new ConfigResource(ConfigResource.Type.TOPIC, name))
                    .toList())
            .all()
            .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    Map<String, TopicState> states = new HashMap<>();
    for (String name : present) {
      TopicDescription description = descriptions.get(name);
      Config config = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, name));
      states.put(
          name,
          new TopicState(
              description.topicId(),
              description.partitions().size(),
              config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value()));
    }
    return states;
  }

  // Runs the shaded jar with only the given KAFKA_* variables, whatever this JVM's environment.
  private static Run runJar(Map<String, String> kafkaVariables, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-jar");
    command.add(JAR.toString());
    command.addAll(List.of(args));
    Path out = Files.createTempFile("create-topics-", ".out");
    Path err = Files.createTempFile("create-topics-", ".err");
    try {
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .redirectOutput(out.toFile())
              .redirectError(err.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
      builder.environment().keySet().removeIf(name -> name.startsWith("KAFKA_"));
      builder.environment().putAll(kafkaVariables);
      Process process = builder.start();
      if (!process.waitFor(TIMEOUT.toSeconds() * 2, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
        throw new AssertionError("wagate-streams " + String.join(" ", args) + " did not finish");
      }
      return new Run(
          process.exitValue(),
          Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  private record Run(int exitCode, String out, String err) {}

  private record TopicState(Uuid topicId, int partitions, String cleanupPolicy) {}
}
