package io.wagate.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class DemoSecretsTest {

  @Test
  void shouldGenerateDifferentHexSecretsEachTime() {
    // Given
    SecureRandom random = new SecureRandom();

    // When
    DemoSecrets first = DemoSecrets.generate(random);
    DemoSecrets second = DemoSecrets.generate(random);

    // Then
    assertThat(first.metaAppSecret()).matches("[0-9a-f]{32}");
    assertThat(first.twilioAuthToken()).matches("[0-9a-f]{32}");
    assertThat(first.metaVerifyToken()).matches("[0-9a-f]{16}");
    assertThat(first.metaAppSecret()).isNotEqualTo(first.twilioAuthToken());
    assertThat(second).isNotEqualTo(first);
  }

  @Test
  void shouldNotPrintSecretsInToString() {
    // Given
    DemoSecrets secrets = DemoSecrets.generate(new SecureRandom());

    // When
    String text = secrets.toString();

    // Then
    assertThat(text)
        .doesNotContain(secrets.metaAppSecret())
        .doesNotContain(secrets.metaVerifyToken())
        .doesNotContain(secrets.twilioAuthToken());
  }
}
