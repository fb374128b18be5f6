package io.wagate.sender.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.junit.jupiter.api.Test;

class PartitionLedgerTest {

  @Test
  void shouldCommitTheLowestRecordNotDone() {
    // Given
    PartitionLedger ledger = PartitionLedger.restore(null, 100);
    for (long offset = 100; offset < 105; offset++) {
      ledger.fetched(offset);
    }

    // When: a later conversation finishes before an earlier one
    ledger.done(100);
    ledger.done(102);
    ledger.done(103);

    // Then
    assertThat(ledger.commitOffset()).isEqualTo(101);
    assertThat(ledger.span()).isEqualTo(4);
  }

  @Test
  void shouldCommitPastOffsetsThatWereNeverFetched() {
    // Given: read_committed skips transaction markers and aborted records
    PartitionLedger ledger = PartitionLedger.restore(new OffsetAndMetadata(10), 10);
    ledger.fetched(10);
    ledger.fetched(13);

    // When
    ledger.done(10);
    ledger.done(13);
    ledger.positionedAt(15);

    // Then
    assertThat(ledger.commitOffset()).isEqualTo(15);
  }

  @Test
  void shouldSkipOnlyWhatTheLastOwnerFinished() {
    // Given: the last owner finished 50, 52 and 53 but not 51 and 54
    PartitionLedger before = PartitionLedger.restore(null, 50);
    for (long offset = 50; offset < 55; offset++) {
      before.fetched(offset);
    }
    before.done(50);
    before.done(52);
    before.done(53);
    OffsetAndMetadata commit = before.commit();

    // When: the next owner reads from the commit
    PartitionLedger after = PartitionLedger.restore(commit, commit.offset());

    // Then
    assertThat(commit.offset()).isEqualTo(51);
    assertThat(after.fetched(51)).isTrue();
    assertThat(after.fetched(52)).isFalse();
    assertThat(after.fetched(53)).isFalse();
    assertThat(after.fetched(54)).isTrue();
    assertThat(after.fetched(55)).isTrue();
  }

  @Test
  void shouldKeepRestoredOpenRecordsOpenUntilTheyAreFetchedAgain() {
    // Given: a commit that says 21 is not done, 20 and 22 are
    PartitionLedger first = PartitionLedger.restore(null, 20);
    first.fetched(20);
    first.fetched(21);
    first.fetched(22);
    first.done(22);
    OffsetAndMetadata commit = first.commit();
    PartitionLedger second = PartitionLedger.restore(commit, commit.offset());

    // When: the second owner commits before fetching anything
    OffsetAndMetadata again = second.commit();
    PartitionLedger third = PartitionLedger.restore(again, again.offset());

    // Then: the third owner still sends 20 and 21, and still skips 22
    assertThat(again.offset()).isEqualTo(20);
    assertThat(third.fetched(20)).isTrue();
    assertThat(third.fetched(21)).isTrue();
    assertThat(third.fetched(22)).isFalse();
  }

  @Test
  void shouldStayWithinTheBrokersMetadataLimitForTenThousandOpenRecords() {
    // Given: every other record of ten thousand done, the worst case for the encoding
    PartitionLedger ledger = PartitionLedger.restore(null, 0);
    for (long offset = 0; offset < 10_500; offset++) {
      ledger.fetched(offset);
      if (offset % 2 == 1) {
        ledger.done(offset);
      }
    }

    // When
    String metadata = ledger.metadata();

    // Then: offset.metadata.max.bytes is 4096 by default
    assertThat(metadata.length()).isLessThan(4096);
  }
}
