package io.wagate.streams.config;

import io.wagate.schemas.config.Environment;
import java.time.Duration;
import java.util.Locale;
import java.util.Properties;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a dead instance is noticed and its partitions taken over: the group membership settings
 * wagate adds to the Kafka Streams properties, chosen by measuring them ({@code FailoverChaosIT};
 * README, "Failover"). An operator's {@code KAFKA_*} variable always wins.
 *
 * <ul>
 *   <li>{@code WAGATE_INSTANCE_ID} (a StatefulSet pod's name, a fixed host name) becomes the static
 *       {@code group.instance.id} of the classic rebalance protocol: an instance that restarts
 *       within the session timeout gets its partitions back without a rebalance, and the other
 *       instances go on meanwhile.
 *   <li>{@code session.timeout.ms} is {@link #SESSION_TIMEOUT} instead of Kafka's 45 s: an instance
 *       that does not come back within it has its partitions moved to another instance (a standby
 *       replica there makes that a warm promotion).
 * </ul>
 *
 * <p>The streams rebalance protocol ({@code group.protocol=streams}) takes neither: its session
 * timeout is a broker-side group setting, and brokers before Kafka 4.4 refuse an instance id,
 * fatally. Both are left out there.
 */
public final class Failover {

  /** The variable that names an instance stably across restarts. */
  public static final String INSTANCE_ID = "WAGATE_INSTANCE_ID";

  /**
   * What Kafka accepts in a group instance id, with room for the per-thread suffix Streams adds.
   */
  private static final Pattern VALID_INSTANCE_ID = Pattern.compile("[A-Za-z0-9._-]{1,200}");

  /**
   * How long the group waits for an instance that stopped heartbeating before it moves the
   * instance's partitions. Kafka's 45 s measured 47 s of standstill for a lost instance's
   * partitions; this bounds it at about the session plus a rebalance, and stays above the broker's
   * default minimum (6 s) and well clear of the pauses that made Kafka raise its default from 10 s
   * (KIP-735). A restart slower than it costs a rebalance more (README, "Failover").
   */
  public static final Duration SESSION_TIMEOUT = Duration.ofSeconds(15);

  private static final String STREAMS_PROTOCOL = "streams";

  private static final Logger LOGGER = LoggerFactory.getLogger(Failover.class);

  private Failover() {}

  /**
   * Adds wagate's failover settings to {@code kafka}, the properties after the {@code KAFKA_*}
   * variables, where those do not set them.
   *
   * @param kafka Kafka Streams properties, changed in place
   * @param instanceId the value of {@code WAGATE_INSTANCE_ID}, null when unset
   * @throws Environment.ConfigurationException when the instance id is not a valid Kafka id
   */
  static void apply(Properties kafka, @Nullable String instanceId) {
    if (instanceId != null && !VALID_INSTANCE_ID.matcher(instanceId).matches()) {
      throw new Environment.ConfigurationException(
          INSTANCE_ID + " must be 1 to 200 letters, digits, '.', '_' or '-'");
    }
    if (streamsProtocol(kafka)) {
      if (instanceId != null && !kafka.containsKey(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG)) {
        LOGGER.warn(
            "{} is not used as group.instance.id with group.protocol=streams: brokers before"
                + " Kafka 4.4 refuse static members of streams groups",
            INSTANCE_ID);
      }
      return;
    }
    kafka.putIfAbsent(
        ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, Long.toString(SESSION_TIMEOUT.toMillis()));
    if (instanceId != null) {
      kafka.putIfAbsent(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, instanceId);
    }
  }

  private static boolean streamsProtocol(Properties kafka) {
    return STREAMS_PROTOCOL.equals(
        kafka
            .getProperty(StreamsConfig.GROUP_PROTOCOL_CONFIG, "classic")
            .strip()
            .toLowerCase(Locale.ROOT));
  }
}
