package io.wagate.streams.http;

import io.wagate.schemas.events.CampaignReport;
import io.wagate.streams.reports.ConversationTally;
import io.wagate.streams.reports.DayChange;
import java.time.LocalDate;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Finds where a report lives and, when it lives here, reads it. */
public interface ReportLookup {

  /**
   * A campaign's report.
   *
   * @param campaignId the CRM's campaign id
   * @return the report (null when the campaign is unknown), the owner, or why neither can be said
   */
  Answer<CampaignReport> campaign(String campaignId);

  /**
   * An owner's day buckets from {@code from} to {@code to}, both included.
   *
   * @param report the activity (owner a business number) or agent report (owner a CRM user)
   * @param owner the business number, canonical, or the CRM user
   * @param from the first day
   * @param to the last day
   * @return the days that counted anything, oldest first; the owner; or why neither can be said
   */
  Answer<List<DayView>> days(DayChange.Report report, String owner, LocalDate from, LocalDate to);

  /**
   * A conversation's counts.
   *
   * @param conversationKey {@code <businessNumber>|<contact>}, both canonical
   * @return the counts (null when nothing was counted), the owner, or why neither can be said
   */
  Answer<ConversationTally> conversation(String conversationKey);

  /**
   * One day's counts.
   *
   * @param day the UTC day, {@code yyyy-MM-dd}
   * @param sent messages sent
   * @param received messages received
   */
  record DayView(String day, long sent, long received) {}

  /**
   * The outcome of a lookup.
   *
   * @param <T> what is looked up
   */
  sealed interface Answer<T> {}

  /**
   * This instance owns the key.
   *
   * @param value what is stored, null when nothing is
   * @param <T> what is looked up
   */
  record Local<T>(@Nullable T value) implements Answer<T> {}

  /**
   * Another instance owns the key.
   *
   * @param host its {@code application.server} host
   * @param port its {@code application.server} port: its HTTP port
   * @param <T> what is looked up
   */
  record Remote<T>(String host, int port) implements Answer<T> {}

  /**
   * No instance can answer now: Kafka Streams is starting, rebalancing or restoring.
   *
   * @param reason why, for the caller
   * @param <T> what is looked up
   */
  record Unavailable<T>(String reason) implements Answer<T> {}
}
