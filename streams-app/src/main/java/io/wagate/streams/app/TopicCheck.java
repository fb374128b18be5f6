package io.wagate.streams.app;

import io.wagate.schemas.Topic;
import io.wagate.schemas.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.DescribeConfigsOptions;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks, before Kafka Streams starts, that the cluster has the topics wagate needs as it needs
 * them. Kafka Streams itself would wait for a missing source topic or fail much later on a missing
 * output topic, with a message that does not say what to do; and it would happily join
 * conversations whose inputs are partitioned differently, sending one conversation's records to two
 * tasks.
 */
public final class TopicCheck {

  /**
   * The inputs that meet in the conversation processor: keyed (or re-keyed) by conversation, they
   * must have the same number of partitions for one conversation to land in one task.
   */
  static final List<Topic<?, ?>> CO_PARTITIONED =
      List.of(Topics.SEND_REQUESTS, Topics.CONSENT, Topics.INBOUND, Topics.STATUS_CALLBACKS);

  static final String CREATE_TOPICS_COMMAND = "java -jar wagate-streams.jar create-topics";

  private static final Logger LOGGER = LoggerFactory.getLogger(TopicCheck.class);

  private TopicCheck() {}

  /**
   * Verifies that every contract topic exists and the co-partitioned inputs agree on their
   * partition count; warns when a topic that must be compacted is not.
   *
   * @return the partition count of the co-partitioned inputs, which every repartition topic shares
   * @throws StartupRefusedException when a topic is missing or the partition counts differ
   * @throws IllegalStateException when the broker does not answer within {@code timeout}
   */
  static int verify(Admin admin, Duration timeout) {
    int timeoutMs = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
    Set<String> existing =
        await(admin.listTopics(new ListTopicsOptions().timeoutMs(timeoutMs)).names(), timeout);

    List<String> missing =
        Topics.ALL.stream().map(Topic::name).filter(name -> !existing.contains(name)).toList();
    if (!missing.isEmpty()) {
      throw new StartupRefusedException(
          "wagate cannot start: missing Kafka topics "
              + String.join(", ", missing)
              + ". Create them with `"
              + CREATE_TOPICS_COMMAND
              + "` (same KAFKA_* settings), then start again.");
    }

    Map<String, TopicDescription> descriptions =
        await(
            admin
                .describeTopics(
                    CO_PARTITIONED.stream().map(Topic::name).toList(),
                    new DescribeTopicsOptions().timeoutMs(timeoutMs))
                .allTopicNames(),
            timeout);
    Map<String, Integer> partitions = new LinkedHashMap<>();
    for (Topic<?, ?> topic : CO_PARTITIONED) {
      partitions.put(topic.name(), descriptions.get(topic.name()).partitions().size());
    }
    if (Set.copyOf(partitions.values()).size() > 1) {
      throw new StartupRefusedException(
          "wagate cannot start: "
              + String.join(", ", partitions.keySet())
              + " are co-partitioned by conversation key and need the same number of partitions,"
              + " but have "
              + partitions.entrySet().stream()
                  .map(entry -> entry.getKey() + "=" + entry.getValue())
                  .collect(Collectors.joining(", "))
              + ". Recreate them with one partition count (adding partitions moves conversations"
              + " between partitions).");
    }

    warnIfNotCompacted(admin, timeout, timeoutMs);
    return partitions.values().iterator().next();
  }

  /**
   * Creates the application's own topic of commands to conversations when it is missing, with the
   * conversation topics' partition count and replication; refuses to start when it exists with
   * another partition count (a command would reach the wrong task).
   *
   * @throws StartupRefusedException when the partition count differs
   */
  public static void ensureCommandsTopic(
      Admin admin, String name, int partitions, Duration timeout) {
    int timeoutMs = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
    Set<String> existing =
        await(admin.listTopics(new ListTopicsOptions().timeoutMs(timeoutMs)).names(), timeout);
    if (existing.contains(name)) {
      int actual =
          await(
                  admin
                      .describeTopics(
                          List.of(name), new DescribeTopicsOptions().timeoutMs(timeoutMs))
                      .allTopicNames(),
                  timeout)
              .get(name)
              .partitions()
              .size();
      if (actual != partitions) {
        throw new StartupRefusedException(
            "wagate cannot start: its topic "
                + name
                + " has "
                + actual
                + " partitions but the conversation topics have "
                + partitions
                + ". Delete it (it holds only commands in flight) and start again.");
      }
      return;
    }
    short replication =
        (short)
            await(
                    admin
                        .describeTopics(
                            List.of(Topics.SEND_REQUESTS.name()),
                            new DescribeTopicsOptions().timeoutMs(timeoutMs))
                        .allTopicNames(),
                    timeout)
                .get(Topics.SEND_REQUESTS.name())
                .partitions()
                .get(0)
                .replicas()
                .size();
    try {
      await(
          admin
              .createTopics(
                  List.of(
                      new org.apache.kafka.clients.admin.NewTopic(name, partitions, replication)))
              .all(),
          timeout);
      LOGGER.info("Created {} ({} partitions)", name, partitions);
    } catch (IllegalStateException e) {
      if (!(e.getCause() instanceof org.apache.kafka.common.errors.TopicExistsException)) {
        throw e;
      }
      // Another instance created it at the same time.
    }
  }

  /** A compacted topic that is not loses its latest values to retention: worth a warning only. */
  private static void warnIfNotCompacted(Admin admin, Duration timeout, int timeoutMs) {
    List<ConfigResource> resources =
        Topics.ALL.stream()
            .filter(Topic::compacted)
            .map(topic -> new ConfigResource(ConfigResource.Type.TOPIC, topic.name()))
            .toList();
    Map<ConfigResource, Config> configs =
        await(
            admin
                .describeConfigs(resources, new DescribeConfigsOptions().timeoutMs(timeoutMs))
                .all(),
            timeout);
    List<String> notCompacted = new ArrayList<>();
    configs.forEach(
        (resource, config) -> {
          ConfigEntry policy = config.get(TopicConfig.CLEANUP_POLICY_CONFIG);
          if (policy == null
              || policy.value() == null
              || !policy.value().contains(TopicConfig.CLEANUP_POLICY_COMPACT)) {
            notCompacted.add(resource.name());
          }
        });
    if (!notCompacted.isEmpty()) {
      LOGGER.warn(
          "Topics {} should have cleanup.policy=compact; without it their latest values expire",
          notCompacted);
    }
  }

  private static <T> T await(KafkaFuture<T> future, Duration timeout) {
    try {
      return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while checking the Kafka topics", e);
    } catch (ExecutionException | TimeoutException e) {
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      throw new IllegalStateException(
          "wagate cannot check its Kafka topics within " + timeout + ": " + cause, cause);
    }
  }
}
