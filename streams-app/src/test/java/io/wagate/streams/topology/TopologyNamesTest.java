package io.wagate.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.wagate.streams.config.WagateConfig;
import io.wagate.streams.processor.ConversationMetrics;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.streams.TopologyDescription;
import org.junit.jupiter.api.Test;

/**
 * Pins the names of nodes, stores and internal topics: a renamed store or repartition step would
 * orphan its changelog or repartition topic on upgrade.
 */
class TopologyNamesTest {

  @Test
  void shouldKeepNodeStoreAndTopicNames() {
    // Given
    WagateConfig config = WagateConfig.defaults("unused:9092").withPartitions(1);
    // When
    TopologyDescription description =
        WagateTopology.build(config, ConversationMetrics.discarding()).describe();
    // Then
    Set<String> nodes = new TreeSet<>();
    Set<String> stores = new TreeSet<>();
    description
        .subtopologies()
        .forEach(
            sub ->
                sub.nodes()
                    .forEach(
                        node -> {
                          nodes.add(node.name());
                          if (node instanceof TopologyDescription.Processor processor) {
                            stores.addAll(processor.stores());
                          }
                        }));
    description.globalStores().forEach(global -> stores.addAll(global.processor().stores()));
    assertThat(stores)
        .containsExactlyInAnyOrder(
            "request-id-store",
            "conversation-store",
            "request-store",
            "inbound-id-store",
            "message-id-store",
            "timer-store",
            "number-state-store",
            "template-registry",
            "business-number-registry",
            "number-state-registry",
            "error-catalog-registry");
    assertThat(nodes)
        .contains(
            "wa.send.requests-source",
            "key-requests",
            "requests-by-request-id-repartition-sink",
            "requests-by-request-id-repartition-source",
            "request-intake",
            "requests-by-conversation-repartition-sink",
            "requests-by-conversation-repartition-source",
            "requests-as-events",
            "wa.consent-source",
            "key-consent",
            "consent-by-conversation-repartition-sink",
            "consent-by-conversation-repartition-source",
            "wa.inbound-source",
            "key-inbound",
            "inbound-by-conversation-repartition-sink",
            "inbound-by-conversation-repartition-source",
            "inbound-as-events",
            "wa.status.callbacks-source",
            "key-callbacks",
            "callbacks-by-conversation-repartition-sink",
            "callbacks-by-conversation-repartition-source",
            "callbacks-as-events",
            "conversation-processor",
            "number-actions-by-number-repartition-sink",
            "number-actions-by-number-repartition-source",
            "number-state-processor",
            "outputs");
    Set<String> sourceTopics = new TreeSet<>();
    description
        .subtopologies()
        .forEach(
            sub ->
                sub.nodes()
                    .forEach(
                        node -> {
                          if (node instanceof TopologyDescription.Source source) {
                            sourceTopics.addAll(source.topicSet());
                          }
                        }));
    // Every input has one repartition topic, taken only by records that are not on their key's
    // partition already; the names are part of the internal topics' names.
    assertThat(sourceTopics)
        .containsExactlyInAnyOrder(
            "wa.send.requests",
            "wa.consent",
            "wa.inbound",
            "wa.status.callbacks",
            "requests-by-request-id-repartition",
            "requests-by-conversation-repartition",
            "consent-by-conversation-repartition",
            "inbound-by-conversation-repartition",
            "callbacks-by-conversation-repartition",
            "number-actions-by-number-repartition");
  }
}
