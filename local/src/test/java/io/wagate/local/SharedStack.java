package io.wagate.local;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Comparator;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * One {@link LocalStack} for every integration test of this JVM that needs the services running
 * together on a real broker: starting one takes tens of seconds on a loaded machine, and the tests
 * that share it use business numbers of their own. It starts on first use and stops when the JVM
 * exits.
 */
final class SharedStack {

  private static @Nullable LocalStack stack;
  private static @Nullable DemoSecrets secrets;

  private SharedStack() {}

  /** The running stack, started on the first call. */
  static synchronized LocalStack get() throws IOException, InterruptedException {
    if (stack == null) {
      DemoSecrets generated = DemoSecrets.generate(new SecureRandom());
      Path dataDir = Files.createTempDirectory("wagate-shared-stack");
      PrintStream quiet =
          new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
      LocalStack started =
          new LocalStack(new LocalStack.Settings(dataDir, 0, 0, 0), generated, quiet);
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    started.close();
                    deleteQuietly(dataDir);
                  },
                  "shared-stack-shutdown"));
      started.start();
      stack = started;
      secrets = generated;
    }
    return stack;
  }

  /** The secrets of the running stack's ingress. */
  static synchronized DemoSecrets secrets() throws IOException, InterruptedException {
    get();
    return secrets;
  }

  private static void deleteQuietly(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      // A temporary directory left behind is harmless; the JVM is exiting.
    }
  }
}
