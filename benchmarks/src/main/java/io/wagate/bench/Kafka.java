package io.wagate.bench;

import io.wagate.schemas.Topics;
import io.wagate.streams.topics.TopicCreator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** The broker side of the end-to-end benchmarks: topics, offsets, pre-loading. */
final class Kafka implements AutoCloseable {

  static final int PARTITIONS = 3;
  static final String PLAIN_SINK = "bench.plain";
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  final String bootstrapServers;
  final Admin admin;
  private final KafkaProducer<byte[], byte[]> loader;

  Kafka(String bootstrapServers) throws Exception {
    this.bootstrapServers = bootstrapServers;
    this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    new TopicCreator(admin, TIMEOUT).createMissing(Topics.ALL, PARTITIONS, (short) 1);
    try {
      admin
          .createTopics(
              List.of(
                  new NewTopic(PassThrough.SINK, PARTITIONS, (short) 1),
                  new NewTopic(PLAIN_SINK, PARTITIONS, (short) 1)))
          .all()
          .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw e;
      }
    }
    this.loader = producer(bootstrapServers, 20);
  }

  static KafkaProducer<byte[], byte[]> producer(String bootstrapServers, int lingerMs) {
    Map<String, Object> config = new HashMap<>();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.LINGER_MS_CONFIG, lingerMs);
    config.put(ProducerConfig.BATCH_SIZE_CONFIG, 128 * 1024);
    return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
  }

  /** Writes the records and waits until the broker has them all. */
  void load(List<Records.Raw> records) {
    for (Records.Raw r : records) {
      loader.send(
          new ProducerRecord<>(r.topic(), r.partition(), r.timestamp(), r.key(), r.value()));
    }
    loader.flush();
  }

  /** The end offsets of every partition of the topics. */
  Map<TopicPartition, Long> endOffsets(Collection<String> topics) throws Exception {
    Map<TopicPartition, OffsetSpec> request = new HashMap<>();
    for (String topic : topics) {
      for (int p = 0; p < PARTITIONS; p++) {
        request.put(new TopicPartition(topic, p), OffsetSpec.latest());
      }
    }
    Map<TopicPartition, Long> ends = new HashMap<>();
    admin
        .listOffsets(request)
        .all()
        .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)
        .forEach((tp, info) -> ends.put(tp, info.offset()));
    return ends;
  }

  /**
   * Commits {@code offsets} for a new consumer group, so that an application with that group starts
   * exactly there: at the records of its own run, not at the earlier runs' ones.
   */
  void seedGroup(String groupId, Map<TopicPartition, Long> offsets) throws Exception {
    Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
    // What wagate's reports read of its own outputs starts at their end too: a run must not count
    // the statuses, sends and sessions of the runs before it.
    endOffsets(WRITTEN_AND_READ)
        .forEach((tp, offset) -> commit.put(tp, new OffsetAndMetadata(offset)));
    offsets.forEach((tp, offset) -> commit.put(tp, new OffsetAndMetadata(offset)));
    admin
        .alterConsumerGroupOffsets(groupId, commit)
        .all()
        .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
  }

  /** Topics wagate writes and also reads (its reports and learned state), by name. */
  private static final List<String> WRITTEN_AND_READ =
      List.of(
          Topics.STATUS.name(),
          Topics.SEND_TEMPLATE.name(),
          Topics.SEND_FREEFORM.name(),
          Topics.SESSIONS.name(),
          Topics.ACCOUNT_EVENTS.name());

  static List<String> inputTopics() {
    List<String> names = new ArrayList<>();
    PassThrough.INPUTS.forEach(topic -> names.add(topic.name()));
    return names;
  }

  @Override
  public void close() {
    loader.close();
    admin.close();
  }
}
