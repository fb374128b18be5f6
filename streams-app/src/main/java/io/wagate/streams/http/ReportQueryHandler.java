package io.wagate.streams.http;

import com.sun.net.httpserver.HttpExchange;
import io.wagate.schemas.contact.Contacts;
import io.wagate.schemas.contact.ConversationKey;
import io.wagate.schemas.contact.InvalidContactException;
import io.wagate.schemas.events.CampaignReport;
import io.wagate.streams.http.ReportLookup.Answer;
import io.wagate.streams.http.ReportLookup.DayView;
import io.wagate.streams.http.ReportLookup.Local;
import io.wagate.streams.http.ReportLookup.Remote;
import io.wagate.streams.http.ReportLookup.Unavailable;
import io.wagate.streams.reports.ConversationTally;
import io.wagate.streams.reports.DayChange;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The report query API, each answered by the instance that owns the key (others forward once, like
 * the conversation API):
 *
 * <ul>
 *   <li>{@code GET /v1/campaigns/{campaignId}}: the campaign's report, 404 when unknown;
 *   <li>{@code GET /v1/activity/{businessNumber}?from=YYYY-MM-DD&to=YYYY-MM-DD}: messages sent and
 *       received per UTC day, and their sums;
 *   <li>{@code GET /v1/agents/{agentId}?from=YYYY-MM-DD&to=YYYY-MM-DD}: the same per CRM user;
 *   <li>{@code GET /v1/conversations/{businessNumber}/{contact}/counts[?defaultRegion=NL]}: the
 *       messages sent to and received from one contact, for their profile.
 * </ul>
 *
 * Bad input answers 400 with what is wrong, never repeating a number.
 */
public final class ReportQueryHandler {

  static final String CAMPAIGNS = "/v1/campaigns/";
  static final String ACTIVITY = "/v1/activity/";
  static final String AGENTS = "/v1/agents/";
  static final String COUNTS = "/counts";

  /** The longest campaign or agent id answered: CRM ids are short; longer input is a mistake. */
  static final int MAX_ID_LENGTH = 200;

  private final ReportLookup lookup;
  private final Forwarder forwarder;

  /**
   * @param lookup where reports are
   * @param self this instance's {@code host:port}, sent along with forwarded requests
   */
  public ReportQueryHandler(ReportLookup lookup, String self) {
    this.lookup = lookup;
    this.forwarder = new Forwarder(self);
  }

  /** Whether {@code path} (raw) is one of the report API's. */
  static boolean serves(String path) {
    return path.startsWith(CAMPAIGNS)
        || path.startsWith(ACTIVITY)
        || path.startsWith(AGENTS)
        || (path.startsWith(ConversationQueryHandler.PREFIX) && path.endsWith(COUNTS));
  }

  void handle(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getRawPath();
    try {
      if (path.startsWith(CAMPAIGNS)) {
        campaign(exchange, id(segments(path, CAMPAIGNS, 1, "/v1/campaigns/{campaignId}")[0]));
      } else if (path.startsWith(ACTIVITY)) {
        String raw = segments(path, ACTIVITY, 1, "/v1/activity/{businessNumber}?from=&to=")[0];
        String number;
        try {
          number = Contacts.canonicalizeBusinessNumber(raw);
        } catch (InvalidContactException e) {
          throw new BadRequest(e.getMessage());
        }
        days(exchange, DayChange.Report.ACTIVITY, number, "businessNumber");
      } else if (path.startsWith(AGENTS)) {
        days(
            exchange,
            DayChange.Report.AGENT,
            id(segments(path, AGENTS, 1, "/v1/agents/{agentId}?from=&to=")[0]),
            "agentId");
      } else {
        String inner = path.substring(0, path.length() - COUNTS.length());
        String[] parts =
            segments(
                inner,
                ConversationQueryHandler.PREFIX,
                2,
                "/v1/conversations/{businessNumber}/{contact}/counts");
        counts(exchange, parts[0], parts[1]);
      }
    } catch (BadRequest e) {
      HttpResponses.error(exchange, e.status, e.getMessage());
    }
  }

  private void campaign(HttpExchange exchange, String campaignId) throws IOException {
    Answer<CampaignReport> answer = lookup.campaign(campaignId);
    if (answer instanceof Local<CampaignReport> local) {
      CampaignReport report = local.value();
      if (report == null) {
        HttpResponses.error(
            exchange,
            404,
            "no report for this campaign: no request named it, or it was forgotten after"
                + " WAGATE_REPORT_CAMPAIGN_IDLE without traffic");
      } else {
        HttpResponses.json(exchange, 200, report);
      }
    } else {
      elsewhere(exchange, answer, "campaign");
    }
  }

  private void days(HttpExchange exchange, DayChange.Report report, String owner, String name)
      throws IOException {
    String query = exchange.getRequestURI().getRawQuery();
    LocalDate from = date(query, "from");
    LocalDate to = date(query, "to");
    if (to.isBefore(from)) {
      throw new BadRequest("from must not be after to");
    }
    Answer<List<DayView>> answer = lookup.days(report, owner, from, to);
    if (answer instanceof Local<List<DayView>> local) {
      List<DayView> days = local.value() == null ? List.of() : local.value();
      long sent = days.stream().mapToLong(DayView::sent).sum();
      long received = days.stream().mapToLong(DayView::received).sum();
      HttpResponses.json(
          exchange,
          200,
          report == DayChange.Report.ACTIVITY
              ? new ActivityAnswer(owner, from.toString(), to.toString(), sent, received, days)
              : new AgentAnswer(owner, from.toString(), to.toString(), sent, received, days));
    } else {
      elsewhere(exchange, answer, name.equals("agentId") ? "agent" : "business number");
    }
  }

