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
            "template-state-store",
            "limit-contact-store",
            "limit-expiry-store",
            "limit-ledger-store",
            "limit-held-store",
            "template-state-registry",
            "portfolio-registry",
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
            "wa.account-events-source",
            "key-account-events",
            "template-actions-by-template-repartition-sink",
            "template-actions-by-template-repartition-source",
            "template-state-processor",
            "admissions-by-portfolio-repartition-sink",
            "admissions-by-portfolio-repartition-source",
            "portfolio-processor",
            "conversation-commands-source",
            "conversation-commands-sink",
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
            "number-actions-by-number-repartition",
            "wa.account-events",
            "template-actions-by-template-repartition",
            "admissions-by-portfolio-repartition",
            "wagate-conversation-commands");
  }
}
