package io.wagate.sender;

import io.wagate.kafka.KafkaFixture;
import io.wagate.schemas.Topic;
import io.wagate.schemas.Topics;
import io.wagate.schemas.contact.ConversationKey;
import io.wagate.schemas.events.Category;
import io.wagate.schemas.events.Kind;
import io.wagate.schemas.events.OutboundMessage;
import io.wagate.schemas.events.Person;
import io.wagate.schemas.events.Purpose;
import io.wagate.schemas.events.StatusCallback;
import io.wagate.schemas.events.TemplateContent;
import io.wagate.schemas.events.TextContent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * What the sender's integration tests share: the broker with the contract's topics, a consumer
 * group that starts at the topics' current end (tests share the broker and its topics), a CRM-like
 * writer of routed messages and a {@code read_committed} reader of what the sender wrote.
 */
public final class SenderHarness {

  private SenderHarness() {}

  /** The shared broker, with every contract topic created (3 partitions). */
  public static String kafka() throws Exception {
    String bootstrap = KafkaFixture.bootstrapServers();
    try (Admin admin = admin(bootstrap)) {
      for (Topic<?, ?> topic : Topics.ALL) {
        try {
          admin
              .createTopics(
                  List.of(
                      new NewTopic(topic.name(), 3, (short) 1)
                          .configs(
                              Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, topic.cleanupPolicy()))))
              .all()
              .get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw e;
          }
        }
      }
    }
    return bootstrap;
  }

  private static Admin admin(String bootstrap) {
    return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
  }

  /**
   * Commits {@code group}'s offsets at the current end of {@code wa.send.*}, so that a sender of
   * that group sends only what a test writes after this.
   */
  public static void startGroupAtEnd(String bootstrap, String group) throws Exception {
    try (Admin admin = admin(bootstrap);
        KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrap)) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (String topic : List.of(Topics.SEND_TEMPLATE.name(), Topics.SEND_FREEFORM.name())) {
        consumer
            .partitionsFor(topic, Duration.ofSeconds(30))
            .forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
      }
      Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
      consumer
          .endOffsets(partitions, Duration.ofSeconds(30))
          .forEach((partition, end) -> offsets.put(partition, new OffsetAndMetadata(end)));
      admin.alterConsumerGroupOffsets(group, offsets).all().get(30, TimeUnit.SECONDS);
    }
  }

  /** Waits until {@code group} has a member that owns partitions: the sender reads. */
  public static void awaitAssigned(String bootstrap, String group, Duration timeout)
      throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    try (Admin admin = admin(bootstrap)) {
      while (System.nanoTime() < deadline) {
        org.apache.kafka.clients.admin.ConsumerGroupDescription description;
        try {
          description =
              admin
                  .describeConsumerGroups(List.of(group))
                  .all()
                  .get(10, TimeUnit.SECONDS)
                  .get(group);
        } catch (ExecutionException e) {
          // Not known to the coordinator until its first member joins.
          java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
          continue;
        }
        boolean assigned =
            description.members().stream()
                .anyMatch(member -> !member.assignment().topicPartitions().isEmpty());
        if (assigned && description.groupState() == org.apache.kafka.common.GroupState.STABLE) {
          return;
        }
        java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
      }
    }
    throw new AssertionError("group " + group + " owned no partitions within " + timeout);
  }

  /** The environment of a sender in {@code group} that sends from {@code numbers}. */
  public static Map<String, String> environment(
      String bootstrap, String group, String numbersJson) {
    Map<String, String> env = new HashMap<>();
    env.put("KAFKA_BOOTSTRAP_SERVERS", bootstrap);
    env.put("KAFKA_GROUP_ID", group);
    env.put("WAGATE_SENDER_INSTANCE_ID", group);
    env.put("WAGATE_SENDER_HOST", "127.0.0.1");
    env.put("WAGATE_SENDER_PORT", "0");
    env.put("WAGATE_SENDER_NUMBERS", numbersJson);
    env.put("WAGATE_PUBLIC_BASE_URL", "https://hooks.example.com");
    return env;
  }

  /** A routed free-form text. */
  public static OutboundMessage text(
      String requestId, String businessNumber, String to, String body, boolean previewUrl) {
    return new OutboundMessage(
        requestId,
        businessNumber,
        to,
        null,
        Kind.TEXT,
        null,
        new TextContent(body, previewUrl),
        new Person("p-1", "Anna", "Jansen"),
        null,
        null,
        false,
        Instant.now(),
        Instant.now(),
        1,
        Purpose.REQUESTED,
        null);
  }

  /** A routed utility template. */
  public static OutboundMessage template(
      String requestId, String businessNumber, String to, String name, List<String> parameters) {
    return new OutboundMessage(
        requestId,
        businessNumber,
        to,
        null,
        Kind.TEMPLATE,
        new TemplateContent(name, "en_US", Category.UTILITY, List.copyOf(parameters)),
        null,
        new Person("p-2", "Pablo", "Ruiz"),
        null,
        null,
        false,
        Instant.now(),
        Instant.now(),
        1,
        Purpose.REQUESTED,
        null);
  }

  /** Writes routed messages as the streams app does: keyed by conversation. */
  public static final class Writer implements AutoCloseable {
    private final KafkaProducer<String, byte[]> producer;

    public Writer(String bootstrap) {
      this.producer =
          new KafkaProducer<>(
              Map.of(
                  ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                  bootstrap,
                  ProducerConfig.ACKS_CONFIG,
                  "all",
                  ProducerConfig.LINGER_MS_CONFIG,
                  "5"),
              new StringSerializer(),
              new ByteArraySerializer());
    }

    /** Writes to {@code wa.send.freeform} or {@code wa.send.template}, by kind. */
    public void write(OutboundMessage message) throws Exception {
      writeAsync(message);
      producer.flush();
    }

    /** Writes without waiting; {@link #flush()} waits. */
    public void writeAsync(OutboundMessage message) {
      Topic<String, OutboundMessage> topic =
          message.kind() == Kind.TEMPLATE ? Topics.SEND_TEMPLATE : Topics.SEND_FREEFORM;
      producer.send(
          new ProducerRecord<>(
              topic.name(),
              new ConversationKey(message.businessNumber(), message.to()).toString(),
              topic.valueSerde().serializer().serialize(topic.name(), message)));
    }

    /** Writes raw bytes to {@code topic}. */
    public void writeRaw(String topic, String key, byte[] value) {
      producer.send(new ProducerRecord<>(topic, key, value));
      producer.flush();
    }

    public void flush() {
      producer.flush();
    }

    @Override
    public void close() {
      producer.close(Duration.ofSeconds(5));
    }
  }

  /**
   * Reads {@code wa.status.callbacks} (or another topic) as the streams app does: {@code
   * read_committed}, from the end at construction, keeping everything it has read.
   */
  public static final class Reader implements AutoCloseable {
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final List<ConsumerRecord<byte[], byte[]>> seen = new ArrayList<>();

    public Reader(String bootstrap, String topic) {
      this.consumer = consumer(bootstrap);
      List<TopicPartition> partitions = new ArrayList<>();
      consumer
          .partitionsFor(topic, Duration.ofSeconds(30))
          .forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
      consumer.assign(partitions);
      consumer.seekToEnd(partitions);
      partitions.forEach(partition -> consumer.position(partition, Duration.ofSeconds(30)));
    }

    /** Callbacks read so far and until {@code count} match or {@code timeout} passes. */
    public List<StatusCallback> callbacks(
        Predicate<StatusCallback> match, int count, Duration timeout) {
      List<StatusCallback> found = new ArrayList<>();
      for (ConsumerRecord<byte[], byte[]> record : records(r -> true, 0, Duration.ZERO)) {
        StatusCallback callback = decode(record);
        if (match.test(callback)) {
          found.add(callback);
        }
      }
      long deadline = System.nanoTime() + timeout.toNanos();
      while (found.size() < count && System.nanoTime() < deadline) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
          seen.add(record);
          StatusCallback callback = decode(record);
          if (match.test(callback)) {
            found.add(callback);
          }
        }
      }
      return found;
    }

    /** Records read so far and until {@code count} match or {@code timeout} passes. */
    public List<ConsumerRecord<byte[], byte[]>> records(
        Predicate<ConsumerRecord<byte[], byte[]>> match, int count, Duration timeout) {
      List<ConsumerRecord<byte[], byte[]>> found = new ArrayList<>();
      seen.stream().filter(match).forEach(found::add);
      long deadline = System.nanoTime() + timeout.toNanos();
      while (found.size() < count && System.nanoTime() < deadline) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
          seen.add(record);
          if (match.test(record)) {
            found.add(record);
          }
        }
      }
      return found;
    }

    private static StatusCallback decode(ConsumerRecord<byte[], byte[]> record) {
      return Topics.STATUS_CALLBACKS
          .valueSerde()
          .deserializer()
          .deserialize(record.topic(), record.value());
    }

    @Override
    public void close() {
      consumer.close(Duration.ofSeconds(5));
    }
  }

  private static KafkaConsumer<byte[], byte[]> consumer(String bootstrap) {
    return new KafkaConsumer<>(
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrap,
            ConsumerConfig.ISOLATION_LEVEL_CONFIG,
            "read_committed",
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
            "false"),
        new ByteArrayDeserializer(),
        new ByteArrayDeserializer());
  }
}