  private void counts(HttpExchange exchange, String rawNumber, String rawContact)
      throws IOException {
    String region;
    try {
      region =
          ConversationQueryHandler.queryParameter(
              exchange.getRequestURI().getRawQuery(), "defaultRegion");
    } catch (IllegalArgumentException e) {
      throw new BadRequest("the query is not valid percent-encoding");
    }
    String number;
    String contact;
    try {
      number = Contacts.canonicalizeBusinessNumber(rawNumber);
    } catch (InvalidContactException e) {
      throw new BadRequest(e.getMessage());
    }
    try {
      contact = Contacts.canonicalize(rawContact, region);
    } catch (InvalidContactException e) {
      throw new BadRequest("contact: " + e.getMessage());
    }
    Answer<ConversationTally> answer =
        lookup.conversation(new ConversationKey(number, contact).toString());
    if (answer instanceof Local<ConversationTally> local) {
      ConversationTally tally = local.value();
      HttpResponses.json(
          exchange,
          200,
          tally == null
              ? new ContactCounts(number, contact, 0, 0, null, null)
              : new ContactCounts(
                  number,
                  contact,
                  tally.sent(),
                  tally.received(),
                  tally.lastSentAt(),
                  tally.lastReceivedAt()));
    } else {
      elsewhere(exchange, answer, "conversation");
    }
  }

  private void elsewhere(HttpExchange exchange, Answer<?> answer, String what) throws IOException {
    if (answer instanceof Remote<?> remote) {
      forwarder.forward(exchange, remote.host(), remote.port(), what);
    } else {
      HttpResponses.error(exchange, 503, ((Unavailable<?>) answer).reason());
    }
  }

  /** The path's {@code count} segments after {@code prefix}, percent-decoded. */
  private static String[] segments(String path, String prefix, int count, String usage) {
    String[] segments = path.substring(prefix.length()).split("/", -1);
    if (segments.length != count) {
      throw new BadRequest(404, "use " + usage);
    }
    for (int i = 0; i < count; i++) {
      try {
        segments[i] = ConversationQueryHandler.decodePathSegment(segments[i]);
      } catch (IllegalArgumentException e) {
        throw new BadRequest("the path is not valid percent-encoding");
      }
      if (segments[i].isBlank()) {
        throw new BadRequest(404, "use " + usage);
      }
    }
    return segments;
  }

  /** A CRM id (campaign, user) as given, if it is one. */
  private static String id(String value) {
    if (value.length() > MAX_ID_LENGTH || value.chars().anyMatch(Character::isISOControl)) {
      throw new BadRequest(
          "an id has 1 to " + MAX_ID_LENGTH + " characters and no control characters");
    }
    return value;
  }

  private static LocalDate date(@Nullable String query, String name) {
    String value;
    try {
      value = ConversationQueryHandler.queryParameter(query, name);
    } catch (IllegalArgumentException e) {
      throw new BadRequest("the query is not valid percent-encoding");
    }
    if (value == null || value.isBlank()) {
      throw new BadRequest(name + " is required: a UTC day, YYYY-MM-DD");
    }
    try {
      return LocalDate.parse(value);
    } catch (DateTimeParseException e) {
      throw new BadRequest(name + " must be a day, YYYY-MM-DD");
    }
  }

  /**
   * A business number's activity between two days.
   *
   * @param businessNumber the business number, canonical
   * @param from the first day
   * @param to the last day
   * @param sent messages sent in all those days
   * @param received messages received in all those days
   * @param days the days that counted anything, oldest first
   */
  record ActivityAnswer(
      String businessNumber,
      String from,
      String to,
      long sent,
      long received,
      List<DayView> days) {}

  /**
   * A CRM user's activity between two days.
   *
   * @param agentId the CRM user
   * @param from the first day
   * @param to the last day
   * @param sent their messages sent in all those days
   * @param received replies in their conversations in all those days
   * @param days the days that counted anything, oldest first
   */
  record AgentAnswer(
      String agentId, String from, String to, long sent, long received, List<DayView> days) {}

  /**
   * The messages between a business number and one contact.
   *
   * @param businessNumber the business number, canonical
   * @param contact the contact, canonical
   * @param sent messages wagate routed to the contact
   * @param received messages the contact wrote
   * @param lastSentAt when the latest was routed
   * @param lastReceivedAt the provider's time of the latest the contact wrote
   */
  record ContactCounts(
      String businessNumber,
      String contact,
      long sent,
      long received,
      @Nullable Instant lastSentAt,
      @Nullable Instant lastReceivedAt) {}

  /** Input the API cannot answer; its message says what is wrong. */
  private static final class BadRequest extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;

    BadRequest(String message) {
      this(400, message);
    }

    BadRequest(int status, String message) {
      super(message, null, false, false);
      this.status = status;
    }
  }
}
