package io.wagate.ingress.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.wagate.ingress.KafkaTopics;
import io.wagate.ingress.RunningIngress;
import io.wagate.ingress.TopicReader;
import io.wagate.ingress.corpus.WebhookCorpus.Case;
import io.wagate.kafka.KafkaFixture;
import io.wagate.schemas.Topic;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every body of the corpus, posted signed to the running ingress as its provider would: the answer
 * is 200 and the topics then hold exactly the case's expected records, field by field, each stamped
 * with the time the ingress received it.
 */
class WebhookCorpusIT {

  private static final Duration WAIT = Duration.ofSeconds(30);

  private static RunningIngress ingress;
  private static TopicReader reader;

  @BeforeAll
  static void start() throws Exception {
    String bootstrapServers = KafkaFixture.bootstrapServers();
    KafkaTopics.createAll(bootstrapServers);
    ingress = RunningIngress.start(bootstrapServers);
    reader =
        new TopicReader(
            bootstrapServers, WebhookCorpus.topics().stream().map(Topic::name).toList());
  }

  @AfterAll
  static void stop() {
    if (reader != null) {
      reader.close();
    }
    if (ingress != null) {
      ingress.close();
    }
  }

  static Stream<Case> cases() {
    return WebhookCorpus.cases().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void shouldPublishExactlyTheExpectedRecordsOfASignedBody(Case webhook) throws Exception {
    // Given
    int expectedCount = webhook.expectedRecords(Instant.EPOCH).size();
    Map<TopicPartition, Long> mark = reader.mark();
    Instant before = Instant.now();

    // When
    HttpResponse<String> response =
        webhook.provider().equals("META")
            ? ingress.postMeta(webhook.bytes())
            : ingress.postTwilio(webhook.endpoint(), webhook.form());
    Instant after = Instant.now();
    List<ConsumerRecord<byte[], byte[]>> records =
        reader.readSince(mark, record -> true, expectedCount, WAIT);

    // Then
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(records).hasSize(expectedCount);
    Instant receivedAt = Instant.ofEpochMilli(records.get(0).timestamp());
    assertThat(receivedAt).isBetween(before.minusMillis(1), after);
    assertThat(records)
        .allSatisfy(record -> assertThat(record.timestamp()).isEqualTo(receivedAt.toEpochMilli()));
    List<JsonNode> published =
        records.stream()
            .map(
                record ->
                    WebhookCorpus.asJson(
                        record.topic(),
                        record.key() == null
                            ? null
                            : new String(record.key(), StandardCharsets.UTF_8),
                        record.value()))
            .toList();
    assertThat(published).containsExactlyInAnyOrderElementsOf(webhook.expectedRecords(receivedAt));
  }
}
