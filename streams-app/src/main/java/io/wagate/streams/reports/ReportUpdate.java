package io.wagate.streams.reports;

/**
 * What a report processor passes on to the task that owns what it changes: a message to its
 * conversation, a delta to its campaign, a delta to a day.
 */
public sealed interface ReportUpdate permits ConversationFact, CampaignChange, DayChange {}
