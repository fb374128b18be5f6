package io.wagate.schemas.events;

/** Where a contact stands on business-initiated messages. */
public enum OptInState {
  UNKNOWN,
  REQUESTED,
  OPTED_IN,
  OPTED_OUT,
  DECLINED
}
