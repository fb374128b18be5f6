package io.wagate.streams.reports;

import static org.assertj.core.api.Assertions.assertThat;

import io.wagate.dlq.ReplayTargets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReportNamesTest {

  @Test
  void shouldNotLetDlqReplaySendAReportsDeadLetterToAnInputTopic() {
    // Given the reports' repartition topics as Kafka Streams names them
    List<String> repartitions =
        List.of(
            ReportNames.REQUESTS,
            ReportNames.LIFECYCLE,
            ReportNames.SENDS,
            ReportNames.INBOUND,
            ReportNames.SESSIONS,
            ReportNames.CAMPAIGN_CHANGES,
            ReportNames.OPT_OUTS,
            ReportNames.DAY_CHANGES);
    // Then none is taken for an input's repartition: their records are the reports' own facts
    for (String name : repartitions) {
      assertThat(ReplayTargets.target("wagate-" + name + "-repartition")).as(name).isNull();
    }
    // And the topics the reports read back are wagate's outputs, never replayed into
    for (String topic :
        List.of("wa.status", "wa.send.template", "wa.send.freeform", "wa.sessions")) {
      assertThat(ReplayTargets.target(topic)).as(topic).isNull();
    }
  }
}
