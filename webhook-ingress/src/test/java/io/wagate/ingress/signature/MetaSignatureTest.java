package io.wagate.ingress.signature;

import static org.assertj.core.api.Assertions.assertThat;

import io.wagate.ingress.Fixtures;
import io.wagate.schemas.Json;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Known-answer tests. The expected signatures were computed once on the command line, independently
 * of the code under test, and pasted here:
 *
 * <pre>
 * openssl dgst -sha256 -hmac 'wagate-test-app-secret' fixtures/meta/unicode-escaped.json
 * openssl dgst -sha256 -hmac 'wagate-test-app-secret' fixtures/meta/batch.json
 * printf '%s' '{"hello":"world"}' | openssl dgst -sha256 -hmac 'wagate-test-app-secret'
 * </pre>
 */
class MetaSignatureTest {

  private static final String SECRET = "wagate-test-app-secret";

  private static final String UNICODE_SIGNATURE =
      "sha256=d909277b4621a85b1e7664b28bae711b999a5ba7cbc01d7c6059b7455ec1be2a";
  private static final String BATCH_SIGNATURE =
      "sha256=91e5ddbaa1d4d87bea14c6104c175b575d9a4d3483d2efdafd97fa0272ef478d";
  private static final String HELLO_SIGNATURE =
      "sha256=3e44392b4d3fee965b00f96f738a203c4130b27374dae8ad83ef647989119e6e";

  private final MetaSignature signature = new MetaSignature(SECRET);

  @Test
  void shouldAcceptSignatureOverRawBytesWithEscapedUnicode() {
    // Given
    byte[] body = Fixtures.bytes("meta/unicode-escaped.json");

    // When
    boolean matches = signature.matches(body, UNICODE_SIGNATURE);

    // Then
    assertThat(new String(body, StandardCharsets.US_ASCII)).contains("Ren\\u00e9");
    assertThat(matches).isTrue();
  }

  @Test
  void shouldRejectTheSameJsonReserialised() throws Exception {
    // Given: the same document, written back by a JSON library (é as UTF-8, not \u00e9)
    byte[] reserialised =
        Json.MAPPER.writeValueAsBytes(
            Json.MAPPER.readTree(Fixtures.bytes("meta/unicode-escaped.json")));

    // When
    boolean matches = signature.matches(reserialised, UNICODE_SIGNATURE);

    // Then
    assertThat(new String(reserialised, StandardCharsets.UTF_8)).contains("René");
    assertThat(matches).isFalse();
  }

  @Test
  void shouldAcceptSignatureOfAPrettyPrintedBatch() {
    // Given
    byte[] body = Fixtures.bytes("meta/batch.json");

    // When
    boolean matches = signature.matches(body, BATCH_SIGNATURE);

    // Then
    assertThat(matches).isTrue();
  }

  @Test
  void shouldAcceptSignatureOfAShortBody() {
    // Given
    byte[] body = "{\"hello\":\"world\"}".getBytes(StandardCharsets.UTF_8);

    // When
    boolean matches = signature.matches(body, HELLO_SIGNATURE);

    // Then
    assertThat(matches).isTrue();
  }

  @Test
  void shouldAcceptUpperCaseHexDigits() {
    // Given
    String upper = "sha256=" + UNICODE_SIGNATURE.substring("sha256=".length()).toUpperCase();

    // When
    boolean matches = signature.matches(Fixtures.bytes("meta/unicode-escaped.json"), upper);

    // Then
    assertThat(matches).isTrue();
  }

  @Test
  void shouldRejectAMissingSignature() {
    // Given
    byte[] body = Fixtures.bytes("meta/unicode-escaped.json");

    // When
    boolean matches = signature.matches(body, null);

    // Then
    assertThat(matches).isFalse();
  }

  @Test
  void shouldRejectASignatureWithoutItsPrefix() {
    // Given
    String bare = UNICODE_SIGNATURE.substring("sha256=".length());

    // When
    boolean matches = signature.matches(Fixtures.bytes("meta/unicode-escaped.json"), bare);

    // Then
    assertThat(matches).isFalse();
  }

  @Test
  void shouldRejectASignatureMadeWithAnotherSecret() {
    // Given
    MetaSignature other = new MetaSignature("another-secret");

    // When
    boolean matches = other.matches(Fixtures.bytes("meta/unicode-escaped.json"), UNICODE_SIGNATURE);

    // Then
    assertThat(matches).isFalse();
  }

  @Test
  void shouldRejectABodyChangedByOneByte() {
    // Given
    byte[] body = Fixtures.bytes("meta/unicode-escaped.json");
    body[40] ^= 0x01;

    // When
    boolean matches = signature.matches(body, UNICODE_SIGNATURE);

    // Then
    assertThat(matches).isFalse();
  }
}
