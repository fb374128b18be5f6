package io.wagate.sender.config;

import io.wagate.schemas.config.Environment;
import io.wagate.schemas.config.Environment.ConfigurationException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a credential the per-number settings refer to: from an environment variable or a file (as
 * Docker and Kubernetes mount secrets). The settings themselves never hold a secret, so they may
 * live in a ConfigMap or an environment variable.
 */
final class Secrets {

  private Secrets() {}

  /**
   * The secret one of {@code env} or {@code file} names.
   *
   * @param environment the process environment
   * @param where what refers to it, for error messages, e.g. {@code numbers[+3120…].accessToken}
   * @param env the environment variable that holds it, or null
   * @param file the file that holds it, or null
   * @return the secret, stripped
   * @throws ConfigurationException when neither or both are given, or the value is missing or empty
   */
  static String read(
      Environment environment,
      String where,
      @org.jspecify.annotations.Nullable String env,
      @org.jspecify.annotations.Nullable String file) {
    if ((env == null) == (file == null)) {
      throw new ConfigurationException(where + " needs exactly one of \"env\" and \"file\"");
    }
    if (env != null) {
      String value = environment.get(env);
      if (value == null) {
        throw new ConfigurationException(where + " names " + env + ", which is not set");
      }
      return value;
    }
    try {
      String value = Files.readString(Path.of(file), StandardCharsets.UTF_8).strip();
      if (value.isEmpty()) {
        throw new ConfigurationException(where + " names the empty file " + file);
      }
      return value;
    } catch (IOException e) {
      throw new ConfigurationException(
          where
              + " names the file "
              + file
              + ", which cannot be read: "
              + e.getClass().getSimpleName());
    }
  }
}
