package io.wagate.streams.topology;

import static io.wagate.streams.topology.WagateDriver.at;
import static io.wagate.streams.topology.WagateDriver.hours;
import static io.wagate.streams.topology.WagateDriver.minutes;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.wagate.schemas.Json;
import io.wagate.schemas.events.Category;
import io.wagate.streams.app.NumberHealthGauges;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/**
 * What SREs see of messaging limits and number health: each number's send rate, messages to one
 * contact sooner than Meta's pair rate limit allows, each portfolio's gauges on the instance that
 * counts it, and the numbers Meta flagged or banned. No phone number in any label.
 */
class LimitMetricsTest {

  private static final String SALON = "+31201111111";
  private static final String WABA = "102290129340398";

  private static String contact(int i) {
    return "+316" + (40_000_000 + i);
  }

  private static double counted(MeterRegistry registry, String name, String... tags) {
    Counter counter = registry.find(name).tags(tags).counter();
    return counter == null ? 0 : counter.count();
  }

  private static void noNumberInAnyLabel(MeterRegistry registry) {
    for (Meter meter : registry.getMeters()) {
      for (Tag tag : meter.getId().getTags()) {
        assertThat(tag.getValue())
            .as("label %s of %s", tag.getKey(), meter.getId().getName())
            .doesNotContain("3120")
            .doesNotContain("316");
      }
    }
  }

  @Test
  void shouldCountEveryRoutedMessageOfANumberUnderItsHashedLabel() {
    try (WagateDriver wagate = new WagateDriver()) {
      // Given
      wagate.configureNumber(SALON, false, null, null);
      for (int i = 0; i < 3; i++) {
        wagate.optedIn(SALON, contact(i), at(minutes(0)));
      }
      // When three templates go to three contacts, a minute apart
      for (int i = 0; i < 3; i++) {
        wagate.sendTemplate("r-" + i, SALON, contact(i), Category.UTILITY, at(minutes(1 + i)));
      }
      // Then
      assertThat(wagate.template.readValuesToList()).hasSize(3);
      Counter sends = wagate.registry.find("wagate.number.sends").counter();
      assertThat(sends).isNotNull();
      assertThat(sends.count()).isEqualTo(3);
      assertThat(sends.getId().getTag("number")).matches("number-[0-9a-f]{8}");
      assertThat(counted(wagate.registry, "wagate.contact.rapid_sends")).isZero();
      noNumberInAnyLabel(wagate.registry);
    }
  }

  @Test
  void shouldCountAMessageToAContactLessThanSixSecondsAfterThePreviousOne() {
    try (WagateDriver wagate = new WagateDriver()) {
      // Given
      wagate.configureNumber(SALON, false, null, null);
      wagate.optedIn(SALON, contact(0), at(minutes(0)));
      wagate.optedIn(SALON, contact(1), at(minutes(0)));
      // When a contact gets a second template 2 s after the first and a third 10 s after that,
      // and another contact one in between
      wagate.sendTemplate("r-1", SALON, contact(0), Category.UTILITY, at(minutes(1)));
      wagate.sendTemplate("r-x", SALON, contact(1), Category.UTILITY, at(minutes(1)));
      wagate.sendTemplate(
          "r-2", SALON, contact(0), Category.UTILITY, at(minutes(1).plusSeconds(2)));
      wagate.sendTemplate(
          "r-3", SALON, contact(0), Category.UTILITY, at(minutes(1).plusSeconds(12)));
      // Then only the second to the first contact was too soon
      assertThat(wagate.template.readValuesToList()).hasSize(4);
      assertThat(counted(wagate.registry, "wagate.contact.rapid_sends")).isEqualTo(1);
    }
  }

  @Test
  void shouldExportAPortfoliosGaugesOnlyWhileItsTaskIsOnThisInstance() {
    WagateDriver wagate = new WagateDriver();
    // Given a portfolio that counted a contact
    wagate.configureNumber(SALON, false, "salon-group", null);
    wagate.limit("salon-group", 250);
    wagate.optedIn(SALON, contact(0), at(minutes(0)));
    wagate.sendTemplate("r-0", SALON, contact(0), Category.UTILITY, at(minutes(1)));
    assertThat(
            wagate.registry.find("wagate.portfolio.used").tag("portfolio", "salon-group").gauge())
        .isNotNull()
        .satisfies(gauge -> assertThat(gauge.value()).isEqualTo(1));
    // When its task closes, as when a rebalance moves it to another instance
    wagate.close();
    // Then this instance no longer exports a count that would go stale
    assertThat(wagate.registry.find("wagate.portfolio.used").gauges()).isEmpty();
    assertThat(wagate.registry.find("wagate.portfolio.limit").gauges()).isEmpty();
  }

  @Test
  void shouldCountFlaggedAndBannedNumbersFromWhatMetaSaid() {
    try (WagateDriver wagate = new WagateDriver()) {
      // Given two numbers of one account, and the health gauges on the driver's global stores
      MeterRegistry registry = new SimpleMeterRegistry();
      NumberHealthGauges.bind(
          registry,
          () -> wagate.driver.getKeyValueStore(StoreNames.NUMBER_STATES),
          () -> wagate.driver.getKeyValueStore(StoreNames.BUSINESS_NUMBERS),
          Clock.fixed(at(hours(3)), ZoneOffset.UTC),
          Duration.ZERO);
      wagate.configureNumber(SALON, false, null, WABA);
      wagate.configureNumber("+31202222222", false, null, WABA);
      assertThat(gauge(registry, "wagate.numbers", "state", "flagged")).isZero();
      // When Meta flags one number, then bans the account
      wagate.accountEvent(
          "phone_number_quality_update",
          SALON,
          WABA,
          "FLAGGED",
          null,
          null,
          null,
          null,
          null,
          at(minutes(1)));
      assertThat(gauge(registry, "wagate.numbers", "state", "flagged")).isEqualTo(1);
      ObjectNode ban = Json.MAPPER.createObjectNode();
      ban.put("event", "DISABLED_UPDATE").putObject("ban_info").put("waba_ban_state", "DISABLE");
      wagate.accountEvent(
          "account_update",
          null,
          WABA,
          "DISABLED_UPDATE",
          null,
          null,
          null,
          "DISABLE",
          ban,
          at(hours(1)));
      // Then
      assertThat(gauge(registry, "wagate.accounts", "state", "disabled")).isEqualTo(1);
      assertThat(gauge(registry, "wagate.numbers", "state", "disabled")).isEqualTo(2);
      assertThat(gauge(registry, "wagate.numbers", "state", "flagged")).isEqualTo(1);
      assertThat(gauge(registry, "wagate.numbers.by_quality", "quality", "unknown")).isEqualTo(2);
      noNumberInAnyLabel(registry);
    }
  }

  private static double gauge(MeterRegistry registry, String name, String key, String value) {
    return registry.get(name).tag(key, value).gauge().value();
  }
}
