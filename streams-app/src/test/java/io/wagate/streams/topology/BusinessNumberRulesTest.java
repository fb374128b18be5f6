package io.wagate.streams.topology;

import static io.wagate.streams.topology.WagateDriver.at;
import static io.wagate.streams.topology.WagateDriver.minutes;
import static org.assertj.core.api.Assertions.assertThat;

import io.wagate.schemas.events.OutboundMessage;
import io.wagate.schemas.events.Purpose;
import io.wagate.streams.config.WagateConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** DOMAIN.md §5: business numbers. */
class BusinessNumberRulesTest {

  private final WagateDriver wagate = new WagateDriver();

  @AfterEach
  void close() {
    wagate.close();
  }

  @Test
  void shouldAutoReplyFromDisabledNumberWithConfiguredText() {
    // Given
    wagate.configureNumber(false, false, "We moved! Message us on +31 20 999 9999.");
    // When
    wagate.userWrites("Hi, can I book?", at(minutes(0)));
    // Then
    OutboundMessage reply = wagate.freeform.readValue();
    assertThat(reply.purpose()).isEqualTo(Purpose.AUTO_REPLY);
    assertThat(reply.text().body()).isEqualTo("We moved! Message us on +31 20 999 9999.");
    assertThat(reply.to()).isEqualTo(WagateDriver.CONTACT);
  }

  @Test
  void shouldAutoReplyFromDisabledNumberWithDefaultText() {
    // Given
    wagate.configureNumber(false, false, null);
    // When
    wagate.userWrites("Hi", at(minutes(0)));
    // Then
    assertThat(wagate.freeform.readValue().text().body())
        .isEqualTo(WagateConfig.DEFAULT_DISABLED_NUMBER_REPLY);
  }

  @Test
  void shouldNotAutoReplyFromEnabledNumber() {
    // Given
    wagate.configureNumber(true, false, "unused");
    // When
    wagate.userWrites("Hi", at(minutes(0)));
    // Then
    assertThat(wagate.freeform.isEmpty()).isTrue();
  }
}
