package io.wagate.sender.kafka;

import io.wagate.schemas.events.OutboundMessage;
import io.wagate.sender.send.SendPipeline;
import io.wagate.sender.send.SendTicket;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;

/** One message read from {@code wa.send.*}, from its fetch until its outcome is written. */
final class Pending {

  final TopicPartition partition;
  final long offset;
  final String conversationKey;
  final OutboundMessage message;
  final SendPipeline.Prepared prepared;
  final SendTicket ticket = new SendTicket();
  @Nullable CompletableFuture<?> sending;

  /** Dropped with its partition: its outcome, should one come, is not written. */
  boolean dropped;

  Pending(
      TopicPartition partition,
      long offset,
      String conversationKey,
      OutboundMessage message,
      SendPipeline.Prepared prepared) {
    this.partition = partition;
    this.offset = offset;
    this.conversationKey = conversationKey;
    this.message = message;
    this.prepared = prepared;
  }
}
