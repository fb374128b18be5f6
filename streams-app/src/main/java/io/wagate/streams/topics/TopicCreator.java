package io.wagate.streams.topics;

import io.wagate.schemas.Topic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.DescribeConfigsOptions;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the topics of the catalogue that do not exist yet, compacted where the catalogue says so.
 * Topics that exist are left exactly as they are, so running it again changes nothing; an existing
 * topic whose {@code cleanup.policy} differs from the catalogue is reported, not altered.
 */
public final class TopicCreator {

  private static final Logger LOGGER = LoggerFactory.getLogger(TopicCreator.class);

  private final Admin admin;
  private final Duration timeout;

  /**
   * A creator that works through {@code admin} and gives up on each request after {@code timeout}.
   *
   * @param admin the admin client; the caller closes it
   * @param timeout how long each request to Kafka may take
   */
  public TopicCreator(Admin admin, Duration timeout) {
    this.admin = Objects.requireNonNull(admin, "admin");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
  }

  /**
   * Creates every topic of {@code topics} that does not exist yet.
   *
   * @param topics the topics, in the order of the outcomes
   * @param partitions the partition count of each new topic
   * @param replicationFactor the replication factor of each new topic
   * @return one outcome per topic, in the order of {@code topics}
   * @throws KafkaUnavailableException when Kafka does not answer in time
   */
  public List<TopicOutcome> createMissing(
      List<? extends Topic<?, ?>> topics, int partitions, short replicationFactor) {
    if (partitions < 1) {
      throw new IllegalArgumentException("partitions must be at least 1, got " + partitions);
    }
    if (replicationFactor < 1) {
      throw new IllegalArgumentException(
          "the replication factor must be at least 1, got " + replicationFactor);
    }
    Set<String> existing =
        await(admin.listTopics(new ListTopicsOptions().timeoutMs(timeoutMs())).names());

    List<NewTopic> missing =
        topics.stream()
            .filter(topic -> !existing.contains(topic.name()))
            .map(
                topic ->
                    new NewTopic(topic.name(), partitions, replicationFactor)
                        .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, topic.cleanupPolicy())))
            .toList();
    CreateTopicsResult created =
        admin.createTopics(missing, new CreateTopicsOptions().timeoutMs(timeoutMs()));

    List<String> present = topics.stream().map(Topic::name).filter(existing::contains).toList();
    Map<String, TopicDescription> descriptions = describe(present);
    Map<String, String> policies = cleanupPolicies(present);

    List<TopicOutcome> outcomes = new ArrayList<>();
    for (Topic<?, ?> topic : topics) {
      if (existing.contains(topic.name())) {
        outcomes.add(
            existingOutcome(topic, descriptions.get(topic.name()), policies.get(topic.name())));
      } else {
        outcomes.add(createdOutcome(topic, created.values().get(topic.name()), partitions));
      }
    }
    return outcomes;
  }

  private TopicOutcome existingOutcome(
      Topic<?, ?> topic, @Nullable TopicDescription description, @Nullable String policy) {
    int partitions = description == null ? 0 : description.partitions().size();
    String actualPolicy = policy == null ? "unknown" : policy;
    String warning = null;
    if (!topic.cleanupPolicy().equals(actualPolicy)) {
      warning =
          "has cleanup.policy="
              + actualPolicy
              + " but the contract says "
              + topic.cleanupPolicy()
              + "; left unchanged";
      LOGGER.debug("Topic {} {}", topic.name(), warning);
    }
    return new TopicOutcome(
        topic.name(), TopicOutcome.Result.EXISTS, partitions, actualPolicy, warning);
  }

  private TopicOutcome createdOutcome(
      Topic<?, ?> topic, KafkaFuture<Void> creation, int partitions) {
    try {
      creation.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      LOGGER.debug("Created topic {}", topic.name());
      return new TopicOutcome(
          topic.name(), TopicOutcome.Result.CREATED, partitions, topic.cleanupPolicy(), null);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof TopicExistsException) {
        // Someone else created it between our listing and our request: it exists, as wanted.
        return new TopicOutcome(
            topic.name(), TopicOutcome.Result.EXISTS, partitions, topic.cleanupPolicy(), null);
      }
      return new TopicOutcome(
          topic.name(), TopicOutcome.Result.FAILED, 0, topic.cleanupPolicy(), message(e));
    } catch (TimeoutException e) {
      return new TopicOutcome(
          topic.name(),
          TopicOutcome.Result.FAILED,
          0,
          topic.cleanupPolicy(),
          "no answer within " + seconds());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KafkaUnavailableException("interrupted while creating " + topic.name(), e);
    }
  }

  private Map<String, TopicDescription> describe(Collection<String> names) {
    if (names.isEmpty()) {
      return Map.of();
    }
    return await(
        admin
            .describeTopics(names, new DescribeTopicsOptions().timeoutMs(timeoutMs()))
            .allTopicNames());
  }

  private Map<String, String> cleanupPolicies(Collection<String> names) {
    if (names.isEmpty()) {
      return Map.of();
    }
    List<ConfigResource> resources =
        names.stream().map(name -> new ConfigResource(ConfigResource.Type.TOPIC, name)).toList();
    Map<ConfigResource, Config> configs =
        await(
            admin
                .describeConfigs(resources, new DescribeConfigsOptions().timeoutMs(timeoutMs()))
                .all());
    return configs.entrySet().stream()
        .collect(
            Collectors.toMap(entry -> entry.getKey().name(), entry -> policyOf(entry.getValue())));
  }

  private static String policyOf(Config config) {
    ConfigEntry entry = config.get(TopicConfig.CLEANUP_POLICY_CONFIG);
    return entry == null || entry.value() == null ? "unknown" : entry.value();
  }

  private <T> T await(KafkaFuture<T> future) {
    try {
      return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new KafkaUnavailableException(message(e), e.getCause());
    } catch (TimeoutException e) {
      throw new KafkaUnavailableException("no answer within " + seconds(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KafkaUnavailableException("interrupted while waiting for Kafka", e);
    }
  }

  private int timeoutMs() {
    return (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
  }

  private String seconds() {
    return timeout.toSeconds() + " s";
  }

  private String message(ExecutionException e) {
    Throwable cause = e.getCause() == null ? e : e.getCause();
    if (cause instanceof org.apache.kafka.common.errors.TimeoutException) {
      return "no answer within " + seconds();
    }
    return cause.getMessage() == null ? cause.toString() : cause.getMessage();
  }

  /**
   * What became of one topic.
   *
   * @param name the topic name
   * @param result whether it was created, existed already, or could not be created
   * @param partitions its partition count (0 when it could not be created)
   * @param cleanupPolicy its {@code cleanup.policy}
   * @param detail the warning for an existing topic or the reason of a failure, if any
   */
  public record TopicOutcome(
      String name, Result result, int partitions, String cleanupPolicy, @Nullable String detail) {

    /** What was done. */
    public enum Result {
      /** The topic did not exist and was created. */
      CREATED,
      /** The topic existed and was left as it is. */
      EXISTS,
      /** The topic did not exist and could not be created. */
      FAILED
    }
  }

  /** Kafka did not answer, or refused a request about all topics. */
  public static final class KafkaUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** An error described by {@code message}. */
    public KafkaUnavailableException(String message, @Nullable Throwable cause) {
      super(message, cause);
    }
  }
}
