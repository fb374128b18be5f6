package io.wagate.streams.topology;

import static io.wagate.streams.topology.WagateDriver.ANNA;
import static io.wagate.streams.topology.WagateDriver.BUSINESS;
import static io.wagate.streams.topology.WagateDriver.START;
import static org.assertj.core.api.Assertions.assertThat;

import io.wagate.schemas.events.Category;
import io.wagate.schemas.events.InboundMessage;
import io.wagate.schemas.events.Kind;
import io.wagate.schemas.events.Provider;
import io.wagate.schemas.events.SendRequest;
import io.wagate.schemas.events.StatusCallback;
import io.wagate.schemas.events.TemplateContent;
import io.wagate.schemas.events.TextContent;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Every stored thing has an end: three weeks of traffic (messages, replies, templates, opt-in
 * requests that expire, failures that close windows, hold marketing and pause the number,
 * preference changes), then two quiet weeks on the wall clock, and every store is back at its
 * floor: only what must be remembered (consent the contacts expressed, what wagate learned about
 * the number).
 */
class StoreGrowthTest {

  private static final int DAYS = 21;
  private static final int CONTACTS_PER_DAY = 25;

  private final WagateDriver wagate = new WagateDriver();
  private Instant now = START;
  private int ids;

  @AfterEach
  void close() {
    wagate.close();
  }

  @Test
  void shouldReturnEveryStoreToItsFloorAfterWeeksOfTraffic() {
    // Given a number that asks for consent
    wagate.configureNumber(true, true, null);
    int stopped = 0;
    Map<String, Long> peak = new LinkedHashMap<>();
    // When three weeks of traffic pass
    for (int day = 0; day < DAYS; day++) {
      for (int i = 0; i < CONTACTS_PER_DAY; i++) {
        String contact = "+316" + String.format("%08d", 20_000_000 + day * 1_000 + i);
        switch (i % 5) {
          case 0 -> {
            // writes in, gets a reply and a template; the provider closes the window early
            writes(contact, "Hi", "text");
            request(contact, Kind.TEXT, null);
            String template = request(contact, Kind.TEMPLATE, Category.UTILITY);
            fails(contact, template, "63016");
          }
          case 1 -> {
            // a marketing template inside the window, held by the provider for a day
            writes(contact, "Hello", "text");
            fails(contact, request(contact, Kind.TEMPLATE, Category.MARKETING), "131049");
          }
          case 2 -> request(contact, Kind.TEMPLATE, Category.UTILITY); // parked, expires
          case 3 -> {
            writes(contact, "stop", "user_preferences"); // a preference change
            writes(contact, "Thanks", "text");
            writes(contact, "See you", "text");
          }
          default -> {
            if (day % 7 == 0) {
              writes(contact, "STOP", "text"); // remembered for good
              stopped++;
            } else {
              fails(contact, request(contact, Kind.TEMPLATE, Category.UTILITY), "63018");
            }
          }
        }
      }
      passHours(24);
      record(peak);
    }
    passHours(24 * 14);
    // Then
    Map<String, Long> sizes = sizes();
    assertThat(peak.get(StoreNames.CONVERSATIONS)).isGreaterThan(100);
    assertThat(peak.get(StoreNames.REQUESTS)).isGreaterThan(150);
    assertThat(peak.get(StoreNames.INBOUND_IDS)).isGreaterThan(150);
    assertThat(peak.get(StoreNames.TIMERS)).isGreaterThan(20);
    assertThat(sizes.get(StoreNames.REQUESTS)).isZero();
    assertThat(sizes.get(StoreNames.REQUEST_IDS)).isZero();
    assertThat(sizes.get(StoreNames.INBOUND_IDS)).isZero();
    assertThat(sizes.get(StoreNames.TIMERS)).isZero();
    // Consent expressed by the contacts stays: the opt-outs, and marketing stops by preference
    long withConsent = stopped + (long) DAYS * CONTACTS_PER_DAY / 5;
    assertThat(sizes.get(StoreNames.CONVERSATIONS)).isEqualTo(withConsent);
    assertThat(sizes.get(StoreNames.NUMBER_STATE)).isEqualTo(1);
  }

  private void writes(String contact, String text, String type) {
    now = now.plusSeconds(1);
    wagate.inbound.pipeInput(
        BUSINESS + "|" + contact,
        new InboundMessage(
            Provider.META, "wamid.g" + ids++, BUSINESS, contact, "Anna", type, text, null, now),
        now);
  }

  private String request(String contact, Kind kind, Category category) {
    now = now.plusSeconds(1);
    String requestId = "g-" + ids++;
    wagate.requests.pipeInput(
        requestId,
        new SendRequest(
            requestId,
            BUSINESS,
            contact,
            null,
            kind,
            kind == Kind.TEMPLATE
                ? new TemplateContent("reminder", "en_US", category, List.of("Anna"))
                : null,
            kind == Kind.TEXT ? new TextContent("See you", false) : null,
            ANNA,
            null,
            null,
            null,
            now),
        now);
    return requestId;
  }

  private void fails(String contact, String requestId, String code) {
    now = now.plusSeconds(1);
    wagate.callbacks.pipeInput(
        BUSINESS + "|" + contact,
        new StatusCallback(
            Provider.TWILIO,
            "SM" + requestId,
            requestId,
            BUSINESS,
            contact,
            "failed",
            code,
            "",
            now),
        now);
  }

  private void passHours(int hours) {
    for (int h = 0; h < hours; h++) {
      wagate.advanceWallClock(Duration.ofHours(1));
      now = now.plus(Duration.ofHours(1));
    }
  }

  private void record(Map<String, Long> peak) {
    sizes().forEach((store, size) -> peak.merge(store, size, Math::max));
  }

  private Map<String, Long> sizes() {
    Map<String, Long> sizes = new LinkedHashMap<>();
    for (String name :
        List.of(
            StoreNames.CONVERSATIONS,
            StoreNames.REQUESTS,
            StoreNames.REQUEST_IDS,
            StoreNames.INBOUND_IDS,
            StoreNames.TIMERS,
            StoreNames.NUMBER_STATE)) {
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
}
