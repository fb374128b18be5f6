package io.wagate.dlq;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.wagate.schemas.DeadLetterHeaders;
import io.wagate.schemas.WebhookDeadLetterHeaders;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Dead letters as the streams app and the ingress write them, for the unit tests. */
final class Letters {

  static final Instant AT = Instant.parse("2026-11-22T09:30:00Z");

  /** A send request the contract shows, with a made-up number. */
  static final String REQUEST =
      "{\"requestId\":\"crm-7f3a\",\"businessNumber\":\"+31201234567\",\"to\":\"06 98765432\","
          + "\"defaultRegion\":\"NL\",\"kind\":\"TEXT\",\"text\":{\"body\":\"See you!\"}}";

  private Letters() {}

  /** A dead letter of the streams app, read from {@code topic} partition 1 offset 42. */
  static DeadLetter streams(Position at, String topic, String key, String value, String... extra) {
    List<String[]> headers = new ArrayList<>();
    for (int i = 0; i < extra.length; i += 2) {
      headers.add(new String[] {extra[i], extra[i + 1]});
    }
    headers.add(new String[] {DeadLetterHeaders.EXCEPTION, "java.lang.IllegalArgumentException"});
    headers.add(new String[] {DeadLetterHeaders.MESSAGE, "kind TEXT is not supported"});
    headers.add(new String[] {DeadLetterHeaders.STACKTRACE, "java.lang.IllegalArgumentException"});
    headers.add(new String[] {DeadLetterHeaders.TOPIC, topic});
    headers.add(new String[] {DeadLetterHeaders.PARTITION, "1"});
    headers.add(new String[] {DeadLetterHeaders.OFFSET, "42"});
    return DeadLetter.of(at, AT, key.getBytes(UTF_8), value.getBytes(UTF_8), headers);
  }

  /** A Meta change the ingress did not map, as its dead letter. */
  static DeadLetter meta(Position at, String reason, String field, String body) {
    return DeadLetter.of(
        at,
        AT,
        null,
        body.getBytes(UTF_8),
        List.of(
            new String[] {WebhookDeadLetterHeaders.REASON, reason},
            new String[] {
              WebhookDeadLetterHeaders.MESSAGE, "Meta change field " + field + " is not mapped"
            },
            new String[] {WebhookDeadLetterHeaders.SOURCE, "POST /webhooks/meta"},
            new String[] {WebhookDeadLetterHeaders.PROVIDER, "META"},
            new String[] {WebhookDeadLetterHeaders.FIELD, field},
            new String[] {WebhookDeadLetterHeaders.RECEIVED_AT, AT.toString()}));
  }

  /** The marker of {@code replays}, as {@code dlq replay} writes it. */
  static DeadLetter marker(Position at, Position replays) {
    var record = new ReplayMarker(replays, AT, List.of("wa.inbound"), 1, "test").toProducerRecord();
    List<String[]> headers = new ArrayList<>();
    record
        .headers()
        .forEach(h -> headers.add(new String[] {h.key(), new String(h.value(), UTF_8)}));
    return DeadLetter.of(at, AT, record.key(), record.value(), headers);
  }

  static String text(byte[] bytes) {
    return new String(bytes, UTF_8);
  }
}
