package io.wagate.streams.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wagate.schemas.config.Environment;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportConfigTest {

  @Test
  void shouldUseTheDocumentedDefaults() {
    // When
    ReportConfig config = WagateConfig.defaults("localhost:9092").reports();
    // Then
    assertThat(config.requestRetention()).isEqualTo(Duration.ofDays(7));
    assertThat(config.dayRetention()).isEqualTo(Duration.ofDays(400));
    assertThat(config.campaignIdle()).isEqualTo(Duration.ofDays(400));
    assertThat(config.conversationIdle()).isEqualTo(Duration.ofDays(400));
    assertThat(config.optOutWindow()).isEqualTo(Duration.ofDays(7));
  }

  @Test
  void shouldReadEverySettingFromTheEnvironment() {
    // Given
    Environment env =
        Environment.of(
            Map.of(
                "WAGATE_REPORT_REQUEST_RETENTION", "P2D",
                "WAGATE_REPORT_DAY_RETENTION", "P30D",
                "WAGATE_REPORT_CAMPAIGN_IDLE", "P90D",
                "WAGATE_REPORT_CONVERSATION_IDLE", "P60D",
                "WAGATE_REPORT_OPT_OUT_WINDOW", "PT72H",
                "WAGATE_REPORTS", "false"));
    // When
    ReportConfig config = ReportConfig.from(env);
    // Then
    assertThat(config)
        .isEqualTo(
            new ReportConfig(
                Duration.ofDays(2),
                Duration.ofDays(30),
                Duration.ofDays(90),
                Duration.ofDays(60),
                Duration.ofHours(72),
                false));
  }

  @Test
  void shouldRefuseASettingThatIsNotPositiveNamingIt() {
    assertThatThrownBy(
            () -> ReportConfig.from(Environment.of(Map.of("WAGATE_REPORT_OPT_OUT_WINDOW", "PT0S"))))
        .isInstanceOf(Environment.ConfigurationException.class)
        .hasMessageContaining("WAGATE_REPORT_OPT_OUT_WINDOW");
    assertThatThrownBy(
            () -> ReportConfig.from(Environment.of(Map.of("WAGATE_REPORT_DAY_RETENTION", "PT12H"))))
        .isInstanceOf(Environment.ConfigurationException.class)
        .hasMessageContaining("WAGATE_REPORT_DAY_RETENTION");
    assertThatThrownBy(
            () -> ReportConfig.from(Environment.of(Map.of("WAGATE_REPORT_CAMPAIGN_IDLE", "soon"))))
        .isInstanceOf(Environment.ConfigurationException.class)
        .hasMessageContaining("WAGATE_REPORT_CAMPAIGN_IDLE");
  }
}
