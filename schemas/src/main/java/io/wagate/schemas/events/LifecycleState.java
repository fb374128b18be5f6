package io.wagate.schemas.events;

/** The states of a request on {@code wa.status}. */
public enum LifecycleState {
  ROUTED_TEMPLATE,
  ROUTED_FREEFORM,
  AWAITING_OPT_IN,
  HELD,
  REJECTED,
  EXPIRED,
  RETRY_SCHEDULED,
  SENT,
  DELIVERED,
  READ,
  FAILED
}
