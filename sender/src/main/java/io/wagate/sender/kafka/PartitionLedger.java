package io.wagate.sender.kafka;

import java.util.Base64;
import java.util.BitSet;
import java.util.NavigableSet;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.jspecify.annotations.Nullable;

/**
 * Which records of one partition are done, and so which offset may be committed: the lowest one not
 * done. Messages of different conversations finish out of order (one waits 6 s for its contact
 * while others go), so records above that offset may already be done; the commit's metadata lists
 * the ones that are not ({@link #metadata()}), and the next owner of the partition skips the others
 * ({@link #restore}) instead of sending them again.
 *
 * <p>Offsets that were never fetched (transaction markers, aborted records) count as done.
 *
 * <p>Not thread-safe: the send loop's thread alone uses it.
 */
final class PartitionLedger {

  private static final String VERSION = "w1";

  /** Where the next fetch of this partition starts: one past the last record fetched. */
  private long fetchedUpTo;

  /** Fetched and not yet done. */
  private final NavigableSet<Long> outstanding = new TreeSet<>();

  /** Restored from a commit: offsets below it are done unless {@link #restoredOutstanding}. */
  private long restoredUpTo;

  private final NavigableSet<Long> restoredOutstanding = new TreeSet<>();

  private PartitionLedger(long position) {
    this.fetchedUpTo = position;
    this.restoredUpTo = position;
  }

  /**
   * The ledger of a partition whose group committed {@code committed}, or that starts at {@code
   * position} without a commit.
   */
  static PartitionLedger restore(@Nullable OffsetAndMetadata committed, long position) {
    if (committed == null) {
      return new PartitionLedger(position);
    }
    PartitionLedger ledger = new PartitionLedger(committed.offset());
    String metadata = committed.metadata();
    if (metadata != null && metadata.startsWith(VERSION + ";")) {
      String[] parts = metadata.split(";", -1);
      if (parts.length == 3) {
        long span = Long.parseLong(parts[1]);
        ledger.restoredUpTo = committed.offset() + span;
        BitSet open = BitSet.valueOf(Base64.getDecoder().decode(parts[2]));
        for (int i = open.nextSetBit(0); i >= 0; i = open.nextSetBit(i + 1)) {
          ledger.restoredOutstanding.add(committed.offset() + i);
        }
      }
    }
    return ledger;
  }

  /**
   * Takes a fetched record in; false when an earlier owner already finished it, so it must be
   * skipped.
   */
  boolean fetched(long offset) {
    fetchedUpTo = Math.max(fetchedUpTo, offset + 1);
    if (offset < restoredUpTo && !restoredOutstanding.contains(offset)) {
      return false;
    }
    outstanding.add(offset);
    return true;
  }

  /** The consumer's position moved past offsets it never returned (markers, aborted records). */
  void positionedAt(long position) {
    fetchedUpTo = Math.max(fetchedUpTo, position);
  }

  /** A record is done: its outcome is in the transaction that commits this ledger. */
  void done(long offset) {
    outstanding.remove(offset);
  }

  /** The offset to commit: the lowest record not done. */
  long commitOffset() {
    long restoredFloor =
        restoredOutstanding.isEmpty() || restoredOutstanding.last() < fetchedUpTo
            ? Long.MAX_VALUE
            : restoredOutstanding.ceiling(fetchedUpTo);
    long floor = outstanding.isEmpty() ? fetchedUpTo : outstanding.first();
    return Math.min(floor, restoredFloor);
  }

  /** Records between the commit offset and the fetch position: what a pause bounds. */
  long span() {
    return fetchedUpTo - commitOffset();
  }

  /** Records fetched and not done. */
  int outstanding() {
    return outstanding.size();
  }

  /**
   * The commit's metadata: how far records were fetched, and which of them are not done, as a
   * bitset relative to the commit offset. The span is bounded by pausing the partition, so this
   * stays within the broker's {@code offset.metadata.max.bytes} (4096 by default).
   */
  String metadata() {
    long base = commitOffset();
    long upTo = Math.max(fetchedUpTo, base);
    BitSet open = new BitSet();
    for (long offset : outstanding) {
      open.set((int) (offset - base));
    }
    // Restored records not fetched again yet stay open for the next owner too.
    for (long offset : restoredOutstanding.tailSet(fetchedUpTo, true)) {
      open.set((int) (offset - base));
      upTo = Math.max(upTo, offset + 1);
    }
    if (restoredUpTo > upTo) {
      upTo = restoredUpTo;
    }
    return VERSION
        + ";"
        + (upTo - base)
        + ";"
        + Base64.getEncoder().encodeToString(open.toByteArray());
  }

  /** The commit of this ledger. */
  OffsetAndMetadata commit() {
    return new OffsetAndMetadata(commitOffset(), metadata());
  }
}
