package io.wagate.ingress.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wagate.schemas.config.Environment;
import io.wagate.schemas.config.Environment.ConfigurationException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IngressConfigTest {

  private static final Map<String, String> MINIMAL = Map.of("KAFKA_BOOTSTRAP_SERVERS", "k:9092");

  @Test
  void shouldApplyTheDocumentedDefaults() {
    // Given
    Environment env = Environment.of(MINIMAL);

    // When
    IngressConfig config = IngressConfig.from(env);

    // Then
    assertThat(config.port()).isEqualTo(8080);
    assertThat(config.host()).isEqualTo("0.0.0.0");
    assertThat(config.maxBodyBytes()).isEqualTo(1024 * 1024);
    assertThat(config.publishTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(config.idleTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.shutdownTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.readinessInterval()).isEqualTo(Duration.ofSeconds(5));
    assertThat(config.metaAppSecret()).isNull();
    assertThat(config.twilioAuthToken()).isNull();
    assertThat(config.kafka().getProperty("bootstrap.servers")).isEqualTo("k:9092");
  }

  @Test
  void shouldFailNamingTheMissingBootstrapServers() {
    // Given
    Environment env = Environment.of(Map.of());

    // When / Then
    assertThatThrownBy(() -> IngressConfig.from(env))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("KAFKA_BOOTSTRAP_SERVERS");
  }

  @Test
  void shouldFailNamingAMalformedPublishTimeout() {
    // Given
    Environment env =
        Environment.of(MINIMAL).with(Map.of("WAGATE_INGRESS_PUBLISH_TIMEOUT", "10 seconds"));

    // When / Then
    assertThatThrownBy(() -> IngressConfig.from(env))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("WAGATE_INGRESS_PUBLISH_TIMEOUT");
  }

  @Test
  void shouldFailNamingANonPositiveBodyLimit() {
    // Given
    Environment env = Environment.of(MINIMAL).with(Map.of("WAGATE_INGRESS_MAX_BODY_BYTES", "0"));

    // When / Then
    assertThatThrownBy(() -> IngressConfig.from(env))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("WAGATE_INGRESS_MAX_BODY_BYTES");
  }

  @Test
  void shouldRequireTheIdleTimeoutToOutlastThePublishTimeout() {
    // Given
    Environment env =
        Environment.of(MINIMAL)
            .with(
                Map.of(
                    "WAGATE_INGRESS_PUBLISH_TIMEOUT", "PT30S",
                    "WAGATE_INGRESS_IDLE_TIMEOUT", "PT20S",
                    "WAGATE_INGRESS_SHUTDOWN_TIMEOUT", "PT60S"));

    // When / Then
    assertThatThrownBy(() -> IngressConfig.from(env))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("WAGATE_INGRESS_IDLE_TIMEOUT")
        .hasMessageContaining("WAGATE_INGRESS_PUBLISH_TIMEOUT");
  }

  @Test
  void shouldRequireTheDrainToOutlastThePublishTimeout() {
    // Given
    Environment env =
        Environment.of(MINIMAL).with(Map.of("WAGATE_INGRESS_SHUTDOWN_TIMEOUT", "PT5S"));

    // When / Then
    assertThatThrownBy(() -> IngressConfig.from(env))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("WAGATE_INGRESS_SHUTDOWN_TIMEOUT");
  }

  @Test
  void shouldReadSecretsFromFiles(@TempDir Path dir) throws Exception {
    // Given
    Path secret = Files.writeString(dir.resolve("app-secret"), "s3cret\n", StandardCharsets.UTF_8);
    Path token = Files.writeString(dir.resolve("auth-token"), "t0ken", StandardCharsets.UTF_8);
    Environment env =
        Environment.of(MINIMAL)
            .with(
                Map.of(
                    "WAGATE_META_APP_SECRET_FILE", secret.toString(),
                    "WAGATE_TWILIO_AUTH_TOKEN_FILE", token.toString(),
                    "WAGATE_PUBLIC_BASE_URL", "https://hooks.example.com/"));

    // When
    IngressConfig config = IngressConfig.from(env);

    // Then
    assertThat(config.metaAppSecret()).isEqualTo("s3cret");
    assertThat(config.twilioAuthToken()).isEqualTo("t0ken");
    assertThat(config.publicBaseUrl()).isEqualTo("https://hooks.example.com");
  }

  @Test
  void shouldFailNamingAnUnreadableSecretFile(@TempDir Path dir) {
    // Given
    Environment env =
        Environment.of(MINIMAL)
            .with(Map.of("WAGATE_META_VERIFY_TOKEN_FILE", dir.resolve("absent").toString()));

    // When / Then
    assertThatThrownBy(() -> IngressConfig.from(env))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("WAGATE_META_VERIFY_TOKEN_FILE");
  }

  @Test
  void shouldRefuseASecretGivenTwice(@TempDir Path dir) throws Exception {
    // Given
    Path secret = Files.writeString(dir.resolve("app-secret"), "s3cret", StandardCharsets.UTF_8);
    Environment env =
        Environment.of(MINIMAL)
            .with(
                Map.of(
                    "WAGATE_META_APP_SECRET",
                    "other",
                    "WAGATE_META_APP_SECRET_FILE",
                    secret.toString()));

    // When / Then
    assertThatThrownBy(() -> IngressConfig.from(env))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("WAGATE_META_APP_SECRET")
        .hasMessageContaining("WAGATE_META_APP_SECRET_FILE");
  }

  @Test
  void shouldRequireThePublicUrlForTwilio() {
    // Given
    Environment env = Environment.of(MINIMAL).with(Map.of("WAGATE_TWILIO_AUTH_TOKEN", "t0ken"));

    // When / Then
    assertThatThrownBy(() -> IngressConfig.from(env))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("WAGATE_PUBLIC_BASE_URL");
  }

  @Test
  void shouldRejectAPublicUrlWithAQuery() {
    // Given
    Environment env =
        Environment.of(MINIMAL)
            .with(Map.of("WAGATE_PUBLIC_BASE_URL", "https://h.example.com/?a=1"));

    // When / Then
    assertThatThrownBy(() -> IngressConfig.from(env))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("WAGATE_PUBLIC_BASE_URL");
  }

  @Test
  void shouldNeverPrintSecrets() {
    // Given
    Environment env =
        Environment.of(MINIMAL)
            .with(
                Map.of(
                    "WAGATE_META_APP_SECRET", "meta-app-secret-value",
                    "WAGATE_META_VERIFY_TOKEN", "verify-token-value",
                    "WAGATE_TWILIO_AUTH_TOKEN", "twilio-token-value",
                    "WAGATE_PUBLIC_BASE_URL", "https://hooks.example.com"));

    // When
    String text = IngressConfig.from(env).toString();

    // Then
    assertThat(text)
        .doesNotContain("meta-app-secret-value", "verify-token-value", "twilio-token-value")
        .contains("metaAppSecret=<set>");
  }

  @Test
  void shouldReadTheMetaFieldsToIgnoreAsACommaSeparatedListAndIgnoreNoneByDefault() {
    // Given
    Environment env =
        Environment.of(MINIMAL)
            .with(Map.of("WAGATE_META_IGNORED_FIELDS", " messages, user_preferences ,,"));

    // When
    IngressConfig config = IngressConfig.from(env);

    // Then
    assertThat(config.metaIgnoredFields())
        .containsExactlyInAnyOrder("messages", "user_preferences");
    assertThat(IngressConfig.from(Environment.of(MINIMAL)).metaIgnoredFields()).isEmpty();
  }
}
