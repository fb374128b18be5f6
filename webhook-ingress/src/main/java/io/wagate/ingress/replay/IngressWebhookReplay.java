package io.wagate.ingress.replay;

import io.wagate.dlq.DeadLetter;
import io.wagate.dlq.Origin;
import io.wagate.dlq.Redaction;
import io.wagate.dlq.WebhookReplay;
import io.wagate.ingress.UnparseablePayloadException;
import io.wagate.ingress.meta.MetaPayloadMapper;
import io.wagate.ingress.publish.DeadLetters;
import io.wagate.ingress.publish.WebhookRecord;
import io.wagate.ingress.twilio.FormBody;
import io.wagate.ingress.twilio.TwilioPayloadMapper;
import io.wagate.ingress.twilio.TwilioWebhookHandler.Kind;
import io.wagate.schemas.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jspecify.annotations.Nullable;

/**
 * Maps a dead-lettered webhook body again, exactly as the ingress's endpoint would map it now: Meta
 * bodies with {@link MetaPayloadMapper} and today's {@code WAGATE_META_IGNORED_FIELDS}, Twilio
 * forms with {@link TwilioPayloadMapper} and the {@code requestId} of the query string kept in the
 * dead letter. The receive time is the original one, so the records carry the times the first
 * mapping would have given them.
 *
 * <p>A body that the mapping would dead-letter again is refused whole, and nothing of it is
 * published: what it maps to would otherwise go out twice, once now and once on the replay after
 * the next fix.
 */
public final class IngressWebhookReplay implements WebhookReplay {

  private static final String TWILIO_INBOUND = "POST " + Kind.INBOUND.path();
  private static final String TWILIO_STATUS = "POST " + Kind.STATUS.path();

  private final MetaPayloadMapper meta;
  private final TwilioPayloadMapper twilio = new TwilioPayloadMapper();

  /**
   * The mapping of an ingress configured with {@code metaIgnoredFields}.
   *
   * @param metaIgnoredFields the Meta change fields it does not map
   */
  public IngressWebhookReplay(Set<String> metaIgnoredFields) {
    this.meta = new MetaPayloadMapper(metaIgnoredFields);
  }

  @Override
  public Result replay(DeadLetter letter, Origin.Webhook origin) {
    byte[] body = letter.value();
    if (body == null) {
      return new Refused("it has no body");
    }
    Instant receivedAt = origin.receivedAt() != null ? origin.receivedAt() : letter.timestamp();
    List<WebhookRecord<?, ?>> records;
    try {
      records = map(origin, body, receivedAt);
    } catch (UnparseablePayloadException | IllegalArgumentException e) {
      // A number that failed to parse may be quoted in the message; the reason is printed.
      return new Refused("the ingress still cannot parse it: " + Redaction.numbers(e.getMessage()));
    }
    if (records == null) {
      return new Refused("the ingress has no endpoint " + origin.source());
    }
    List<ProducerRecord<byte[], byte[]>> published = new ArrayList<>();
    for (WebhookRecord<?, ?> record : records) {
      if (record.topic().equals(Topics.DLQ)) {
        return new Refused(
            "the ingress still dead-letters it ("
                + record.headers().get(DeadLetters.REASON)
                + (record.headers().containsKey(DeadLetters.FIELD)
                    ? " " + record.headers().get(DeadLetters.FIELD)
                    : "")
                + ")");
      }
      published.add(record.toProducerRecord());
    }
    return new Mapped(published);
  }

  private @Nullable List<WebhookRecord<?, ?>> map(
      Origin.Webhook origin, byte[] body, Instant receivedAt) throws UnparseablePayloadException {
    if (origin.source().equals(MetaPayloadMapper.SOURCE)) {
      return meta.map(body, receivedAt);
    }
    if (origin.source().equals(TWILIO_INBOUND)) {
      return twilio.inbound(FormBody.parse(body), receivedAt);
    }
    if (origin.source().equals(TWILIO_STATUS)) {
      return twilio.status(FormBody.parse(body), requestId(origin.query()), receivedAt);
    }
    return null;
  }

  /** The {@code requestId} of the status-callback URL, decoded as the endpoint decodes it. */
  private static @Nullable String requestId(@Nullable String query) {
    if (query == null) {
      return null;
    }
    Map<String, List<String>> parameters = FormBody.parse(query.getBytes(StandardCharsets.UTF_8));
    List<String> values = parameters.get("requestId");
    return values == null || values.isEmpty() ? null : values.get(0);
  }
}
