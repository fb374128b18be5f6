package io.wagate.streams.processor;

/**
 * Called after a record's effects are decided and before they are applied. Production runs with
 * {@link #NONE}; a test hook that throws shows that a record whose handling fails midway leaves
 * nothing behind but its dead letter.
 */
@FunctionalInterface
public interface ProcessingHook {

  /** Does nothing. */
  ProcessingHook NONE = input -> {};

  /**
   * @param input the record's value being handled
   */
  void beforeApply(Object input);
}
