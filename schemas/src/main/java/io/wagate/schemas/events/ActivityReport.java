package io.wagate.schemas.events;

import java.time.Instant;

/**
 * One business number's WhatsApp activity on one day ({@code wa.reports.activity}, compacted, key
 * {@code businessNumber|yyyy-MM-dd}).
 *
 * @param businessNumber the business line, E.164
 * @param day the day in UTC, {@code yyyy-MM-dd}
 * @param sent distinct messages wagate routed to a sender from the number that day (CRM requests,
 *     opt-in requests, automatic replies; a retry is not a new message)
 * @param received distinct messages contacts wrote to the number that day (by the provider's time;
 *     preference changes and system notices are not messages)
 * @param updatedAt when a count last changed
 */
public record ActivityReport(
    String businessNumber, String day, long sent, long received, Instant updatedAt) {}
