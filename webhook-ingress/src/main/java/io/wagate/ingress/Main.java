package io.wagate.ingress;

import io.wagate.ingress.config.IngressConfig;
import io.wagate.schemas.config.Environment;
import io.wagate.schemas.config.Environment.ConfigurationException;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code java -jar wagate-ingress.jar}: configured by the environment only, no arguments. */
public final class Main {

  private static final Logger LOGGER = LoggerFactory.getLogger(Main.class);

  private Main() {}

  /**
   * Starts the ingress and runs until the JVM is asked to stop, then drains gracefully.
   *
   * @param args ignored: secrets never come from the command line
   */
  public static void main(String[] args) {
    IngressConfig config;
    try {
      config = IngressConfig.from(Environment.system());
    } catch (ConfigurationException e) {
      LOGGER.error("Invalid configuration: {}", e.getMessage());
      System.exit(2);
      return;
    }
    IngressService service;
    try {
      service = IngressService.start(config);
    } catch (Exception e) {
      LOGGER.error("wagate ingress failed to start", e);
      System.exit(1);
      return;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  service.close();
                  stopped.countDown();
                },
                "wagate-ingress-shutdown"));
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
