package io.wagate.schemas.events;

/** Consent captured outside WhatsApp. */
public enum ConsentStatus {
  OPTED_IN,
  OPTED_OUT
}
