package io.wagate.local.demo;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Signs webhooks the way Meta and Twilio do, so the demo's requests pass the ingress's checks. */
public final class WebhookSigning {

  private WebhookSigning() {}

  /**
   * Meta's {@code X-Hub-Signature-256}: {@code sha256=} and the lowercase hex HMAC-SHA256 of the
   * raw body, keyed with the app secret.
   *
   * @param appSecret the Meta app secret
   * @param body the exact bytes that will be posted
   * @return the header value
   */
  public static String meta(String appSecret, byte[] body) {
    return "sha256=" + HexFormat.of().formatHex(hmac("HmacSHA256", appSecret, body));
  }

  /**
   * Twilio's {@code X-Twilio-Signature}: Base64 of the HMAC-SHA1, keyed with the auth token, of the
   * full URL Twilio called (query included) followed by each POST parameter's name and value,
   * sorted by name.
   *
   * @param authToken the Twilio auth token
   * @param url the public URL, with its query string exactly as sent
   * @param parameters the POST parameters, one value each
   * @return the header value
   */
  public static String twilio(String authToken, String url, Map<String, String> parameters) {
    StringBuilder signed = new StringBuilder(url);
    new TreeMap<>(parameters).forEach((name, value) -> signed.append(name).append(value));
    return Base64.getEncoder()
        .encodeToString(
            hmac("HmacSHA1", authToken, signed.toString().getBytes(StandardCharsets.UTF_8)));
  }

  private static byte[] hmac(String algorithm, String key, byte[] data) {
    try {
      Mac mac = Mac.getInstance(algorithm);
      mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), algorithm));
      return mac.doFinal(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(algorithm + " is not available", e);
    }
  }
}
