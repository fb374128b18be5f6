package io.wagate.streams.reports;

import io.wagate.schemas.events.CampaignReport;

/**
 * A campaign's report as {@code campaign-report-store} keeps it.
 *
 * @param report the report now
 * @param unwritten whether it changed since it was last written to {@code wa.reports.campaigns}
 */
public record CampaignEntry(CampaignReport report, boolean unwritten) {}
