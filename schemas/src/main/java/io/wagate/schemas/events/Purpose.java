package io.wagate.schemas.events;

/** Why wagate sends a message. */
public enum Purpose {
  /** The CRM asked for it. */
  REQUESTED,
  /** The business number's opt-in template, sent instead of a template that lacked consent. */
  OPT_IN_REQUEST,
  /** A re-send of a message that failed with a retryable error. */
  RETRY,
  /** A confirmation or automatic reply wagate sends on its own. */
  AUTO_REPLY
}
