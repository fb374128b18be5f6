package io.wagate.kafka;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * The entry point of the child JVM that {@link EmbeddedKafka} starts: runs {@code kafka.Kafka} and
 * exits when standard input closes.
 *
 * <p>The parent keeps the child's standard input open as a pipe for as long as it lives. When the
 * parent dies, however abruptly, the operating system closes the pipe and the broker shuts down
 * instead of outliving the build that started it.
 *
 * <p>The child ignores SIGINT. Ctrl-C in a terminal signals the whole foreground process group, the
 * broker included, and the broker would then stop at once while its parent's clients still need it
 * to shut down cleanly. The parent decides when the broker stops (SIGTERM), or its death does.
 */
public final class BrokerMain {

  private BrokerMain() {}

  /**
   * Starts the broker.
   *
   * @param args the path of the broker's {@code server.properties}
   */
  public static void main(String[] args) {
    ignoreInterrupt();
    Thread watchdog = new Thread(BrokerMain::exitWhenParentGoes, "parent-watchdog");
    watchdog.setDaemon(true);
    watchdog.start();
    kafka.Kafka.main(args);
  }

  /**
   * Installs a SIGINT handler that does nothing. Kafka's own signal logger wraps it and logs the
   * signal, then calls this handler instead of the JVM's, which would exit. Reflection, because
   * {@code sun.misc.Signal} is unsupported API that javac warns about; on a JVM without it, Ctrl-C
   * stops the broker directly, as it would without this.
   */
  private static void ignoreInterrupt() {
    try {
      Class<?> signalType = Class.forName("sun.misc.Signal");
      Class<?> handlerType = Class.forName("sun.misc.SignalHandler");
      Object ignore =
          Proxy.newProxyInstance(
              handlerType.getClassLoader(),
              new Class<?>[] {handlerType},
              (proxy, method, methodArgs) -> ignoring(proxy, method, methodArgs));
      Object interrupt = signalType.getConstructor(String.class).newInstance("INT");
      signalType.getMethod("handle", signalType, handlerType).invoke(null, interrupt, ignore);
    } catch (ReflectiveOperationException | RuntimeException e) {
      System.err.println("SIGINT is not ignored (" + e + "); Ctrl-C stops the broker directly");
    }
  }

  private static Object ignoring(Object proxy, Method method, Object[] args) {
    return switch (method.getName()) {
      case "equals" -> proxy == args[0];
      case "hashCode" -> System.identityHashCode(proxy);
      case "toString" -> "SIGINT ignored: the parent process stops this broker";
      default -> {
        System.out.println("SIGINT ignored: the parent process stops this broker");
        yield null;
      }
    };
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
