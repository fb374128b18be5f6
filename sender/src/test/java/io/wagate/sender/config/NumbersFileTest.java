package io.wagate.sender.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wagate.schemas.config.Environment;
import io.wagate.schemas.config.Environment.ConfigurationException;
import io.wagate.schemas.events.Provider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NumbersFileTest {

  @TempDir Path dir;

  @Test
  void shouldResolveCredentialsFromEnvironmentAndFiles() throws Exception {
    // Given
    Path token = Files.writeString(dir.resolve("twilio"), "twilio-secret\n");
    String json =
        """
        {"numbers":[
          {"businessNumber":"+31201234567","provider":"META","phoneNumberId":"1",
           "accessToken":{"env":"META_TOKEN"},"messagesPerSecond":1000},
          {"businessNumber":"+14155238886","provider":"twilio","accountSid":"AC1",
           "authToken":{"file":"%s"},"contentSids":{"reminder:en_US":"HX1"}}]}
        """
            .formatted(token);

    // When
    Map<String, NumberSettings> numbers =
        NumbersFile.parse(json, "numbers.json", Environment.of(Map.of("META_TOKEN", "m")), 80);

    // Then
    assertThat(numbers.get("+31201234567").accessToken()).isEqualTo("m");
    assertThat(numbers.get("+31201234567").messagesPerSecond()).isEqualTo(1000);
    NumberSettings twilio = numbers.get("+14155238886");
    assertThat(twilio.provider()).isEqualTo(Provider.TWILIO);
    assertThat(twilio.username()).isEqualTo("AC1");
    assertThat(twilio.password()).isEqualTo("twilio-secret");
    assertThat(twilio.messagesPerSecond()).isEqualTo(80);
    assertThat(twilio.contentSid("reminder", "en_US")).isEqualTo("HX1");
    assertThat(twilio.toString()).doesNotContain("twilio-secret");
  }

  @Test
  void shouldRefuseASecretWrittenInlineNamingTheField() {
    // Given
    String json =
        """
        {"numbers":[{"businessNumber":"+31201234567","provider":"META","phoneNumberId":"1",
          "accessToken":"EAAG-real-token"}]}
        """;

    // Then
    assertThatThrownBy(() -> NumbersFile.parse(json, "numbers.json", Environment.of(Map.of()), 80))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("numbers.json numbers[0].accessToken")
        .hasMessageNotContaining("EAAG");
  }

  @Test
  void shouldRefuseAThroughputAboveMetasHighest() {
    // Given
    String json =
        """
        {"numbers":[{"businessNumber":"+31201234567","provider":"META","phoneNumberId":"1",
          "accessToken":{"env":"T"},"messagesPerSecond":1001}]}
        """;

    // Then
    assertThatThrownBy(
            () -> NumbersFile.parse(json, "numbers.json", Environment.of(Map.of("T", "t")), 80))
        .hasMessageContaining("messagesPerSecond must be between 1 and 1000");
  }

  @Test
  void shouldNameAReferencedVariableThatIsNotSet() {
    // Given
    String json =
        """
        {"numbers":[{"businessNumber":"+31201234567","provider":"META","phoneNumberId":"1",
          "accessToken":{"env":"MISSING_TOKEN"}}]}
        """;

    // Then
    assertThatThrownBy(() -> NumbersFile.parse(json, "numbers.json", Environment.of(Map.of()), 80))
        .hasMessageContaining("MISSING_TOKEN, which is not set");
  }
}
