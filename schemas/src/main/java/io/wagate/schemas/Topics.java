package io.wagate.schemas;

import io.wagate.schemas.events.AccountEvent;
import io.wagate.schemas.events.ActivityReport;
import io.wagate.schemas.events.AgentReport;
import io.wagate.schemas.events.BusinessNumberConfig;
import io.wagate.schemas.events.CampaignReport;
import io.wagate.schemas.events.ConsentEvent;
import io.wagate.schemas.events.ErrorCatalogEntry;
import io.wagate.schemas.events.InboundMessage;
import io.wagate.schemas.events.Note;
import io.wagate.schemas.events.NumberState;
import io.wagate.schemas.events.OutboundMessage;
import io.wagate.schemas.events.Portfolio;
import io.wagate.schemas.events.RequestStatus;
import io.wagate.schemas.events.SendRequest;
import io.wagate.schemas.events.Session;
import io.wagate.schemas.events.StatusCallback;
import io.wagate.schemas.events.TemplateDefinition;
import io.wagate.schemas.events.TemplateState;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/** The topic catalogue of the contract: every topic wagate reads or writes. */
public final class Topics {

  private static final Serde<String> KEY = Serdes.String();

  /** CRM send requests; any key. */
  public static final Topic<String, SendRequest> SEND_REQUESTS =
      topic("wa.send.requests", SendRequest.class, false, "send-request");

  /** Consent captured outside WhatsApp; any key. */
  public static final Topic<String, ConsentEvent> CONSENT =
      topic("wa.consent", ConsentEvent.class, false, "consent");

  /** Inbound user messages and preference changes, keyed by conversation. */
  public static final Topic<String, InboundMessage> INBOUND =
      topic("wa.inbound", InboundMessage.class, false, "inbound");

  /** Provider delivery statuses, keyed by conversation. */
  public static final Topic<String, StatusCallback> STATUS_CALLBACKS =
      topic("wa.status.callbacks", StatusCallback.class, false, "status-callback");

  /**
   * Account-level webhooks (number quality, messaging limits, account restrictions, template
   * status, category and quality, calls, message echoes, …), key the business number or {@code
   * waba:<id>}. Not compacted: every event counts, not only the latest.
   */
  public static final Topic<String, AccountEvent> ACCOUNT_EVENTS =
      topic("wa.account-events", AccountEvent.class, false, "account-event");

  /** Registered templates, key {@code name:language}. */
  public static final Topic<String, TemplateDefinition> TEMPLATES =
      topic("wa.templates", TemplateDefinition.class, true, "template");

  /** Business line settings, key the business number. */
  public static final Topic<String, BusinessNumberConfig> BUSINESS_NUMBERS =
      topic("wa.business-numbers", BusinessNumberConfig.class, true, "business-number");

  /** Error catalog overrides, key the error code. */
  public static final Topic<String, ErrorCatalogEntry> ERROR_CATALOG =
      topic("wa.error-catalog", ErrorCatalogEntry.class, true, "error-catalog-entry");

  /** Template messages to send, keyed by conversation. */
  public static final Topic<String, OutboundMessage> SEND_TEMPLATE =
      topic("wa.send.template", OutboundMessage.class, false, "outbound-message");

  /** Free-form messages to send, keyed by conversation. */
  public static final Topic<String, OutboundMessage> SEND_FREEFORM =
      topic("wa.send.freeform", OutboundMessage.class, false, "outbound-message");

  /** Requests to send by SMS instead, keyed by conversation. */
  public static final Topic<String, OutboundMessage> SEND_SMS_FALLBACK =
      topic("wa.send.sms-fallback", OutboundMessage.class, false, "outbound-message");

  /** The lifecycle of every request, keyed by conversation. */
  public static final Topic<String, RequestStatus> STATUS =
      topic("wa.status", RequestStatus.class, false, "status");

  /** Notes for receptionists, keyed by conversation. */
  public static final Topic<String, Note> NOTES = topic("wa.notes", Note.class, false, "note");

  /** Each conversation's latest state, keyed by conversation. */
  public static final Topic<String, Session> SESSIONS =
      topic("wa.sessions", Session.class, true, "session");

  /** What wagate learned about each business line, keyed by business number; wagate writes it. */
  public static final Topic<String, NumberState> NUMBER_STATE =
      topic("wa.number-state", NumberState.class, true, "number-state");

  /** Each CRM campaign's report, keyed by campaign id; wagate writes it. */
  public static final Topic<String, CampaignReport> REPORTS_CAMPAIGNS =
      topic("wa.reports.campaigns", CampaignReport.class, true, "campaign-report");

  /** Each business number's activity per UTC day, keyed {@code businessNumber|yyyy-MM-dd}. */
  public static final Topic<String, ActivityReport> REPORTS_ACTIVITY =
      topic("wa.reports.activity", ActivityReport.class, true, "activity-report");

  /** Each CRM user's activity per UTC day, keyed {@code agentId|yyyy-MM-dd}. */
  public static final Topic<String, AgentReport> REPORTS_AGENTS =
      topic("wa.reports.agents", AgentReport.class, true, "agent-report");

  /** What wagate learned about each template from Meta's webhooks, key {@code name:language}. */
  public static final Topic<String, TemplateState> TEMPLATE_STATE =
      topic("wa.template-state", TemplateState.class, true, "template-state");

  /** Business portfolios and their messaging limits (operators), key the portfolio id. */
  public static final Topic<String, Portfolio> PORTFOLIOS =
      topic("wa.portfolios", Portfolio.class, true, "portfolio");

  /** Records wagate could not decode or validate, as they arrived. */
  public static final Topic<byte[], byte[]> DLQ =
      new Topic<>("wa.dlq", Serdes.ByteArray(), Serdes.ByteArray(), false, "dlq.schema.json");

  /** Every topic of the contract. */
  public static final List<Topic<?, ?>> ALL =
      List.of(
          SEND_REQUESTS,
          CONSENT,
          INBOUND,
          STATUS_CALLBACKS,
          ACCOUNT_EVENTS,
          TEMPLATES,
          BUSINESS_NUMBERS,
          ERROR_CATALOG,
          SEND_TEMPLATE,
          SEND_FREEFORM,
          SEND_SMS_FALLBACK,
          STATUS,
          NOTES,
          SESSIONS,
          NUMBER_STATE,
          REPORTS_CAMPAIGNS,
          REPORTS_ACTIVITY,
          REPORTS_AGENTS,
          TEMPLATE_STATE,
          PORTFOLIOS,
          DLQ);

  /** The topics the streams app reads; it refuses to start without them. */
  public static final List<Topic<?, ?>> STREAMS_SOURCES =
      List.of(
          SEND_REQUESTS,
          CONSENT,
          INBOUND,
          STATUS_CALLBACKS,
          TEMPLATES,
          BUSINESS_NUMBERS,
          ERROR_CATALOG,
          ACCOUNT_EVENTS,
          NUMBER_STATE,
          TEMPLATE_STATE,
          PORTFOLIOS);

  private Topics() {}

  private static <V> Topic<String, V> topic(
      String name, Class<V> type, boolean compacted, String schema) {
    return new Topic<>(name, KEY, JsonSerde.of(type), compacted, schema + ".schema.json");
  }
}
