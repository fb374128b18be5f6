package io.wagate.streams.app;

import io.wagate.schemas.config.Environment;

/** Runs the wagate Kafka Streams application until it is stopped. */
public final class StreamsService {

  private StreamsService() {}

  /**
   * Runs the application configured by {@code environment} and returns the process exit code.
   *
   * @param environment the process environment
   * @return 0 after a clean shutdown, non-zero on failure
   */
  public static int run(Environment environment) {
    throw new UnsupportedOperationException("the topology is not built yet");
  }
}
