package io.wagate.ingress.publish;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Publishes the records of one webhook request. */
@FunctionalInterface
public interface Publisher {

  /**
   * Publishes {@code records}. The future completes normally only once Kafka has acknowledged every
   * one of them; it fails when any is refused or when they are not all acknowledged in time. It
   * never blocks the caller.
   *
   * @param records the records of one request, in order
   * @return completes when all are acknowledged
   */
  CompletableFuture<Void> publish(List<WebhookRecord<?, ?>> records);
}
