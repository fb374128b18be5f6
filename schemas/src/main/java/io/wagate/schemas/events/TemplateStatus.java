package io.wagate.schemas.events;

/** Meta's review status of a template. */
public enum TemplateStatus {
  APPROVED,
  PENDING,
  REJECTED,
  PAUSED,
  DISABLED
}
