package io.wagate.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.wagate.schemas.config.Environment;
import io.wagate.streams.config.WagateConfig;
import io.wagate.streams.processor.ConversationMetrics;
import java.util.Map;
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
            "error-catalog-registry",
            "report-request-store",
            "report-conversation-store",
            "report-inbound-id-store",
            "report-day-pending-store",
            "report-campaign-pending-store",
            "campaign-report-store",
            "activity-report-store",
            "agent-report-store");
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
            "outputs",
            // The reports
            "report-requested",
            "report-requests-repartition-sink",
            "report-requests-repartition-source",
            "wa.status-source",
            "report-statuses",
            "wa.send.template-source",
            "report-routed-templates",
            "wa.send.freeform-source",
            "report-routed-freeforms",
            "report-merge-templates",
            "report-merge-freeforms",
            "report-lifecycle-repartition-sink",
            "report-lifecycle-repartition-source",
            "report-merge-lifecycle",
            "report-request-processor",
            "report-request-campaigns",
            "report-request-sends",
            "report-send-facts",
            "report-sends-repartition-sink",
            "report-sends-repartition-source",
            "report-received",
            "report-inbound-repartition-sink",
            "report-inbound-repartition-source",
            "wa.sessions-source",
            "report-consent",
            "report-sessions-repartition-sink",
            "report-sessions-repartition-source",
            "report-merge-received",
            "report-merge-consent",
            "report-conversation-processor",
            "report-conversation-opt-outs",
            "report-conversation-days",
            "report-request-changes",
            "report-campaign-changes-repartition-sink",
            "report-campaign-changes-repartition-source",
            "report-opt-out-changes",
            "report-opt-outs-repartition-sink",
            "report-opt-outs-repartition-source",
            "report-merge-opt-outs",
            "campaign-report-processor",
            "campaign-report-outputs",
            "report-day-facts",
            "report-day-changes-repartition-sink",
            "report-day-changes-repartition-source",
            "day-report-processor",
            "day-report-outputs");
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
            "wagate-conversation-commands",
            // The reports read what wagate writes, each step through a repartition of its own
            "wa.status",
            "wa.send.template",
            "wa.send.freeform",
            "wa.sessions",
            "report-requests-repartition",
            "report-lifecycle-repartition",
            "report-sends-repartition",
            "report-inbound-repartition",
            "report-sessions-repartition",
            "report-campaign-changes-repartition",
            "report-opt-outs-repartition",
            "report-day-changes-repartition");
  }

  @Test
  void shouldLeaveTheReportsOutWhenAnOperatorTurnsThemOff() {
    // Given
    WagateConfig config =
        WagateConfig.from(
                Environment.of(
                    Map.of("KAFKA_BOOTSTRAP_SERVERS", "unused:9092", "WAGATE_REPORTS", "false")))
            .withPartitions(3);
    // When
    TopologyDescription description =
        WagateTopology.build(config, ConversationMetrics.discarding()).describe();
    // Then no node, store or topic of the reports, and the decisions are all there
    Set<String> names = new TreeSet<>();
    description
        .subtopologies()
        .forEach(
            sub ->
                sub.nodes()
                    .forEach(
                        node -> {
                          names.add(node.name());
                          if (node instanceof TopologyDescription.Processor processor) {
                            names.addAll(processor.stores());
                          }
                          if (node instanceof TopologyDescription.Source source) {
                            names.addAll(source.topicSet());
                          }
                        }));
    assertThat(names)
        .noneMatch(name -> name.contains("report"))
        .contains("conversation-processor", "request-intake", "portfolio-processor", "outputs");
  }

  @Test
  void shouldRunTheReportsInSubTopologiesOfTheirOwn() {
    // Given
    WagateConfig config = WagateConfig.defaults("unused:9092").withPartitions(3);
    // When
    TopologyDescription description =
        WagateTopology.build(config, ConversationMetrics.discarding()).describe();
    // Then the tasks that decide read no report topic and keep no report store, and the reports'
    // tasks read only what wagate writes and their own repartitions
    for (TopologyDescription.Subtopology sub : description.subtopologies()) {
      Set<String> sources = new TreeSet<>();
      Set<String> stores = new TreeSet<>();
      sub.nodes()
          .forEach(
              node -> {
                if (node instanceof TopologyDescription.Source source) {
                  sources.addAll(source.topicSet());
                }
                if (node instanceof TopologyDescription.Processor processor) {
                  stores.addAll(processor.stores());
                }
              });
      boolean reports = stores.stream().anyMatch(TopologyNamesTest::isReportStore);
      if (reports) {
        assertThat(stores).as("stores of %s", sources).allMatch(TopologyNamesTest::isReportStore);
        assertThat(sources)
            .as("sources of the reports")
            .allMatch(topic -> topic.startsWith("report-"));
      } else {
        assertThat(sources)
            .as("sources of %s", stores)
            .noneMatch(topic -> topic.startsWith("report-"));
      }
    }
  }

  private static boolean isReportStore(String store) {
    return store.startsWith("report-") || store.endsWith("-report-store");
  }
}
