package io.wagate.schemas.contact;

/** A contact or phone number that cannot be turned into a canonical contact. */
public final class InvalidContactException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  /** A failure described by {@code message}, which never contains the number itself. */
  public InvalidContactException(String message) {
    super(message);
  }
}
