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
 * @param capturedAt when it was captured
 */
public record ConsentEvent(
    @Nullable String businessNumber,
    @Nullable String contact,
    @Nullable String defaultRegion,
    @Nullable ConsentStatus status,
    @Nullable List<Category> categories,
    @Nullable String source,
    @Nullable Instant capturedAt) {}
