package io.wagate.streams;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.StreamsGroupDescription;
import org.apache.kafka.clients.admin.StreamsGroupMemberAssignment;
import org.apache.kafka.clients.admin.StreamsGroupMemberDescription;
import org.apache.kafka.clients.admin.StreamsGroupSubtopologyDescription;
import org.apache.kafka.common.GroupType;
import org.apache.kafka.common.TopicPartition;

/**
 * Which conversation partitions an instance processes, as its group coordinator says: the
 * partitions of {@code wa.send.requests} in the active assignment of the members whose client id
 * starts with the instance's {@code client.id}. wagate reads every conversation input in one
 * sub-topology, and a task writes its outputs to its own partition, so these are also the
 * instance's partitions of {@code wa.status}. Works for a classic group and for a streams group
 * ({@code group.protocol=streams}).
 */
final class TaskOwners {

  private static final String SOURCE = "wa.send.requests";

  private TaskOwners() {}

  /**
   * The partitions the instance with {@code clientId} owns in {@code group}.
   *
   * @param admin a client of the group's cluster
   * @param group the application id
   * @param clientId the instance's {@code client.id}
   */
  static Set<Integer> partitionsOf(Admin admin, String group, String clientId, Duration timeout)
      throws Exception {
    return isStreamsGroup(admin, group, timeout)
        ? fromStreamsGroup(admin, group, clientId, timeout)
        : fromConsumerGroup(admin, group, clientId, timeout);
  }

  private static boolean isStreamsGroup(Admin admin, String group, Duration timeout)
      throws Exception {
    for (GroupListing listing :
        admin.listGroups().all().get(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      if (listing.groupId().equals(group)) {
        return listing.type().orElse(GroupType.CLASSIC) == GroupType.STREAMS;
      }
    }
    throw new IllegalStateException("no group " + group);
  }

  private static Set<Integer> fromConsumerGroup(
      Admin admin, String group, String clientId, Duration timeout) throws Exception {
    ConsumerGroupDescription description =
        admin
            .describeConsumerGroups(List.of(group))
            .describedGroups()
            .get(group)
            .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    Set<Integer> partitions = new TreeSet<>();
    for (MemberDescription member : description.members()) {
      if (member.clientId().startsWith(clientId + "-")) {
        for (TopicPartition partition : member.assignment().topicPartitions()) {
          if (partition.topic().equals(SOURCE)) {
            partitions.add(partition.partition());
          }
        }
      }
    }
    return partitions;
  }

  private static Set<Integer> fromStreamsGroup(
      Admin admin, String group, String clientId, Duration timeout) throws Exception {
    StreamsGroupDescription description =
        admin
            .describeStreamsGroups(List.of(group))
            .describedGroups()
            .get(group)
            .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    String subtopology =
        description.subtopologies().stream()
            .filter(candidate -> candidate.sourceTopics().contains(SOURCE))
            .map(StreamsGroupSubtopologyDescription::subtopologyId)
            .findFirst()
            .orElseThrow(() -> new IllegalStateException("no sub-topology reads " + SOURCE));
    Set<Integer> partitions = new TreeSet<>();
    for (StreamsGroupMemberDescription member : description.members()) {
      if (member.clientId().startsWith(clientId + "-")) {
        for (StreamsGroupMemberAssignment.TaskIds tasks : member.assignment().activeTasks()) {
          if (tasks.subtopologyId().equals(subtopology)) {
            partitions.addAll(tasks.partitions());
          }
        }
      }
    }
    return partitions;
  }
}
