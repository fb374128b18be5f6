package io.wagate.dlq;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.wagate.dlq.ReplayPolicy.AlreadyReplayed;
import io.wagate.dlq.ReplayPolicy.Decision;
import io.wagate.dlq.ReplayPolicy.NotReplayable;
import io.wagate.dlq.ReplayPolicy.Publish;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

class ReplayPolicyTest {

  private static final Position AT = new Position(2, 17);

  private final ReplayPolicy policy = new ReplayPolicy(WebhookReplay.NONE);

  @Test
  void shouldReplayAStreamsDeadLetterToItsTopicWithOriginalKeyTimestampAndHeaders() {
    // Given
    DeadLetter letter =
        Letters.streams(AT, "wa.send.requests", "crm-7f3a", Letters.REQUEST, "trace-id", "t-1");

    // When
    Decision decision = policy.decide(letter, Set.of());

    // Then
    assertThat(decision).isInstanceOf(Publish.class);
    List<ProducerRecord<byte[], byte[]>> records = ((Publish) decision).records();
    assertThat(records).hasSize(1);
    ProducerRecord<byte[], byte[]> record = records.get(0);
    assertThat(record.topic()).isEqualTo("wa.send.requests");
    assertThat(record.partition()).as("partitioned by key, as the producer did").isNull();
    assertThat(Letters.text(record.key())).isEqualTo("crm-7f3a");
    assertThat(Letters.text(record.value())).isEqualTo(Letters.REQUEST);
    assertThat(record.timestamp()).isEqualTo(Letters.AT.toEpochMilli());
    assertThat(headerNames(record)).containsExactly("trace-id", ReplayHeaders.REPLAYED_FROM);
    assertThat(header(record, ReplayHeaders.REPLAYED_FROM)).isEqualTo("wa.dlq-2@17");
  }

  @Test
  void shouldReplayARecordThatFailedAfterARepartitionToTheInputItCameFrom() {
    // Given
    DeadLetter letter =
        Letters.streams(
            AT,
            "wagate-requests-by-conversation-repartition",
            "+31201234567|+31698765432",
            Letters.REQUEST,
            "wagate.contact",
            "+31698765432");

    // When
    Decision decision = policy.decide(letter, Set.of());

    // Then
    ProducerRecord<byte[], byte[]> record = ((Publish) decision).records().get(0);
    assertThat(record.topic()).isEqualTo("wa.send.requests");
    assertThat(Letters.text(record.key())).isEqualTo("+31201234567|+31698765432");
    assertThat(header(record, "wagate.contact")).isEqualTo("+31698765432");
  }

  @Test
  void shouldNotReplayADeadLetterAMarkerNames() {
    // Given
    DeadLetter letter = Letters.streams(AT, "wa.send.requests", "k", Letters.REQUEST);

    // When
    Decision decision = policy.decide(letter, Set.of(AT));

    // Then
    assertThat(decision).isInstanceOf(AlreadyReplayed.class);
  }

  @Test
  void shouldNeverReplayATruncatedDeadLetter() {
    // Given
    DeadLetter letter =
        Letters.streams(
            AT,
            "wa.send.requests",
            "k",
            "{\"requestId\":",
            ReplayHeaders.TRUNCATED,
            "true",
            ReplayHeaders.ORIGINAL_SIZE,
            "2000000");

    // When
    Decision decision = policy.decide(letter, Set.of());

    // Then
    assertThat(decision).isInstanceOf(NotReplayable.class);
    assertThat(((NotReplayable) decision).reason()).contains("truncated").contains("2000000");
  }

  @Test
  void shouldNotReplayARecordReadFromATopicThatIsNoInputOfWagate() {
    // Given
    DeadLetter letter = Letters.streams(AT, "wagate-conversation-store-changelog", "k", "{}");

    // When
    Decision decision = policy.decide(letter, Set.of());

    // Then
    assertThat(((NotReplayable) decision).reason())
        .isEqualTo("wagate-conversation-store-changelog is not an input of wagate");
  }

  @Test
  void shouldSendAWebhookBodyToTheIngressMappingWithoutWhichItIsNotReplayable() {
    // Given
    DeadLetter letter = Letters.meta(AT, "unsupported-field", "messages", "{\"object\":1}");

    // When
    Decision decision = policy.decide(letter, Set.of());

    // Then
    assertThat(((NotReplayable) decision).reason()).contains("wagate-ingress.jar dlq replay");
  }

  @Test
  void shouldPublishWhatTheWebhookMappingGivesEachMarkedWithItsDeadLetter() {
    // Given
    DeadLetter letter = Letters.meta(AT, "unsupported-field", "messages", "{}");
    ProducerRecord<byte[], byte[]> mapped =
        new ProducerRecord<>("wa.inbound", "b|c".getBytes(UTF_8), "{}".getBytes(UTF_8));
    ReplayPolicy withIngress =
        new ReplayPolicy((dead, origin) -> new WebhookReplay.Mapped(List.of(mapped)));

    // When
    Decision decision = withIngress.decide(letter, Set.of());

    // Then
    ProducerRecord<byte[], byte[]> record = ((Publish) decision).records().get(0);
    assertThat(record.topic()).isEqualTo("wa.inbound");
    assertThat(header(record, ReplayHeaders.REPLAYED_FROM)).isEqualTo("wa.dlq-2@17");
  }

  @Test
  void shouldNotReplayAWebhookBodyTheMappingStillRefuses() {
    // Given
    DeadLetter letter = Letters.meta(AT, "unsupported-field", "messages", "{}");
    ReplayPolicy withIngress =
        new ReplayPolicy((dead, origin) -> new WebhookReplay.Refused("still ignored"));

    // When
    Decision decision = withIngress.decide(letter, Set.of());

    // Then
    assertThat(decision).isEqualTo(new NotReplayable("still ignored"));
  }

  @Test
  void shouldNotReplayARecordWithoutErrorHeaders() {
    // Given
    DeadLetter letter = DeadLetter.of(AT, Letters.AT, null, "{}".getBytes(UTF_8), List.of());

    // When
    Decision decision = policy.decide(letter, Set.of());

    // Then
    assertThat(decision).isEqualTo(new NotReplayable("it has no headers naming its source"));
  }

  private static List<String> headerNames(ProducerRecord<byte[], byte[]> record) {
    List<String> names = new ArrayList<>();
    for (Header header : record.headers()) {
      names.add(header.key());
    }
    return names;
  }

  private static String header(ProducerRecord<byte[], byte[]> record, String name) {
    return new String(record.headers().lastHeader(name).value(), UTF_8);
  }
}
