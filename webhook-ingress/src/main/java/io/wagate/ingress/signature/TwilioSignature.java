package io.wagate.ingress.signature;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * Twilio's webhook signature: {@code X-Twilio-Signature: Base64(HMAC-SHA1(auth token, URL + every
 * POST parameter's name and value, sorted by name))}.
 *
 * <p>The URL is the public one Twilio called, query string included. A name posted more than once
 * contributes each distinct value in sorted order, as Twilio's own validators do.
 */
public final class TwilioSignature {

  /** The request header that carries the signature. */
  public static final String HEADER = "X-Twilio-Signature";

  private static final String ALGORITHM = "HmacSHA1";

  private final SecretKeySpec key;

  /**
   * A verifier for one auth token.
   *
   * @param authToken the Twilio account's auth token
   */
  public TwilioSignature(String authToken) {
    this.key = new SecretKeySpec(authToken.getBytes(StandardCharsets.UTF_8), ALGORITHM);
  }

  /**
   * Whether {@code header} is Twilio's signature of the request. Compared in constant time.
   *
   * @param url the full public URL Twilio called, with its query string
   * @param parameters the decoded POST parameters, in any order
   * @param header the {@code X-Twilio-Signature} value, or null when absent
   * @return true only for a matching signature
   */
  public boolean matches(
      String url, Map<String, List<String>> parameters, @Nullable String header) {
    if (header == null) {
      return false;
    }
    byte[] expected =
        Base64.getEncoder()
            .encode(hmac(signedText(url, parameters).getBytes(StandardCharsets.UTF_8)));
    return MessageDigest.isEqual(expected, header.strip().getBytes(StandardCharsets.US_ASCII));
  }

  /** The text Twilio signs: the URL, then each parameter's name and value, sorted by name. */
  static String signedText(String url, Map<String, List<String>> parameters) {
    StringBuilder text = new StringBuilder(url);
    new TreeMap<>(parameters)
        .forEach(
            (name, values) -> {
              for (String value : new TreeSet<>(values)) {
                text.append(name).append(value);
              }
            });
    return text.toString();
  }

  private byte[] hmac(byte[] data) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      return mac.doFinal(data);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HMAC-SHA1 is not available", e);
    }
  }
}
