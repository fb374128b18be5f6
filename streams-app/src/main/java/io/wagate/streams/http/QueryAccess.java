package io.wagate.streams.http;

import io.wagate.schemas.config.Environment;
import io.wagate.schemas.config.Environment.ConfigurationException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Who may call the query API ({@code /v1/...}): anyone, or, with {@code WAGATE_QUERY_TOKEN} set,
 * only callers that send {@code Authorization: Bearer <token>}. Health and metrics are not the
 * query API and stay open.
 *
 * <p>The token is kept and compared as its SHA-256 digest, so the comparison takes the same time
 * whatever the caller sends, its length included, and the token itself is not held in memory longer
 * than reading it takes.
 */
public final class QueryAccess {

  /** The variable that holds the token. */
  public static final String TOKEN = "WAGATE_QUERY_TOKEN";

  /** The variable that names a file holding the token, as Kubernetes mounts a secret. */
  public static final String TOKEN_FILE = TOKEN + "_FILE";

  /** Every caller may query: no token is configured. */
  public static final QueryAccess OPEN = new QueryAccess(null);

  private static final String BEARER = "bearer ";

  /** The digest of the token, null when the API is open. */
  private final byte @Nullable [] digest;

  private QueryAccess(byte @Nullable [] digest) {
    this.digest = digest;
  }

  /**
   * Access that needs {@code token}.
   *
   * @throws ConfigurationException when the token is blank
   */
  public static QueryAccess withToken(String token) {
    if (token.isBlank()) {
      throw new ConfigurationException(TOKEN + " must not be blank");
    }
    return new QueryAccess(sha256(token.strip()));
  }

  /**
   * The access {@code env} configures: {@code WAGATE_QUERY_TOKEN}, or the file named by {@code
   * WAGATE_QUERY_TOKEN_FILE}; open when neither is set.
   *
   * @throws ConfigurationException when both are set, or the file is empty or unreadable
   */
  public static QueryAccess from(Environment env) {
    String direct = env.get(TOKEN);
    String file = env.get(TOKEN_FILE);
    if (direct != null && file != null) {
      throw new ConfigurationException("set only one of " + TOKEN + " and " + TOKEN_FILE);
    }
    if (direct != null) {
      return withToken(direct);
    }
    if (file == null) {
      return OPEN;
    }
    String content;
    try {
      content = Files.readString(Path.of(file), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ConfigurationException(
          TOKEN_FILE + " names a file that cannot be read: " + e.getClass().getSimpleName());
    }
    if (content.isBlank()) {
      throw new ConfigurationException(TOKEN_FILE + " names an empty file");
    }
    return withToken(content);
  }

  /** Whether callers need a token. */
  public boolean required() {
    return digest != null;
  }

  /**
   * Whether a request with this {@code Authorization} header may query.
   *
   * @param authorization the header's value, null when the request has none
   */
  public boolean allows(@Nullable String authorization) {
    if (digest == null) {
      return true;
    }
    if (authorization == null
        || authorization.length() <= BEARER.length()
        || !authorization.substring(0, BEARER.length()).toLowerCase(Locale.ROOT).equals(BEARER)) {
      return false;
    }
    byte[] presented = sha256(authorization.substring(BEARER.length()).strip());
    return MessageDigest.isEqual(digest, presented);
  }

  /** Never the token: this may end up in a log line. */
  @Override
  public String toString() {
    return digest == null ? "QueryAccess[open]" : "QueryAccess[bearer token]";
  }

  private static byte[] sha256(String value) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
