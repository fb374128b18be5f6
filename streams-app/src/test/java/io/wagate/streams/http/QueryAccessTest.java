package io.wagate.streams.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wagate.schemas.config.Environment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QueryAccessTest {

  private static final String TOKEN = "s3cr3t-query-token";

  @TempDir Path dir;

  @Test
  void shouldLetEveryoneQueryWhenNoTokenIsConfigured() {
    // Given
    QueryAccess access = QueryAccess.from(Environment.of(Map.of()));
    // When / Then
    assertThat(access.required()).isFalse();
    assertThat(access.allows(null)).isTrue();
    assertThat(access.allows("Bearer anything")).isTrue();
  }

  @Test
  void shouldAllowOnlyTheConfiguredBearerToken() {
    // Given
    QueryAccess access = QueryAccess.from(Environment.of(Map.of(QueryAccess.TOKEN, TOKEN)));
    // When / Then
    assertThat(access.required()).isTrue();
    assertThat(access.allows("Bearer " + TOKEN)).isTrue();
    assertThat(access.allows("bearer " + TOKEN)).as("the scheme is case-insensitive").isTrue();
    assertThat(access.allows(null)).isFalse();
    assertThat(access.allows("Bearer ")).isFalse();
    assertThat(access.allows("Bearer " + TOKEN + "x")).isFalse();
    assertThat(access.allows("Bearer " + TOKEN.substring(1))).isFalse();
    assertThat(access.allows("Basic " + TOKEN)).isFalse();
    assertThat(access.allows(TOKEN)).isFalse();
  }

  @Test
  void shouldReadTheTokenFromAFileWithoutItsLineEnd() throws Exception {
    // Given a token file as a Kubernetes secret mounts it
    Path file = dir.resolve("query-token");
    Files.writeString(file, TOKEN + "\n", StandardCharsets.UTF_8);
    // When
    QueryAccess access =
        QueryAccess.from(Environment.of(Map.of(QueryAccess.TOKEN_FILE, file.toString())));
    // Then
    assertThat(access.allows("Bearer " + TOKEN)).isTrue();
  }

  @Test
  void shouldRefuseBothTheTokenAndItsFile() {
    // Given
    Environment env =
        Environment.of(Map.of(QueryAccess.TOKEN, TOKEN, QueryAccess.TOKEN_FILE, "/tmp/token"));
    // When / Then
    assertThatThrownBy(() -> QueryAccess.from(env))
        .isInstanceOf(Environment.ConfigurationException.class)
        .hasMessageContaining(QueryAccess.TOKEN_FILE);
  }

  @Test
  void shouldNameTheVariableWhenTheFileIsMissingOrEmpty() throws Exception {
    // Given
    Path empty = Files.writeString(dir.resolve("empty"), "\n", StandardCharsets.UTF_8);
    // When / Then
    assertThatThrownBy(
            () ->
                QueryAccess.from(
                    Environment.of(
                        Map.of(QueryAccess.TOKEN_FILE, dir.resolve("missing").toString()))))
        .isInstanceOf(Environment.ConfigurationException.class)
        .hasMessageContaining(QueryAccess.TOKEN_FILE)
        .hasMessageNotContaining(dir.toString());
    assertThatThrownBy(
            () ->
                QueryAccess.from(Environment.of(Map.of(QueryAccess.TOKEN_FILE, empty.toString()))))
        .isInstanceOf(Environment.ConfigurationException.class)
        .hasMessageContaining("empty");
  }

  @Test
  void shouldNeverShowTheTokenInItsDescription() {
    // When
    String description = QueryAccess.withToken(TOKEN).toString();
    // Then
    assertThat(description).doesNotContain(TOKEN);
  }
}
