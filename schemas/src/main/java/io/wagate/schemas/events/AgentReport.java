package io.wagate.schemas.events;

import java.time.Instant;

/**
 * One CRM user's WhatsApp activity on one day ({@code wa.reports.agents}, compacted, key {@code
 * agentId|yyyy-MM-dd}).
 *
 * @param agentId the CRM user, the {@code agentId} of their requests
 * @param day the day in UTC, {@code yyyy-MM-dd}
 * @param sent distinct messages of theirs wagate routed to a sender that day (a retry is not a new
 *     message)
 * @param received messages contacts wrote that day in conversations where this user sent the latest
 *     message that named a user
 * @param updatedAt when a count last changed
 */
public record AgentReport(
    String agentId, String day, long sent, long received, Instant updatedAt) {}
