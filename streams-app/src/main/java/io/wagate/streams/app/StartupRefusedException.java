package io.wagate.streams.app;

/**
 * The streams app will not start because the cluster is not as wagate needs it; the message says
 * what is wrong and what to do, in one line.
 */
public final class StartupRefusedException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** A refusal explained by {@code message}. */
  public StartupRefusedException(String message) {
    super(message);
  }

  /** A refusal explained by {@code message}, caused by {@code cause}. */
  public StartupRefusedException(String message, Throwable cause) {
    super(message, cause);
  }
}
