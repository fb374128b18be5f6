package io.wagate.kafka;

import java.io.IOException;
import java.io.InputStream;

/**
 * The entry point of the child JVM that {@link EmbeddedKafka} starts: runs {@code kafka.Kafka} and
 * exits when standard input closes.
 *
 * <p>The parent keeps the child's standard input open as a pipe for as long as it lives. When the
 * parent dies, however abruptly, the operating system closes the pipe and the broker shuts down
 * instead of outliving the build that started it.
 */
public final class BrokerMain {

  private BrokerMain() {}

  /**
   * Starts the broker.
   *
   * @param args the path of the broker's {@code server.properties}
   */
  public static void main(String[] args) {
    Thread watchdog = new Thread(BrokerMain::exitWhenParentGoes, "parent-watchdog");
    watchdog.setDaemon(true);
    watchdog.start();
    kafka.Kafka.main(args);
  }

  private static void exitWhenParentGoes() {
    try {
      drain(System.in);
    } catch (IOException e) {
      // A broken pipe means the same as a closed one: the parent is gone.
    }
    // Runs Kafka's own shutdown hook, so the broker still shuts down cleanly.
    System.exit(0);
  }

  private static void drain(InputStream input) throws IOException {
    byte[] buffer = new byte[256];
    while (input.read(buffer) != -1) {
      // Nothing is ever sent; reading only waits for the end of the stream.
    }
  }
}
