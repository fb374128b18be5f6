package io.wagate.streams.topics;

import static org.assertj.core.api.Assertions.assertThat;

import io.wagate.schemas.Topic;
import io.wagate.schemas.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
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
}
