package io.wagate.ingress.meta;

import io.wagate.ingress.UnparseablePayloadException;
import io.wagate.ingress.http.Responses;
import io.wagate.ingress.http.SignedWebhookHandler;
import io.wagate.ingress.http.WebhookMetrics;
import io.wagate.ingress.publish.Publisher;
import io.wagate.ingress.publish.WebhookRecord;
import io.wagate.ingress.signature.MetaSignature;
import io.wagate.schemas.events.Provider;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.jspecify.annotations.Nullable;

/**
 * {@code POST /webhooks/meta}: verifies {@code X-Hub-Signature-256} over the raw body, maps it with
 * {@link MetaPayloadMapper} and answers 200 with {@code {"status": "accepted", "records": n}} (or
 * {@code "dead-lettered"}) once Kafka has acknowledged every record.
 */
public final class MetaWebhookHandler extends SignedWebhookHandler {

  private final @Nullable MetaSignature signature;
  private final MetaPayloadMapper mapper;

  /**
   * The handler.
   *
   * @param appSecret the Meta app secret, or null when none is configured (every POST gets 401)
   * @param ignoredFields Meta change fields to dead-letter instead of mapping
   * @param maxBodyBytes the largest body accepted
   * @param publishTimeout the publish timeout
   * @param publisher where the records go
   * @param metrics the request counters
   * @param clock the receive-time clock
   */
  public MetaWebhookHandler(
      @Nullable String appSecret,
      Set<String> ignoredFields,
      int maxBodyBytes,
      Duration publishTimeout,
      Publisher publisher,
      WebhookMetrics metrics,
      Clock clock) {
    super(Provider.META, "webhook", maxBodyBytes, publishTimeout, publisher, metrics, clock);
    this.signature = appSecret == null ? null : new MetaSignature(appSecret);
    this.mapper = new MetaPayloadMapper(ignoredFields);
  }

  @Override
  protected boolean configured() {
    return signature != null;
  }

  @Override
  protected String signatureHeader() {
    return MetaSignature.HEADER;
  }

  @Override
  protected boolean verify(Request request, byte[] body, String header) {
    return signature != null && signature.matches(body, header);
  }

  @Override
  protected List<WebhookRecord<?, ?>> map(Request request, byte[] body, Instant receivedAt)
      throws UnparseablePayloadException {
    return mapper.map(body, receivedAt);
  }

  @Override
  protected void writeAccepted(
      Response response, Callback callback, int records, boolean deadLettered) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", deadLettered ? "dead-lettered" : "accepted");
    body.put("records", records);
    Responses.json(response, callback, 200, body);
  }
}
