package io.wagate.local.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.wagate.ingress.signature.MetaSignature;
import io.wagate.ingress.signature.TwilioSignature;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The demo's signatures against answers computed with openssl, independently of this code, and
 * against the ingress's own verifiers:
 *
 * <pre>
 * printf '%s' '{"hello":"world"}' | openssl dgst -sha256 -hmac 'wagate-test-app-secret'
 * printf '%s' 'http://localhost:8080/webhooks/twilio/status?requestId=demo-1ErrorCode63016ErrorMessageMessageSidSM1MessageStatusfailed' \
 *   | openssl dgst -sha1 -hmac 'wagate-test-auth-token' -binary | base64
 * </pre>
 */
class WebhookSigningTest {

  private static final String APP_SECRET = "wagate-test-app-secret";
  private static final String AUTH_TOKEN = "wagate-test-auth-token";
  private static final String STATUS_URL =
      "http://localhost:8080/webhooks/twilio/status?requestId=demo-1";

  @Test
  void shouldSignMetaBodiesAsOpensslDoes() {
    // Given
    byte[] body = "{\"hello\":\"world\"}".getBytes(StandardCharsets.UTF_8);

    // When
    String signature = WebhookSigning.meta(APP_SECRET, body);

    // Then
    assertThat(signature)
        .isEqualTo("sha256=3e44392b4d3fee965b00f96f738a203c4130b27374dae8ad83ef647989119e6e");
  }

  @Test
  void shouldSignTwilioFormsAsOpensslDoesWithParametersSortedByName() {
    // Given: posting order differs from the sorted order, and one value is empty
    Map<String, String> form = statusForm();

    // When
    String signature = WebhookSigning.twilio(AUTH_TOKEN, STATUS_URL, form);

    // Then
    assertThat(signature).isEqualTo("QcpVMTpEcl//epAQMDDezpWih04=");
  }

  @Test
  void shouldPassTheIngressVerifiersOnlyWithTheRightSecrets() {
    // Given
    byte[] body = "{\"object\":\"whatsapp_business_account\"}".getBytes(StandardCharsets.UTF_8);
    Map<String, List<String>> parameters =
        statusForm().entrySet().stream()
            .collect(Collectors.toMap(Map.Entry::getKey, entry -> List.of(entry.getValue())));

    // When
    String meta = WebhookSigning.meta(APP_SECRET, body);
    String twilio = WebhookSigning.twilio(AUTH_TOKEN, STATUS_URL, statusForm());

    // Then
    assertThat(new MetaSignature(APP_SECRET).matches(body, meta)).isTrue();
    assertThat(new MetaSignature("another-secret").matches(body, meta)).isFalse();
    assertThat(new TwilioSignature(AUTH_TOKEN).matches(STATUS_URL, parameters, twilio)).isTrue();
    assertThat(new TwilioSignature(AUTH_TOKEN).matches(STATUS_URL + "x", parameters, twilio))
        .isFalse();
  }

  private static Map<String, String> statusForm() {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("MessageStatus", "failed");
    form.put("MessageSid", "SM1");
    form.put("ErrorMessage", "");
    form.put("ErrorCode", "63016");
    return form;
  }
}
