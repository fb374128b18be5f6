package io.wagate.streams.topology;

/**
 * An input has more partitions than the topology was built for. Records would then be treated as
 * being where they belong when they are not, and meet the wrong conversation's state; so this is
 * fatal, never dead-lettered: the application stops and says why.
 */
public final class PartitionCountMismatchException extends IllegalStateException {

  private static final long serialVersionUID = 1L;

  public PartitionCountMismatchException(String topic, int partition, int partitions) {
    super(
        "a record of "
            + topic
            + " sits on partition "
            + partition
            + ", but wagate was started for "
            + partitions
            + " partitions; restart it (the partition count is read at start-up)");
  }
}
