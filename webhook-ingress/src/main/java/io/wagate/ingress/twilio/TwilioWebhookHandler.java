package io.wagate.ingress.twilio;

import io.wagate.ingress.UnparseablePayloadException;
import io.wagate.ingress.http.Responses;
import io.wagate.ingress.http.SignedWebhookHandler;
import io.wagate.ingress.http.WebhookMetrics;
import io.wagate.ingress.publish.Publisher;
import io.wagate.ingress.publish.WebhookRecord;
import io.wagate.ingress.signature.TwilioSignature;
import io.wagate.schemas.events.Provider;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.jspecify.annotations.Nullable;

/**
 * {@code POST /webhooks/twilio/inbound} and {@code POST /webhooks/twilio/status}: verifies {@code
 * X-Twilio-Signature} against {@code WAGATE_PUBLIC_BASE_URL} + path + {@code ?query} (exactly as
 * Twilio called it) and the posted parameters, maps the form with {@link TwilioPayloadMapper} and
 * answers 200 with an empty TwiML {@code <Response/>} (no reply message) once Kafka has
 * acknowledged the record.
 */
public final class TwilioWebhookHandler extends SignedWebhookHandler {

  /** What Twilio expects back from a webhook that sends no reply. */
  static final String EMPTY_TWIML = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response/>";

  /** The two Twilio endpoints. */
  public enum Kind {
    /** Inbound messages. */
    INBOUND("inbound", "/webhooks/twilio/inbound"),
    /** Delivery status callbacks. */
    STATUS("status", "/webhooks/twilio/status");

    private final String label;
    private final String path;

    Kind(String label, String path) {
      this.label = label;
      this.path = path;
    }

    /** The endpoint's path. */
    public String path() {
      return path;
    }
  }

  private final Kind kind;
  private final @Nullable TwilioSignature signature;
  private final @Nullable String publicBaseUrl;
  private final TwilioPayloadMapper mapper = new TwilioPayloadMapper();

  /**
   * The handler of one endpoint.
   *
   * @param kind which endpoint
   * @param authToken the Twilio auth token, or null when none is configured (every POST gets 401)
   * @param publicBaseUrl the public base URL Twilio calls, without a trailing slash
   * @param maxBodyBytes the largest body accepted
   * @param publishTimeout the publish timeout
   * @param publisher where the records go
   * @param metrics the request counters
   * @param clock the receive-time clock
   */
  public TwilioWebhookHandler(
      Kind kind,
      @Nullable String authToken,
      @Nullable String publicBaseUrl,
      int maxBodyBytes,
      Duration publishTimeout,
      Publisher publisher,
      WebhookMetrics metrics,
      Clock clock) {
    super(Provider.TWILIO, kind.label, maxBodyBytes, publishTimeout, publisher, metrics, clock);
    this.kind = kind;
    this.signature =
        authToken == null || publicBaseUrl == null ? null : new TwilioSignature(authToken);
    this.publicBaseUrl = publicBaseUrl;
  }

  @Override
  protected boolean configured() {
    return signature != null;
  }

  @Override
  protected String signatureHeader() {
    return TwilioSignature.HEADER;
  }

  @Override
  protected boolean verify(Request request, byte[] body, String header) {
    if (signature == null) {
      return false;
    }
    Map<String, List<String>> form;
    try {
      form = FormBody.parse(body);
    } catch (IllegalArgumentException e) {
      // A body that cannot be decoded cannot be shown to carry Twilio's signature.
      return false;
    }
    return signature.matches(publicUrl(request), form, header);
  }

  /** The URL as Twilio called it: the configured public base, the path and the raw query. */
  private String publicUrl(Request request) {
    String query = rawQuery(request);
    return publicBaseUrl + request.getHttpURI().getPath() + (query == null ? "" : "?" + query);
  }

  @Override
  protected List<WebhookRecord<?, ?>> map(Request request, byte[] body, Instant receivedAt)
      throws UnparseablePayloadException {
    Map<String, List<String>> form = FormBody.parse(body);
    return switch (kind) {
      case INBOUND -> mapper.inbound(form, receivedAt);
      case STATUS ->
          mapper.status(
              form, Request.extractQueryParameters(request).getValue("requestId"), receivedAt);
    };
  }

  @Override
  protected void writeAccepted(
      Response response, Callback callback, int records, boolean deadLettered) {
    Responses.write(response, callback, 200, Responses.XML, EMPTY_TWIML);
  }
}
