package io.wagate.sender;

import io.wagate.schemas.config.Environment;
import io.wagate.schemas.config.Environment.ConfigurationException;
import io.wagate.sender.config.SenderConfig;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar wagate-sender.jar}: configured by the environment only. Exit codes: 0 stopped
 * cleanly, 1 the send loop failed or the sender could not start, 2 invalid configuration.
 */
public final class Main {

  private static final Logger LOGGER = LoggerFactory.getLogger(Main.class);

  private Main() {}

  /**
   * Runs the sender until the JVM is asked to stop, or its send loop fails.
   *
   * @param args ignored: secrets never come from the command line
   */
  public static void main(String[] args) {
    SenderConfig config;
    try {
      config = SenderConfig.from(Environment.system());
    } catch (ConfigurationException e) {
      LOGGER.error("Invalid configuration: {}", e.getMessage());
      System.exit(2);
      return;
    }
    SenderService service;
    try {
      service = SenderService.start(config);
    } catch (Exception e) {
      LOGGER.error("wagate sender failed to start", e);
      System.exit(1);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(service::close, "wagate-sender-shutdown"));
    try {
      while (!service.awaitLoopEnd(Duration.ofDays(1))) {
        // Runs until the loop ends.
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    // The loop ended without a shutdown request only when it failed.
    if (service.state() == io.wagate.sender.kafka.SendLoop.State.FAILED) {
      LOGGER.error("The send loop failed; exiting so that the platform restarts the sender");
      System.exit(1);
    }
  }
}
