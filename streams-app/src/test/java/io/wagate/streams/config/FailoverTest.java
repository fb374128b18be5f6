package io.wagate.streams.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wagate.schemas.config.Environment;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FailoverTest {

  private static final String GROUP_INSTANCE_ID = "group.instance.id";

  @Test
  void shouldMakeTheInstanceIdTheStaticGroupMembership() {
    // Given
    Environment env = env(Map.of("WAGATE_INSTANCE_ID", "wagate-streams-1"));
    // When
    WagateConfig config = WagateConfig.from(env);
    // Then
    assertThat(config.kafka().getProperty(GROUP_INSTANCE_ID)).isEqualTo("wagate-streams-1");
  }

  @Test
  void shouldStayDynamicWithoutAnInstanceId() {
    // When
    WagateConfig config = WagateConfig.from(env(Map.of()));
    // Then
    assertThat(config.kafka().getProperty(GROUP_INSTANCE_ID)).isNull();
  }

  @Test
  void shouldLeaveAnExplicitGroupInstanceIdAlone() {
    // Given
    Environment env =
        env(Map.of("WAGATE_INSTANCE_ID", "pod-0", "KAFKA_GROUP_INSTANCE_ID", "explicit"));
    // When
    WagateConfig config = WagateConfig.from(env);
    // Then
    assertThat(config.kafka().getProperty(GROUP_INSTANCE_ID)).isEqualTo("explicit");
  }

  @Test
  void shouldNotGiveTheStreamsProtocolAnInstanceIdItsBrokersRefuse() {
    // Given
    Environment env = env(Map.of("WAGATE_INSTANCE_ID", "pod-0", "KAFKA_GROUP_PROTOCOL", "Streams"));
    // When
    WagateConfig config = WagateConfig.from(env);
    // Then
    assertThat(config.kafka().getProperty(GROUP_INSTANCE_ID)).isNull();
    assertThat(config.kafka().getProperty("group.protocol")).isEqualTo("Streams");
  }

  @Test
  void shouldNameTheVariableWhenTheInstanceIdIsNotAValidKafkaId() {
    // Given
    Environment env = env(Map.of("WAGATE_INSTANCE_ID", "pod 0/with spaces"));
    // When / Then
    assertThatThrownBy(() -> WagateConfig.from(env))
        .isInstanceOf(Environment.ConfigurationException.class)
        .hasMessageContaining("WAGATE_INSTANCE_ID");
  }

  @Test
  void shouldNoticeALostInstanceWithinTheShorterSessionTimeout() {
    // When
    WagateConfig config = WagateConfig.from(env(Map.of()));
    // Then
    assertThat(config.kafka().getProperty("session.timeout.ms"))
        .isEqualTo(Long.toString(Failover.SESSION_TIMEOUT.toMillis()));
  }

  @Test
  void shouldLetTheOperatorSetTheSessionTimeout() {
    // Given
    Environment env = env(Map.of("KAFKA_SESSION_TIMEOUT_MS", "45000"));
    // When
    WagateConfig config = WagateConfig.from(env);
    // Then
    assertThat(config.kafka().getProperty("session.timeout.ms")).isEqualTo("45000");
  }

  @Test
  void shouldLeaveTheSessionTimeoutToTheBrokerUnderTheStreamsProtocol() {
    // Given
    Environment env = env(Map.of("KAFKA_GROUP_PROTOCOL", "streams"));
    // When
    WagateConfig config = WagateConfig.from(env);
    // Then
    assertThat(config.kafka().getProperty("session.timeout.ms")).isNull();
  }

  private static Environment env(Map<String, String> variables) {
    Map<String, String> all = new HashMap<>(variables);
    all.put("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092");
    return Environment.of(all);
  }
}
