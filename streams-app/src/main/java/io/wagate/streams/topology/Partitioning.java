package io.wagate.streams.topology;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Utils;

/**
 * Where a key's records belong: the partition Kafka's default partitioner (murmur2, what Java
 * producers, repartition topics and the query API's key lookup all use) picks for it. A record that
 * already sits there is processed where it is; any other (written with librdkafka's CRC32, to an
 * explicit partition, or under a non-canonical key) takes a repartition topic to it first.
 */
public final class Partitioning {

  private Partitioning() {}

  /**
   * The partition of {@code key} among {@code partitions}.
   *
   * @param key the record key, a canonical conversation key or request id
   * @param partitions the topic's partition count, at least 1
   * @return the partition Kafka's default partitioner chooses for the key's UTF-8 bytes
   */
  public static int partitionOf(String key, int partitions) {
    return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
  }

  /** Whether a record of {@code key} read from {@code partition} already is where it belongs. */
  public static boolean isHome(String key, int partition, int partitions) {
    return partitions <= 1 || partitionOf(key, partitions) == partition;
  }
}
