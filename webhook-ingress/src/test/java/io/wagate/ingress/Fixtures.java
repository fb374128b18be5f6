package io.wagate.ingress;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Reads the provider payloads under {@code src/test/resources/fixtures/}, byte for byte. */
public final class Fixtures {

  private Fixtures() {}

  /**
   * The exact bytes of a fixture.
   *
   * @param name the path under {@code fixtures/}, e.g. {@code meta/batch.json}
   * @return its bytes
   */
  public static byte[] bytes(String name) {
    try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
