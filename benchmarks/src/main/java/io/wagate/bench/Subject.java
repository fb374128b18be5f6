package io.wagate.bench;

/** What a broker benchmark runs: wagate, the pass-through topology or the plain loop. */
interface Subject extends AutoCloseable {

  /** Starts and returns once it is ready to process (Streams RUNNING, partitions assigned). */
  void start() throws Exception;

  /** Throws when it failed while running. */
  void checkHealthy();

  @Override
  void close();
}
