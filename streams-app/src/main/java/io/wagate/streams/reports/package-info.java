/**
 * The reports a CRM's "Bulk WhatsApp Report" needs, counted by the streams app from the topics
 * wagate writes: per campaign, per business number and day, per CRM user and day, per conversation.
 *
 * <p>Each fact takes the shortest way to the one task that owns what it changes: a request's
 * records meet by request id, a conversation's by conversation key, and what they change goes on as
 * a delta to the campaign or the day it belongs to. Pure policies decide ({@link RequestPolicy},
 * {@link ConversationPolicy}, {@link CampaignPolicy}, {@link DayBuckets}); thin processors load the
 * state, call them, and apply every effect together, exactly once under {@code exactly_once_v2}.
 * Everything is non-null unless marked {@link org.jspecify.annotations.Nullable}.
 */
@NullMarked
package io.wagate.streams.reports;

import org.jspecify.annotations.NullMarked;
