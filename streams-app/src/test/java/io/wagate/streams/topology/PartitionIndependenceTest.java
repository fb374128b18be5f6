package io.wagate.streams.topology;

import static io.wagate.streams.topology.WagateDriver.ANNA;
import static io.wagate.streams.topology.WagateDriver.BUSINESS;
import static io.wagate.streams.topology.WagateDriver.at;
import static io.wagate.streams.topology.WagateDriver.minutes;
import static org.assertj.core.api.Assertions.assertThat;

import io.wagate.schemas.events.InboundMessage;
import io.wagate.schemas.events.Kind;
import io.wagate.schemas.events.LifecycleState;
import io.wagate.schemas.events.Provider;
import io.wagate.schemas.events.RequestStatus;
import io.wagate.schemas.events.SendRequest;
import io.wagate.schemas.events.StatusCallback;
import io.wagate.schemas.events.TextContent;
import io.wagate.streams.processor.ProcessingHook;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * CONTRACT.md: every record meets its conversation's state whatever partition it sits on and
 * whatever form its key has. The driver puts every record on partition 0 of topics the topology
 * believes have 8, so every conversation whose key belongs elsewhere takes the repartition path, as
 * a record written by librdkafka's CRC32 partitioner would.
 */
class PartitionIndependenceTest {

  private static final int PARTITIONS = 8;
  private final WagateDriver wagate = new WagateDriver(Map.of(), PARTITIONS, ProcessingHook.NONE);

  @AfterEach
  void close() {
    wagate.close();
  }

  @Test
  void shouldKeepEveryConversationWholeWhateverPartitionAndKeyItsRecordsCarry() {
    // Given conversations whose keys belong on every partition, and some that belong on 0
    List<String> contacts = new ArrayList<>();
    for (int i = 0; contacts.size() < 16; i++) {
      contacts.add("+316" + String.format("%08d", 10_000_000 + i * 7_919));
    }
    assertThat(contacts)
        .extracting(contact -> Partitioning.partitionOf(BUSINESS + "|" + contact, PARTITIONS))
        .contains(0)
        .anyMatch(partition -> partition != 0);
    // When each contact writes in under a key in national format, then the CRM replies
    for (int i = 0; i < contacts.size(); i++) {
      String contact = contacts.get(i);
      String national = "0" + contact.substring(3);
      wagate.inbound.pipeInput(
          "whatsapp:" + national,
          new InboundMessage(
              Provider.TWILIO,
              "SM-in-" + i,
              "whatsapp:" + BUSINESS,
              "whatsapp:" + contact,
              "Anna",
              "text",
              "Hi",
              null,
              at(minutes(i))),
          at(minutes(i)));
      wagate.requests.pipeInput(
          "crm-" + i,
          new SendRequest(
              "r-" + i,
              BUSINESS,
              national,
              "NL",
              Kind.TEXT,
              null,
              new TextContent("Hi Anna", false),
              ANNA,
              null,
              null,
              null,
              null),
          at(minutes(i).plusSeconds(1)));
    }
    // Then every reply found its conversation's open window
    List<RequestStatus> statuses = wagate.statuses();
    assertThat(statuses).hasSize(contacts.size());
    assertThat(statuses)
        .extracting(RequestStatus::state)
        .containsOnly(LifecycleState.ROUTED_FREEFORM);
    // When the provider's statuses come under yet another key form
    for (int i = 0; i < contacts.size(); i++) {
      wagate.callbacks.pipeInput(
          "callback-" + i,
          new StatusCallback(
              Provider.META,
              "wamid.out-" + i,
              "r-" + i,
              BUSINESS.substring(1),
              contacts.get(i).substring(1),
              "delivered",
              null,
              null,
              at(minutes(30 + i))),
          at(minutes(30 + i)));
    }
    // Then each meets its request
    assertThat(wagate.statuses())
        .extracting(RequestStatus::state)
        .hasSize(contacts.size())
        .containsOnly(LifecycleState.DELIVERED);
  }
}
