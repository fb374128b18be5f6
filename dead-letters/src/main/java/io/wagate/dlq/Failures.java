package io.wagate.dlq;

import io.wagate.schemas.config.Environment.ConfigurationException;
import java.io.PrintWriter;
import java.util.function.IntSupplier;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.ProducerFencedException;

/** Turns the expected failures of a command into one clear line and exit code 1. */
final class Failures {

  private Failures() {}

  static int report(PrintWriter err, IntSupplier command) {
    try {
      return command.getAsInt();
    } catch (ConfigurationException e) {
      err.println("error: " + e.getMessage());
    } catch (ProducerFencedException e) {
      err.println(
          "error: another dlq replay started and took over; what this one committed stays"
              + " replayed, run it again for the rest");
    } catch (KafkaException e) {
      // Kafka's messages name brokers, topics and timeouts, never record contents.
      err.println("error: Kafka: " + e.getMessage());
    }
    err.flush();
    return DlqCommand.EXIT_FAILED;
  }
}
