package io.wagate.streams.topics;

import static org.assertj.core.api.Assertions.assertThat;

import io.wagate.schemas.Topic;
import io.wagate.schemas.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;

/** The contract's topics on the shared test broker, for tests that need to start from none. */
public final class ContractTopics {

  /** Every contract topic name. */
  public static final List<String> NAMES = Topics.ALL.stream().map(Topic::name).toList();

  private ContractTopics() {}

  /** The contract topics that exist now. */
  public static List<String> present(Admin admin, Duration timeout) throws Exception {
    Set<String> names = admin.listTopics().names().get(timeout.toSeconds(), TimeUnit.SECONDS);
    return NAMES.stream().filter(names::contains).toList();
  }

  /** Deletes every contract topic and waits until the broker no longer lists any. */
  public static void deleteAll(Admin admin, Duration timeout) throws Exception {
    List<String> present = present(admin, timeout);
    if (!present.isEmpty()) {
      admin.deleteTopics(present).all().get(timeout.toSeconds(), TimeUnit.SECONDS);
    }
    Instant deadline = Instant.now().plus(timeout);
    while (!present(admin, timeout).isEmpty()) {
      assertThat(Instant.now()).as("contract topics deleted in time").isBefore(deadline);
    }
  }

  /**
   * Deletes every contract topic and creates them again with {@code partitions} partitions each,
   * returning once the broker describes every one so. The broker deletes a topic in the background:
   * creating it again at once may be refused, or answered before the new topic is visible, so the
   * creation is repeated until all are there.
   */
  public static void recreate(Admin admin, int partitions, Duration timeout) throws Exception {
    deleteAll(admin, timeout);
    Instant deadline = Instant.now().plus(timeout);
    while (!allOn(admin, partitions, timeout)) {
      assertThat(Instant.now()).as("contract topics created in time").isBefore(deadline);
      new TopicCreator(admin, timeout).createMissing(Topics.ALL, partitions, (short) 1);
    }
  }

  /** Whether every contract topic exists with {@code partitions} partitions. */
  private static boolean allOn(Admin admin, int partitions, Duration timeout) throws Exception {
    if (present(admin, timeout).size() < NAMES.size()) {
      return false;
    }
    try {
      return admin
          .describeTopics(NAMES)
          .allTopicNames()
          .get(timeout.toSeconds(), TimeUnit.SECONDS)
          .values()
          .stream()
          .allMatch(topic -> topic.partitions().size() == partitions);
    } catch (ExecutionException e) {
      // A topic listed a moment ago is not described yet (or is still going): not all there.
      return false;
    }
  }
}
