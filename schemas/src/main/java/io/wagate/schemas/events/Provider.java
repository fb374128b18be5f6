package io.wagate.schemas.events;

/** The WhatsApp provider a webhook came from. */
public enum Provider {
  META,
  TWILIO
}
