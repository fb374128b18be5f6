package io.wagate.schemas.events;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Consent captured outside WhatsApp, e.g. a booking-form checkbox ({@code wa.consent}).
 *
 * @param businessNumber the business line the consent is for
 * @param contact the contact in any accepted form
 * @param defaultRegion ISO region for national formats
 * @param status opted in or out
 * @param categories the categories it covers; absent means all
 * @param source what captured it, kept as attestation
 * @param capturedAt when the contact expressed it; the latest expression wins, so a late-arriving
 *     older one changes nothing. Absent means when wagate processes it
 * @param reference the CRM's own reference of the consent record (form submission, audit id), kept
 *     with the attestation
 */
public record ConsentEvent(
    @Nullable String businessNumber,
    @Nullable String contact,
    @Nullable String defaultRegion,
    @Nullable ConsentStatus status,
    @Nullable List<Category> categories,
    @Nullable String source,
    @Nullable Instant capturedAt,
    @Nullable String reference) {

  /** Consent without a CRM reference. */
  public ConsentEvent(
      @Nullable String businessNumber,
      @Nullable String contact,
      @Nullable String defaultRegion,
      @Nullable ConsentStatus status,
      @Nullable List<Category> categories,
      @Nullable String source,
      @Nullable Instant capturedAt) {
    this(businessNumber, contact, defaultRegion, status, categories, source, capturedAt, null);
  }
}
