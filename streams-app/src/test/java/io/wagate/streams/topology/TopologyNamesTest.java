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
    WagateConfig config = WagateConfig.defaults("unused:9092");
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
            "conversation-store",
            "request-store",
            "timer-store",
            "template-registry",
            "business-number-registry",
            "error-catalog-registry");
    assertThat(nodes)
        .contains(
            "wa.send.requests-source",
            "key-requests",
            "requests-by-conversation-repartition-sink",
            "requests-by-conversation-repartition-source",
            "wa.consent-source",
            "key-consent",
            "consent-by-conversation-repartition-sink",
            "consent-by-conversation-repartition-source",
            "wa.inbound-source",
            "inbound-as-events",
            "wa.status.callbacks-source",
            "callbacks-as-events",
            "conversation-processor",
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
    // No repartition beyond the two named ones: inbound and callbacks arrive keyed already.
    assertThat(sourceTopics)
        .containsExactlyInAnyOrder(
            "wa.send.requests",
            "wa.consent",
            "wa.inbound",
            "wa.status.callbacks",
            "requests-by-conversation-repartition",
            "consent-by-conversation-repartition");
    assertThat(description.toString())
        .contains("requests-by-conversation-repartition")
        .contains("consent-by-conversation-repartition");
  }
}
