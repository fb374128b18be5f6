package io.wagate.streams.app;

import io.wagate.schemas.config.Environment;
import org.apache.kafka.common.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs the wagate Kafka Streams application until it is stopped. */
public final class StreamsService {

  /** Exit code after a clean shutdown. */
  public static final int EXIT_OK = 0;

  /** Exit code when a stream thread failed or the app could not run. */
  public static final int EXIT_FAILED = 1;

  /** Exit code when the app refused to start: missing topics, wrong configuration. */
  public static final int EXIT_REFUSED = 2;

  private static final Logger LOGGER = LoggerFactory.getLogger(StreamsService.class);

  private StreamsService() {}

  /**
   * Runs the application configured by {@code environment} and returns the process exit code.
   * Blocks until the application stops: on SIGTERM or Ctrl-C (through a shutdown hook that closes
   * it gracefully), or when a stream thread fails.
   *
   * @param environment the process environment
   * @return {@link #EXIT_OK} after a clean shutdown, {@link #EXIT_REFUSED} when it refused to start
   *     (the reason is logged in one line), {@link #EXIT_FAILED} on any other failure
   */
  public static int run(Environment environment) {
    WagateStreamsApp app;
    try {
      app = WagateStreamsApp.create(environment);
    } catch (Environment.ConfigurationException e) {
      LOGGER.error("wagate cannot start: {}", e.getMessage());
      return EXIT_REFUSED;
    }
    Thread shutdownHook = new Thread(app::close, "wagate-shutdown");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
    try {
      app.start();
      return app.awaitTermination();
    } catch (StartupRefusedException e) {
      LOGGER.error("{}", e.getMessage());
      return EXIT_REFUSED;
    } catch (Environment.ConfigurationException | ConfigException e) {
      LOGGER.error("wagate cannot start: {}", e.getMessage());
      return EXIT_REFUSED;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      LOGGER.error("Interrupted while running; stopping wagate");
      return EXIT_FAILED;
    } catch (RuntimeException e) {
      LOGGER.error("wagate failed: {}", e.getMessage(), e);
      return EXIT_FAILED;
    } finally {
      app.close();
      removeHook(shutdownHook);
    }
  }

  private static void removeHook(Thread shutdownHook) {
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // The JVM is shutting down and the hook is running or ran: nothing is left to remove.
      LOGGER.debug("Shutdown in progress; the shutdown hook stays");
    }
  }
}
