package io.wagate.schemas.events;

/** What wagate does, besides writing a note, when a provider reports an error code. */
public enum ErrorAction {
  RETRY,
  CLOSE_WINDOW,
  MARK_UNREACHABLE,
  MARK_BLOCKED,
  MARKETING_OPT_OUT,
  HOLD_MARKETING,
  PAUSE_NUMBER,
  DISABLE_NUMBER,
  NONE
}
