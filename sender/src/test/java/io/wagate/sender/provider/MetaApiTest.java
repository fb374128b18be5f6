package io.wagate.sender.provider;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.wagate.schemas.Json;
import io.wagate.schemas.events.Provider;
import io.wagate.sender.SenderHarness;
import io.wagate.sender.config.NumberSettings;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetaApiTest {

  private static final NumberSettings NUMBER =
      new NumberSettings(
          "+31201234567",
          Provider.META,
          80,
          "106540352242922",
          "token",
          null,
          null,
          null,
          Map.of());

  @Test
  void shouldAddressABusinessScopedUserIdAsRecipientInsteadOfTo() throws Exception {
    // Given
    var message = SenderHarness.text("r-1", "+31201234567", "US.13491208655302741918", "Hi", false);

    // When
    ProviderRequest request = MetaApi.request(message, NUMBER, "https://graph.example", "v24.0");

    // Then
    JsonNode body = Json.MAPPER.readTree(request.body());
    assertThat(body.path("recipient").asText()).isEqualTo("US.13491208655302741918");
    assertThat(body.has("to")).isFalse();
    assertThat(request.uri().toString())
        .isEqualTo("https://graph.example/v24.0/106540352242922/messages");
    assertThat(request.toString()).doesNotContain("token");
  }

  @Test
  void shouldRetryThrottlingCodesAndRejectOthers() {
    // When
    SendResult throttled = MetaApi.answer(400, error(131056), Duration.ofSeconds(6));
    SendResult closedWindow = MetaApi.answer(400, error(131047), null);

    // Then
    assertThat(throttled)
        .isEqualTo(new SendResult.Retryable("131056", "title", Duration.ofSeconds(6), true));
    assertThat(closedWindow).isEqualTo(new SendResult.Rejected("131047", "title"));
  }

  @Test
  void shouldRetryGatewayErrorsWithoutAProviderBodyButNotTrustASuccessWithoutAnId() {
    // When
    SendResult gateway =
        MetaApi.answer(502, "<html>Bad Gateway</html>".getBytes(StandardCharsets.UTF_8), null);
    SendResult noId = MetaApi.answer(200, "{}".getBytes(StandardCharsets.UTF_8), null);

    // Then
    assertThat(gateway).isInstanceOf(SendResult.Retryable.class);
    assertThat(((SendResult.Retryable) gateway).rateLimited()).isFalse();
    assertThat(noId).isInstanceOf(SendResult.Unconfirmed.class);
  }

  private static byte[] error(int code) {
    return ("{\"error\":{\"message\":\"(#"
            + code
            + ") title\",\"type\":\"OAuthException\",\"code\":"
            + code
            + "}}")
        .getBytes(StandardCharsets.UTF_8);
  }
}
