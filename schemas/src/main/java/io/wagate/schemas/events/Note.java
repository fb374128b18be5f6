package io.wagate.schemas.events;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A note a receptionist reads, for every rejection and provider failure ({@code wa.notes}).
 *
 * @param noteId unique and stable for the event it describes
 * @param requestId the request it is about, if any
 * @param personId the CRM's person, if known
 * @param businessNumber the business line
 * @param contact the contact
 * @param code the provider's or wagate's code
 * @param text what failed and what to do, naming the person or the number
 * @param action the catalog action taken, or what the CRM should do
 * @param createdAt when it was written
 */
public record Note(
    String noteId,
    @Nullable String requestId,
    @Nullable String personId,
    @Nullable String businessNumber,
    @Nullable String contact,
    String code,
    String text,
    String action,
    Instant createdAt) {}
