package io.wagate.ingress.meta;

import io.wagate.ingress.http.Responses;
import io.wagate.ingress.http.WebhookMetrics;
import io.wagate.ingress.http.WebhookMetrics.Outcome;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.jspecify.annotations.Nullable;

/**
 * {@code GET /webhooks/meta}: Meta's verification handshake. With {@code hub.mode=subscribe} and
 * {@code hub.verify_token} equal to {@code WAGATE_META_VERIFY_TOKEN}, the {@code hub.challenge} is
 * echoed as text/plain; anything else, or no token configured, gets 403. The handshake carries no
 * signature.
 */
public final class MetaVerificationHandler implements Request.Handler {

  private final byte @Nullable [] verifyToken;
  private final WebhookMetrics metrics;

  /**
   * The handshake handler.
   *
   * @param verifyToken the configured verify token, or null when none is configured
   * @param metrics the request counters
   */
  public MetaVerificationHandler(@Nullable String verifyToken, WebhookMetrics metrics) {
    this.verifyToken = verifyToken == null ? null : verifyToken.getBytes(StandardCharsets.UTF_8);
    this.metrics = metrics;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    Fields query = Request.extractQueryParameters(request);
    String mode = query.getValue("hub.mode");
    String token = query.getValue("hub.verify_token");
    String challenge = query.getValue("hub.challenge");
    if (verifyToken != null
        && "subscribe".equals(mode)
        && token != null
        && challenge != null
        && MessageDigest.isEqual(verifyToken, token.getBytes(StandardCharsets.UTF_8))) {
      metrics.count("meta", "verify", Outcome.VERIFIED);
      Responses.write(response, callback, 200, Responses.TEXT, challenge);
    } else {
      metrics.count("meta", "verify", Outcome.FORBIDDEN);
      Responses.error(
          response, callback, 403, "forbidden", "hub.mode or hub.verify_token does not match");
    }
    return true;
  }
}
