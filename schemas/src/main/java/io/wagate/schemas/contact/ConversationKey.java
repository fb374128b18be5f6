package io.wagate.schemas.contact;

import java.util.Objects;

/**
 * The key of every record wagate writes about a conversation: {@code <businessNumber>|<contact>}.
 *
 * @param businessNumber the business line, E.164
 * @param contact the canonical contact
 */
public record ConversationKey(String businessNumber, String contact) {

  private static final char SEPARATOR = '|';

  public ConversationKey {
    Objects.requireNonNull(businessNumber, "businessNumber");
    Objects.requireNonNull(contact, "contact");
  }

  /**
   * Parses {@code <businessNumber>|<contact>}.
   *
   * @throws IllegalArgumentException when the key is not two non-empty parts around one {@code |};
   *     the message does not repeat the key, which holds a phone number
   */
  public static ConversationKey parse(String key) {
    int separator = key == null ? -1 : key.indexOf(SEPARATOR);
    if (separator <= 0
        || separator == key.length() - 1
        || key.indexOf(SEPARATOR, separator + 1) >= 0) {
      throw new IllegalArgumentException("not a conversation key");
    }
    return new ConversationKey(key.substring(0, separator), key.substring(separator + 1));
  }

  /** The key as written on every topic. */
  @Override
  public String toString() {
    return businessNumber + SEPARATOR + contact;
  }
}
