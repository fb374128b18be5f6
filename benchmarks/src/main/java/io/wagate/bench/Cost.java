package io.wagate.bench;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/**
 * What one throughput run cost besides time: CPU of this JVM (the subject and the consumer that
 * watches its outputs), CPU of the broker's JVM, and the records the broker took (every topic,
 * internal ones included). Wall-clock rates swing with whatever else the shared machine runs; CPU
 * time and record counts say where the work goes and barely move.
 *
 * @param appCpuNanos CPU time of this JVM
 * @param brokerCpuNanos CPU time of the broker's JVM (0 when it is not a child of this one)
 * @param writesByTopic by topic, the end offsets of its partitions summed in a snapshot, the
 *     records appended (transaction markers included) in a difference
 */
record Cost(long appCpuNanos, long brokerCpuNanos, Map<String, Long> writesByTopic) {

  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  /** A snapshot now; the difference of two is what happened between them. */
  static Cost now(Kafka kafka) throws Exception {
    return new Cost(appCpu(), brokerCpu(), endOffsetsByTopic(kafka));
  }

  /** Records appended to every partition of every topic. */
  long writes() {
    return writesByTopic.values().stream().mapToLong(Long::longValue).sum();
  }

  Cost minus(Cost before) {
    Map<String, Long> byTopic = new java.util.TreeMap<>();
    writesByTopic.forEach(
        (topic, end) -> {
          long written = end - before.writesByTopic.getOrDefault(topic, 0L);
          if (written > 0) {
            byTopic.put(topic, written);
          }
        });
    return new Cost(
        appCpuNanos - before.appCpuNanos, brokerCpuNanos - before.brokerCpuNanos, byTopic);
  }

  private static long appCpu() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /** The embedded broker runs as a child JVM of the harness. */
  private static long brokerCpu() {
    return ProcessHandle.current()
        .children()
        .map(child -> child.info().totalCpuDuration().orElse(Duration.ZERO).toNanos())
        .mapToLong(Long::longValue)
        .sum();
  }

  private static Map<String, Long> endOffsetsByTopic(Kafka kafka) throws Exception {
    List<String> topics =
        List.copyOf(
            kafka
                .admin
                .listTopics(new ListTopicsOptions().listInternal(false))
                .names()
                .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS));
    Map<TopicPartition, OffsetSpec> request =
        kafka
            .admin
            .describeTopics(topics)
            .allTopicNames()
            .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)
            .values()
            .stream()
            .flatMap(
                d -> d.partitions().stream().map(p -> new TopicPartition(d.name(), p.partition())))
            .collect(java.util.stream.Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest()));
    return kafka
        .admin
        .listOffsets(request)
        .all()
        .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)
        .entrySet()
        .stream()
        .collect(
            java.util.stream.Collectors.groupingBy(
                e -> e.getKey().topic(),
                java.util.stream.Collectors.summingLong(e -> e.getValue().offset())));
  }
}
