package io.wagate.local;

import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The ingress secrets of one local run, generated at start and printed once, so that webhooks can
 * be signed by hand and no real secret is ever needed locally.
 *
 * @param metaAppSecret signs {@code POST /webhooks/meta} ({@code X-Hub-Signature-256})
 * @param metaVerifyToken answers Meta's verification handshake
 * @param twilioAuthToken signs {@code POST /webhooks/twilio/*} ({@code X-Twilio-Signature})
 */
public record DemoSecrets(String metaAppSecret, String metaVerifyToken, String twilioAuthToken) {

  /** Never prints a secret; {@link LocalRun} prints them once, on purpose. */
  @Override
  public String toString() {
    return "DemoSecrets[<generated>]";
  }

  /**
   * Fresh random secrets: 32 hex characters each, 16 for the verify token.
   *
   * @param random the source of randomness
   * @return the secrets
   */
  public static DemoSecrets generate(SecureRandom random) {
    return new DemoSecrets(hex(random, 16), hex(random, 8), hex(random, 16));
  }

  private static String hex(SecureRandom random, int bytes) {
    byte[] value = new byte[bytes];
    random.nextBytes(value);
    return HexFormat.of().formatHex(value);
  }
}
