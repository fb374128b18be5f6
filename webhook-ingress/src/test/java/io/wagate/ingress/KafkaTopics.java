package io.wagate.ingress;

import io.wagate.schemas.Topic;
import io.wagate.schemas.Topics;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates the contract's topics on a test broker, compacted where the catalogue says so. The
 * ingress must not depend on the streams app, so it does not reuse its topic creator.
 */
public final class KafkaTopics {

  private KafkaTopics() {}

  /**
   * Creates every topic of {@link Topics#ALL} that does not exist yet.
   *
   * @param bootstrapServers the broker
   * @throws Exception when a topic cannot be created
   */
  public static void createAll(String bootstrapServers) throws Exception {
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
      for (Topic<?, ?> topic : Topics.ALL) {
        NewTopic newTopic =
            new NewTopic(topic.name(), 3, (short) 1)
                .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, topic.cleanupPolicy()));
        try {
          admin.createTopics(List.of(newTopic)).all().get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw e;
          }
        }
      }
    }
  }
}
