package io.wagate.ingress.signature;

import static org.assertj.core.api.Assertions.assertThat;

import io.wagate.ingress.Fixtures;
import io.wagate.ingress.twilio.FormBody;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Known-answer tests. Twilio's own example vectors come from its documentation (current page:
 * Caller {@code +12349013030}) and from its helper libraries' tests (Caller {@code +14158675309};
 * repeated parameters from twilio-python). The wagate vectors were computed once on the command
 * line, independently of the code under test, by writing out the URL and the parameters sorted by
 * name:
 *
 * <pre>
 * printf '%s' 'https://hooks.example.com/webhooks/twilio/status?requestId=crm-7f3aAccountSidAC01…Towhatsapp:+31612345678' \
 *   | openssl dgst -sha1 -hmac 'wagate-test-auth-token' -binary | base64
 * </pre>
 *
 * All six vectors were re-checked the same way with openssl.
 */
class TwilioSignatureTest {

  private static final String DOCS_URL = "https://mycompany.com/myapp.php?foo=1&bar=2";

  private static final String TOKEN = "wagate-test-auth-token";
  private static final String STATUS_URL =
      "https://hooks.example.com/webhooks/twilio/status?requestId=crm-7f3a";
  private static final String STATUS_SIGNATURE = "7Gzy+8fa2RFhByTfNI58f2QizkU=";
  private static final String STATUS_SIGNATURE_WITHOUT_QUERY = "lOcgvoiYHdUQHpSSmh9xMgwAc+E=";
  private static final String INBOUND_URL = "https://hooks.example.com/webhooks/twilio/inbound";
  private static final String INBOUND_SIGNATURE = "orweYy6jA2PgGTS0XRtNH/u1jAc=";

  @Test
  void shouldMatchTwilioDocumentationExample() {
    // Given: the parameters in the order a form might post them, not sorted
    Map<String, List<String>> params = new LinkedHashMap<>();
    params.put("To", List.of("+18005551212"));
    params.put("Digits", List.of("1234"));
    params.put("From", List.of("+12349013030"));
    params.put("CallSid", List.of("CA1234567890ABCDE"));
    params.put("Caller", List.of("+12349013030"));

    // When
    boolean matches =
        new TwilioSignature("12345").matches(DOCS_URL, params, "0/KCTR6DLpKmkAf8muzZqo1nDgQ=");

    // Then
    assertThat(matches).isTrue();
  }

  @Test
  void shouldMatchTwilioHelperLibraryExample() {
    // Given
    Map<String, List<String>> params =
        Map.of(
            "CallSid", List.of("CA1234567890ABCDE"),
            "Caller", List.of("+14158675309"),
            "Digits", List.of("1234"),
            "From", List.of("+14158675309"),
            "To", List.of("+18005551212"));

    // When
    boolean matches =
        new TwilioSignature("12345").matches(DOCS_URL, params, "RSOYDt4T1cUTdK1PDd93/VVr8B8=");

    // Then
    assertThat(matches).isTrue();
  }

  @Test
  void shouldSignRepeatedParametersAsTwilioLibrariesDo() {
    // Given
    Map<String, List<String>> params = new LinkedHashMap<>();
    params.put("Sid", List.of("CA123"));
    params.put("SidAccount", List.of("AC123"));
    params.put("Digits", List.of("5678", "1234", "1234"));

    // When
    boolean matches =
        new TwilioSignature("12345").matches(DOCS_URL, params, "IK+Dwps556ElfBT0I3Rgjkr1wJU=");

    // Then
    assertThat(matches).isTrue();
  }

  @Test
  void shouldAcceptStatusCallbackPostedOutOfOrderWithQueryString() {
    // Given: the form exactly as posted, names not in sorted order, an empty ErrorMessage
    Map<String, List<String>> form = FormBody.parse(Fixtures.bytes("twilio/status-failed.form"));

    // When
    boolean matches = new TwilioSignature(TOKEN).matches(STATUS_URL, form, STATUS_SIGNATURE);

    // Then
    assertThat(form.keySet()).first().isEqualTo("MessageStatus");
    assertThat(matches).isTrue();
  }

  @Test
  void shouldRejectStatusCallbackWhenTheQueryStringIsLeftOut() {
    // Given
    Map<String, List<String>> form = FormBody.parse(Fixtures.bytes("twilio/status-failed.form"));
    String withoutQuery = STATUS_URL.substring(0, STATUS_URL.indexOf('?'));

    // When
    boolean withQuerySignature =
        new TwilioSignature(TOKEN).matches(withoutQuery, form, STATUS_SIGNATURE);
    boolean ownSignature =
        new TwilioSignature(TOKEN).matches(withoutQuery, form, STATUS_SIGNATURE_WITHOUT_QUERY);

    // Then
    assertThat(withQuerySignature).isFalse();
    assertThat(ownSignature).isTrue();
  }

  @Test
  void shouldAcceptInboundFormWithUtf8Values() {
    // Given
    Map<String, List<String>> form = FormBody.parse(Fixtures.bytes("twilio/inbound-text.form"));

    // When
    boolean matches = new TwilioSignature(TOKEN).matches(INBOUND_URL, form, INBOUND_SIGNATURE);

    // Then
    assertThat(form.get("ProfileName")).containsExactly("René Jansen");
    assertThat(matches).isTrue();
  }

  @Test
  void shouldRejectAChangedParameter() {
    // Given
    Map<String, List<String>> form =
        new LinkedHashMap<>(FormBody.parse(Fixtures.bytes("twilio/status-failed.form")));
    form.put("MessageStatus", List.of("delivered"));

    // When
    boolean matches = new TwilioSignature(TOKEN).matches(STATUS_URL, form, STATUS_SIGNATURE);

    // Then
    assertThat(matches).isFalse();
  }

  @Test
  void shouldRejectAnotherToken() {
    // Given
    Map<String, List<String>> form = FormBody.parse(Fixtures.bytes("twilio/status-failed.form"));

    // When
    boolean matches =
        new TwilioSignature("other-token").matches(STATUS_URL, form, STATUS_SIGNATURE);

    // Then
    assertThat(matches).isFalse();
  }

  @Test
  void shouldRejectAMissingSignature() {
    // Given
    Map<String, List<String>> form = FormBody.parse(Fixtures.bytes("twilio/status-failed.form"));

    // When
    boolean matches = new TwilioSignature(TOKEN).matches(STATUS_URL, form, null);

    // Then
    assertThat(matches).isFalse();
  }
}
