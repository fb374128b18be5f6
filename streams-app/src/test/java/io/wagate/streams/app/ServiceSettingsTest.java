package io.wagate.streams.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wagate.schemas.config.Environment;
import io.wagate.streams.http.QueryAccess;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServiceSettingsTest {

  @Test
  void shouldListenEverywhereAndAdvertiseLocalhostByDefault() {
    // Given
    Environment env = Environment.of(Map.of());
    // When
    ServiceSettings settings = ServiceSettings.from(env);
    // Then
    assertThat(settings.httpHost()).isEqualTo("0.0.0.0");
    assertThat(settings.advertisedHost()).isEqualTo("localhost");
    assertThat(settings.startupTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(settings.shutdownTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(settings.queryAccess().required()).isFalse();
  }

  @Test
  void shouldReadEverySettingFromTheEnvironment() {
    // Given
    Environment env =
        Environment.of(
            Map.of(
                "WAGATE_HTTP_HOST", "127.0.0.1",
                "WAGATE_ADVERTISED_HOST", "wagate-streams-0.wagate-streams",
                "WAGATE_STARTUP_TIMEOUT", "PT2M",
                "WAGATE_SHUTDOWN_TIMEOUT", "PT10S"));
    // When
    ServiceSettings settings = ServiceSettings.from(env);
    // Then
    assertThat(settings)
        .isEqualTo(
            new ServiceSettings(
                "127.0.0.1",
                "wagate-streams-0.wagate-streams",
                Duration.ofMinutes(2),
                Duration.ofSeconds(10),
                QueryAccess.OPEN));
  }

  @Test
  void shouldNameTheVariableWhenATimeoutIsWrong() {
    // Given
    Environment env = Environment.of(Map.of("WAGATE_STARTUP_TIMEOUT", "PT0S"));
    // When
    // Then
    assertThatThrownBy(() -> ServiceSettings.from(env))
        .isInstanceOf(Environment.ConfigurationException.class)
        .hasMessageContaining("WAGATE_STARTUP_TIMEOUT");
  }
}
