package io.wagate.streams.topology;

import static io.wagate.streams.topology.WagateDriver.ANNA;
import static io.wagate.streams.topology.WagateDriver.BUSINESS;
import static io.wagate.streams.topology.WagateDriver.START;
import static org.assertj.core.api.Assertions.assertThat;

import io.wagate.schemas.Topic;
import io.wagate.schemas.Topics;
import io.wagate.schemas.events.Category;
import io.wagate.schemas.events.ConsentEvent;
import io.wagate.schemas.events.ConsentStatus;
import io.wagate.schemas.events.InboundMessage;
import io.wagate.schemas.events.Kind;
import io.wagate.schemas.events.Provider;
import io.wagate.schemas.events.SendRequest;
import io.wagate.schemas.events.StatusCallback;
import io.wagate.schemas.events.TemplateContent;
import io.wagate.streams.processor.ProcessingHook;
import io.wagate.streams.reports.ReportNames;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The reports' state has an end: days of campaign traffic, then quiet weeks on the wall clock, and
 * every report store is empty again, each forgotten campaign and day with a tombstone on its
 * compacted topic.
 */
class ReportStoreGrowthTest {

  private static final int DAYS = 3;
  private static final int CONTACTS_PER_DAY = 20;
  private static final List<String> STORES =
      List.of(
          ReportNames.REQUEST_STORE,
          ReportNames.CONVERSATION_STORE,
          ReportNames.INBOUND_ID_STORE,
          ReportNames.DAY_PENDING_STORE,
          ReportNames.CAMPAIGN_PENDING_STORE,
          ReportNames.CAMPAIGN_STORE,
          ReportNames.ACTIVITY_STORE,
          ReportNames.AGENT_STORE);

  private final WagateDriver wagate =
      new WagateDriver(
          Map.of(
              "WAGATE_REPORT_REQUEST_RETENTION", "P2D",
              "WAGATE_REPORT_DAY_RETENTION", "P3D",
              "WAGATE_REPORT_CAMPAIGN_IDLE", "P4D",
              "WAGATE_REPORT_CONVERSATION_IDLE", "P5D",
              "WAGATE_INBOUND_DEDUP_RETENTION", "P2D",
              "WAGATE_REPORTS", "true"),
          1,
          ProcessingHook.NONE);
  private int ids;

  @AfterEach
  void close() {
    wagate.close();
  }

  @Test
  void shouldForgetEveryRequestConversationCampaignAndDayAfterItsRetention() {
    // Given three days of campaigns: consent, a template, its delivery and a reply per contact
    TestOutputTopic<String, ?> campaigns = output(Topics.REPORTS_CAMPAIGNS);
    TestOutputTopic<String, ?> activity = output(Topics.REPORTS_ACTIVITY);
    TestOutputTopic<String, ?> agents = output(Topics.REPORTS_AGENTS);
    Map<String, Long> peak = new LinkedHashMap<>();
    for (int day = 0; day < DAYS; day++) {
      Instant morning = START.plus(Duration.ofDays(day));
      for (int i = 0; i < CONTACTS_PER_DAY; i++) {
        String contact = "+316" + String.format("%08d", 30_000_000 + day * 1_000 + i);
        campaignMessage(contact, "cmp-day-" + day, morning.plusSeconds(i));
      }
      sizes().forEach((store, size) -> peak.merge(store, size, Math::max));
      passHours(24);
    }
    assertThat(peak).allSatisfy((store, size) -> assertThat(size).as(store).isPositive());

    // When two quiet weeks pass on the wall clock
    passHours(24 * 14);

    // Then every report store is empty, and every campaign and day ends in a tombstone
    assertThat(sizes()).allSatisfy((store, size) -> assertThat(size).as(store).isZero());
    assertEndsInTombstones(campaigns, DAYS);
    assertEndsInTombstones(activity, DAYS);
    assertEndsInTombstones(agents, DAYS);
  }

  private void campaignMessage(String contact, String campaign, Instant at) {
    String key = BUSINESS + "|" + contact;
    String requestId = "g-" + ids++;
    wagate.consent.pipeInput(
        key,
        new ConsentEvent(BUSINESS, contact, null, ConsentStatus.OPTED_IN, null, "form", at),
        at);
    wagate.requests.pipeInput(
        requestId,
        new SendRequest(
            requestId,
            BUSINESS,
            contact,
            null,
            Kind.TEMPLATE,
            new TemplateContent("spring_offer", "en_US", Category.MARKETING, List.of("Anna")),
            null,
            ANNA,
            "u-7",
            campaign,
            false,
            at),
        at.plusSeconds(1));
    wagate.callbacks.pipeInput(
        key,
        new StatusCallback(
            Provider.TWILIO,
            "SM" + requestId,
            requestId,
            BUSINESS,
            contact,
            "delivered",
            null,
            null,
            at.plusSeconds(2),
            null),
        at.plusSeconds(2));
    wagate.inbound.pipeInput(
        key,
        new InboundMessage(
            Provider.META,
            "wamid.g" + ids++,
            BUSINESS,
            contact,
            "Anna",
            "text",
            "Nice offer",
            null,
            at.plusSeconds(3)),
        at.plusSeconds(3));
  }

  private void passHours(int hours) {
    for (int h = 0; h < hours; h++) {
      wagate.advanceWallClock(Duration.ofHours(1));
    }
  }

  private Map<String, Long> sizes() {
    Map<String, Long> sizes = new LinkedHashMap<>();
    for (String name : STORES) {
      KeyValueStore<String, Object> store = wagate.driver.getKeyValueStore(name);
      long count = 0;
      try (KeyValueIterator<String, Object> all = store.all()) {
        while (all.hasNext()) {
          all.next();
          count++;
        }
      }
      sizes.put(name, count);
    }
    return sizes;
  }

  private static void assertEndsInTombstones(TestOutputTopic<String, ?> topic, int keys) {
    Map<String, ?> latest = topic.readKeyValuesToMap();
    assertThat(latest).hasSize(keys);
    assertThat(latest.values()).containsOnlyNulls();
  }

  private <V> TestOutputTopic<String, V> output(Topic<String, V> topic) {
    return wagate.driver.createOutputTopic(
        topic.name(), topic.keySerde().deserializer(), topic.valueSerde().deserializer());
  }
}
