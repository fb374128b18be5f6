package io.wagate.ingress.signature;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * Meta's webhook signature: {@code X-Hub-Signature-256: sha256=<lowercase hex HMAC-SHA256 of the
 * raw body, keyed with the app secret>}.
 *
 * <p>It is checked over the exact bytes received, before any parsing: re-serialised JSON would
 * differ (escaped unicode, key order, whitespace) and a parser must never see unsigned input.
 */
public final class MetaSignature {

  /** The request header that carries the signature. */
  public static final String HEADER = "X-Hub-Signature-256";

  private static final String ALGORITHM = "HmacSHA256";
  private static final String PREFIX = "sha256=";

  private final SecretKeySpec key;

  /**
   * A verifier for one app secret.
   *
   * @param appSecret the Meta app secret
   */
  public MetaSignature(String appSecret) {
    this.key = new SecretKeySpec(appSecret.getBytes(StandardCharsets.UTF_8), ALGORITHM);
  }

  /**
   * Whether {@code header} is the signature of {@code body}. Compared in constant time, so the
   * answer's timing does not reveal how much of a forged signature was right.
   *
   * @param body the raw request body
   * @param header the {@code X-Hub-Signature-256} value, or null when absent
   * @return true only for a matching signature
   */
  public boolean matches(byte[] body, @Nullable String header) {
    if (header == null) {
      return false;
    }
    byte[] expected =
        (PREFIX + HexFormat.of().formatHex(hmac(body))).getBytes(StandardCharsets.US_ASCII);
    // Hex digits are case-insensitive; lower-casing the input costs nothing secret.
    byte[] actual = header.strip().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
    return MessageDigest.isEqual(expected, actual);
  }

  private byte[] hmac(byte[] body) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      return mac.doFinal(body);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HMAC-SHA256 is not available", e);
    }
  }
}
