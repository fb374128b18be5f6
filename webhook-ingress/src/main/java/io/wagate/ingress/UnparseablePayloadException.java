package io.wagate.ingress;

/**
 * A signed webhook body that cannot be turned into contract records: bad JSON or form encoding, a
 * wrong shape, a missing field, or a number that cannot be canonicalised. The whole body then goes
 * to {@code wa.dlq}. The message names the field and the problem, never a value from the payload.
 */
public final class UnparseablePayloadException extends Exception {

  private static final long serialVersionUID = 1L;

  /**
   * A failure described by {@code message}.
   *
   * @param message what is wrong and where, without payload values
   */
  public UnparseablePayloadException(String message) {
    super(message);
  }

  /**
   * A failure described by {@code message}, caused by {@code cause}.
   *
   * @param message what is wrong and where, without payload values
   * @param cause the underlying failure
   */
  public UnparseablePayloadException(String message, Throwable cause) {
    super(message, cause);
  }
}
