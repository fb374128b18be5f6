package io.wagate.sender.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wagate.schemas.config.Environment;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SenderConfigTest {

  private static final String TWILIO =
      "{\"numbers\":[{\"businessNumber\":\"+14155238886\",\"provider\":\"TWILIO\","
          + "\"accountSid\":\"AC1\",\"authToken\":{\"env\":\"T\"}}]}";

  @Test
  void shouldRequireThePublicUrlWhenATwilioNumberNeedsStatusCallbacks() {
    // Given
    Map<String, String> env = base();

    // Then
    assertThatThrownBy(() -> SenderConfig.from(Environment.of(env)))
        .hasMessageContaining("WAGATE_PUBLIC_BASE_URL must be set when a Twilio number");
  }

  @Test
  void shouldForceReadCommittedAndTransactionsWhateverKafkaVariablesSay() {
    // Given
    Map<String, String> env = base();
    env.put("WAGATE_PUBLIC_BASE_URL", "https://hooks.example.com/");
    env.put("KAFKA_ISOLATION_LEVEL", "read_uncommitted");
    env.put("KAFKA_ENABLE_AUTO_COMMIT", "true");
    env.put("WAGATE_SENDER_INSTANCE_ID", "Sender-1");

    // When
    SenderConfig config = SenderConfig.from(Environment.of(env));

    // Then
    assertThat(config.kafka().getProperty("isolation.level")).isEqualTo("read_committed");
    assertThat(config.kafka().getProperty("enable.auto.commit")).isEqualTo("false");
    assertThat(config.kafka().getProperty("transactional.id")).isEqualTo("wagate-sender-sender-1");
    assertThat(config.kafka().getProperty("group.instance.id")).isEqualTo("wagate-sender-sender-1");
    assertThat(config.publicBaseUrl()).isEqualTo("https://hooks.example.com");
    assertThat(config.port()).isEqualTo(8082);
    assertThat(config.contactInterval()).isEqualTo(Duration.ofSeconds(6));
  }

  @Test
  void shouldNotBeAStaticGroupMemberWithoutAnExplicitInstanceId() {
    // Given
    Map<String, String> env = base();
    env.put("WAGATE_PUBLIC_BASE_URL", "https://hooks.example.com");
    env.put("HOSTNAME", "pod-7f9c");

    // When
    SenderConfig config = SenderConfig.from(Environment.of(env));

    // Then
    assertThat(config.kafka().getProperty("transactional.id")).isEqualTo("wagate-sender-pod-7f9c");
    assertThat(config.kafka().getProperty("group.instance.id")).isNull();
  }

  private static Map<String, String> base() {
    Map<String, String> env = new HashMap<>();
    env.put("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092");
    env.put("WAGATE_SENDER_NUMBERS", TWILIO);
    env.put("T", "token");
    return env;
  }
}
