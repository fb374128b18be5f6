package io.wagate.ingress;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs requests the way Meta and Twilio do, for the integration tests. Written apart from the
 * ingress's own verifiers (whose correctness the known-answer tests pin with openssl vectors).
 */
public final class Signing {

  private Signing() {}

  /**
   * {@code sha256=<hex HMAC-SHA256(body, secret)>}.
   *
   * @param secret the app secret
   * @param body the raw body
   * @return the {@code X-Hub-Signature-256} value
   */
  public static String meta(String secret, byte[] body) {
    return "sha256=" + HexFormat.of().formatHex(hmac("HmacSHA256", secret, body));
  }

  /**
   * {@code Base64(HMAC-SHA1(token, url + sorted name/value pairs))}, one value per name.
   *
   * @param token the auth token
   * @param url the public URL with its query
   * @param params the POST parameters
   * @return the {@code X-Twilio-Signature} value
   */
  public static String twilio(String token, String url, Map<String, String> params) {
    StringBuilder data = new StringBuilder(url);
    new TreeMap<>(params).forEach((name, value) -> data.append(name).append(value));
    return Base64.getEncoder()
        .encodeToString(hmac("HmacSHA1", token, data.toString().getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * The form body of {@code params}, URL-encoded in the given order.
   *
   * @param params the parameters, in posting order
   * @return {@code a=1&b=2}
   */
  public static String form(List<Map.Entry<String, String>> params) {
    StringBuilder body = new StringBuilder();
    for (Map.Entry<String, String> param : params) {
      if (body.length() > 0) {
        body.append('&');
      }
      body.append(java.net.URLEncoder.encode(param.getKey(), StandardCharsets.UTF_8))
          .append('=')
          .append(java.net.URLEncoder.encode(param.getValue(), StandardCharsets.UTF_8));
    }
    return body.toString();
  }

  private static byte[] hmac(String algorithm, String key, byte[] data) {
    try {
      Mac mac = Mac.getInstance(algorithm);
      mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), algorithm));
      return mac.doFinal(data);
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
