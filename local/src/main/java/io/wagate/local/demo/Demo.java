package io.wagate.local.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.wagate.local.DemoSecrets;
import io.wagate.local.simulator.ProviderSimulator;
import io.wagate.schemas.Json;
import io.wagate.schemas.Topic;
import io.wagate.schemas.Topics;
import io.wagate.schemas.contact.ConversationKey;
import io.wagate.schemas.events.LifecycleState;
import io.wagate.schemas.events.Note;
import io.wagate.schemas.events.OptInState;
import io.wagate.schemas.events.OutboundMessage;
import io.wagate.schemas.events.Purpose;
import io.wagate.schemas.events.RequestStatus;
import io.wagate.schemas.events.SendRequest;
import io.wagate.schemas.events.Session;
import io.wagate.schemas.events.StatusCallback;
import java.io.IOException;
import java.io.PrintStream;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.common.errors.WakeupException;
import org.jspecify.annotations.Nullable;

/**
 * The scripted demo: ten steps through wagate's rules, each an action a CRM, Meta or Twilio would
 * take, followed by the outputs wagate wrote, printed as they arrive. Every output is awaited with
 * a deadline; the first one that does not come in time ends the demo as failed. The sender sends
 * every routed message through the provider simulator, whose signed delivery webhooks come back
 * through the ingress.
 *
 * <ol>
 *   <li>free-form text outside the window: rejected with a note;
 *   <li>the contact writes in (signed Meta webhook), the same kind of request is routed, sent and
 *       reported delivered by the simulator;
 *   <li>a template to a second contact without consent: parked, opt-in request sent;
 *   <li>that contact replies YES (signed Meta webhook): the parked template is released;
 *   <li>the contact replies STOP: opted out, confirmed, and a later template is rejected;
 *   <li>another text, which the simulated Twilio accepts and then fails with 63016 and no error
 *       text: a note naming the person, and the window closes;
 *   <li>the query API for the first contact;
 *   <li>wagate's own metrics from the three services;
 *   <li>the whole loop: the sender's records of the provider's answers, and the status and the note
 *       that came back from the simulator;
 *   <li>the campaign report of the demo's requests (every one of them names the run's campaign)
 *       from the query API, and the day's activity of the number and of the receptionist.
 * </ol>
 */
public final class Demo implements AutoCloseable {

  /** The number of steps, for the summary line. */
  public static final int STEPS = 10;

  /** How long each output may take to appear. */
  private static final Duration OUTPUT_TIMEOUT = Duration.ofSeconds(60);

  private static final int FRESH_CONTACT_ATTEMPTS = 5;
  private static final int METRIC_LINES_SHOWN = 8;

  /** How often the campaign report is asked for while it is being counted. */
  private static final Duration REPORT_POLL = Duration.ofMillis(500);

  private static final List<Topic<String, ?>> OUTPUTS =
      List.of(
          Topics.STATUS,
          Topics.NOTES,
          Topics.SESSIONS,
          Topics.SEND_FREEFORM,
          Topics.SEND_TEMPLATE,
          Topics.STATUS_CALLBACKS);

  private final Setup setup;
  private final WagateHttp http;
  private final DemoContact anna;
  private final DemoContact ben;
  private final String runId;
  private final PrintStream out;
  private volatile @Nullable OutputWatcher watcher;
  private @Nullable CrmRequests crm;
  private volatile boolean stopped;
  private int requests;
  private @Nullable RequestStatus delivered;
  private @Nullable Note failureNote;

  /**
   * Where the demo finds the running services.
   *
   * @param bootstrapServers the Kafka broker
   * @param streamsUrl the streams app's base URL
   * @param ingressUrl the ingress's base URL
   * @param publicBaseUrl the ingress's {@code WAGATE_PUBLIC_BASE_URL}
   * @param secrets the ingress's secrets
   * @param businessNumber the demo business number, registered with an opt-in template
   * @param out where the demo tells what happens
   * @param senderUrl the sender's base URL
   * @param simulator the provider simulator the sender sends through
   */
  public record Setup(
      String bootstrapServers,
      String streamsUrl,
      String ingressUrl,
      String publicBaseUrl,
      DemoSecrets secrets,
      String businessNumber,
      PrintStream out,
      String senderUrl,
      ProviderSimulator simulator) {}

  private Demo(Setup setup, WagateHttp http, DemoContact anna, DemoContact ben, String runId) {
    this.setup = setup;
    this.http = http;
    this.anna = anna;
    this.ben = ben;
    this.runId = runId;
    this.out = setup.out();
  }

  /**
   * Picks two contacts wagate has never seen (asking the query API), ready to {@link #run()}.
   *
   * @param setup the running services
   * @return the demo
   * @throws IllegalStateException when the query API does not answer
   */
  public static Demo prepare(Setup setup) {
    SecureRandom random = new SecureRandom();
    WagateHttp http =
        new WagateHttp(
            setup.streamsUrl(),
            setup.ingressUrl(),
            setup.publicBaseUrl(),
            setup.secrets(),
            setup.senderUrl());
    DemoContact anna = fresh(http, setup.businessNumber(), random, "p-anna", "Anna", "Jansen");
    DemoContact ben = fresh(http, setup.businessNumber(), random, "p-ben", "Ben", "Bakker");
    byte[] id = new byte[2];
    random.nextBytes(id);
    return new Demo(setup, http, anna, ben, HexFormat.of().formatHex(id));
  }

  private static DemoContact fresh(
      WagateHttp http,
      String businessNumber,
      SecureRandom random,
      String personId,
      String firstName,
      String lastName) {
    DemoContact candidate = DemoContact.random(random, personId, firstName, lastName);
    for (int attempt = 1; attempt < FRESH_CONTACT_ATTEMPTS; attempt++) {
      if (http.conversation(businessNumber, candidate.number()).path("updatedAt").isNull()) {
        return candidate;
      }
      candidate = DemoContact.random(random, personId, firstName, lastName);
    }
    return candidate;
  }

  /** The demo's main contact, whose conversation the query API shows. */
  public DemoContact mainContact() {
    return anna;
  }

  /**
   * Plays every step, printing what happens.
   *
   * @return true when every step saw the outputs it expected
   */
  public boolean run() {
    out.println();
    out.println("=== The demo: " + STEPS + " steps through wagate's rules ===");
    out.println("Demo run " + runId + ", for business number " + setup.businessNumber() + ".");
    out.println(
        "Two fictitious contacts: "
            + anna.fullName()
            + " ("
            + anna.number()
            + ") and "
            + ben.fullName()
            + " ("
            + ben.number()
            + ").");
    out.println(
        "Every CRM request of this run belongs to the campaign "
            + campaignId()
            + ", whose report ends the demo.");
    out.println("'->' is what the demo sends, '<-' what wagate wrote, read back from Kafka.");
    int step = 0;
    try {
      watcher = new OutputWatcher(setup.bootstrapServers(), OUTPUTS);
      crm = new CrmRequests(setup.bootstrapServers(), setup.businessNumber(), campaignId());
      step = 1;
      String outsideWindow = stepOneFreeformOutsideWindow();
      step = 2;
      String routed = stepTwoContactWritesIn(outsideWindow);
      step = 3;
      String parked = stepThreeTemplateWithoutConsent();
      step = 4;
      stepFourYesReleases(parked);
      step = 5;
      stepFiveStopOptsOut();
      step = 6;
      stepSixTwilioFailure(routed);
      step = 7;
      stepSevenQueryApi();
      step = 8;
      stepEightMetrics();
      step = 9;
      stepNineTheWholeLoop(routed);
      step = 10;
      stepTenCampaignReport();
    } catch (StepFailedException e) {
      out.println("  [FAILED] step " + step + ": " + e.getMessage());
      out.println("Demo stopped at step " + step + " of " + STEPS + ".");
      return false;
    } catch (WakeupException e) {
      out.println("Demo interrupted at step " + step + " of " + STEPS + ": wagate is stopping.");
      return false;
    } catch (RuntimeException e) {
      if (stopped) {
        out.println("Demo interrupted at step " + step + " of " + STEPS + ": wagate is stopping.");
      } else {
        out.println("  [FAILED] step " + step + ": " + e);
        out.println("Demo stopped at step " + step + " of " + STEPS + ".");
      }
      return false;
    }
    out.println();
    out.println("Demo complete: " + STEPS + " of " + STEPS + " steps behaved as expected.");
    return true;
  }

  // ------------------------------------------------------------------ the steps

  private String stepOneFreeformOutsideWindow() {
    heading(
        1,
        "A receptionist types a free-form message to "
            + anna.fullName()
            + ", who has not written in the last 24 hours.");
    explain("WhatsApp allows free text only within 24 hours of the contact's last message.");
    String requestId = requestId();
    int mark = watcher().mark();
    // Typed as a Dutch CRM user would; wagate canonicalises it to the E.164 contact.
    send(
        crm()
            .text(
                requestId, anna, anna.nationalFormat(), "NL", "Hi Anna, can we move you to 11:00?"),
        "TEXT to \"" + anna.nationalFormat() + "\" (region NL)");
    RequestStatus status = awaitStatus(mark, requestId);
    expect(
        status.state() == LifecycleState.REJECTED && "OUTSIDE_WINDOW".equals(status.reason()),
        "expected REJECTED with reason OUTSIDE_WINDOW, got " + describe(status));
    awaitNote(mark, requestId);
    ok(1, "free-form text outside the 24-hour window was rejected with a note");
    return requestId;
  }

  private String stepTwoContactWritesIn(String rejectedRequestId) {
    heading(2, anna.fullName() + " writes to the business on WhatsApp; the window opens.");
    explain("Meta posts the message to the ingress, signed with the app secret.");
    int mark = watcher().mark();
    postMeta(anna, "Hello! Is 11:00 possible tomorrow?");
    Session session =
        awaitSession(mark, anna, Session::windowOpen, "a session with the window open");
    said(
        "wa.sessions",
        "window open until " + session.windowExpiresAt() + " (24 h minus a safety margin)");
    explain("The receptionist sends the same kind of message again, as a new request.");
    String requestId = requestId();
    mark = watcher().mark();
    send(
        crm().text(requestId, anna, anna.number(), null, "Hi Anna, 11:00 tomorrow works. See you!"),
        "TEXT to " + anna.number() + " (request " + rejectedRequestId + " was rejected)");
    RequestStatus status = awaitStatus(mark, requestId);
    expect(
        status.state() == LifecycleState.ROUTED_FREEFORM,
        "expected ROUTED_FREEFORM, got " + describe(status));
    OutboundMessage message =
        await(
            Topics.SEND_FREEFORM,
            mark,
            sent -> requestId.equals(sent.requestId()),
            "the message on wa.send.freeform");
    said(
        "wa.send.freeform",
        message.requestId()
            + " to "
            + message.to()
            + ", attempt "
            + message.attempt()
            + ": the sender sends it");
    delivered =
        await(
            Topics.STATUS,
            mark,
            candidate ->
                requestId.equals(candidate.requestId())
                    && candidate.state() == LifecycleState.DELIVERED,
            "the DELIVERED status of " + requestId + " on wa.status");
    said(
        "wa.status",
        describe(delivered) + " (the simulated Twilio's callback, through the ingress)");
    ok(2, "after the contact wrote in, the same kind of request was routed to wa.send.freeform");
    return requestId;
  }

  private String stepThreeTemplateWithoutConsent() {
    heading(
        3,
        "The CRM sends an appointment reminder template to "
            + ben.fullName()
            + ", who never opted in.");
    explain("Templates need the contact's consent; without it wagate asks for it first.");
    String requestId = requestId();
    int mark = watcher().mark();
    send(
        crm().template(requestId, ben, "appointment_reminder", List.of("Ben", "Tuesday 10:00")),
        "TEMPLATE appointment_reminder (UTILITY) to " + ben.number());
    RequestStatus status = awaitStatus(mark, requestId);
    expect(
        status.state() == LifecycleState.AWAITING_OPT_IN,
        "expected AWAITING_OPT_IN, got " + describe(status));
    OutboundMessage optIn =
        await(
            Topics.SEND_TEMPLATE,
            mark,
            sent -> sent.purpose() == Purpose.OPT_IN_REQUEST && requestId.equals(sent.replyTo()),
            "the opt-in request on wa.send.template");
    said(
        "wa.send.template",
        optIn.requestId()
            + ": the opt-in template "
            + (optIn.template() == null ? "?" : optIn.template().name())
            + " (purpose "
            + optIn.purpose()
            + "); the reminder waits for the answer");
    ok(3, "a template without consent was parked and the opt-in request went out");
    return requestId;
  }

  private void stepFourYesReleases(String parkedRequestId) {
    heading(4, ben.fullName() + " answers YES to the opt-in request.");
    int mark = watcher().mark();
    postMeta(ben, "YES");
    RequestStatus status = awaitStatus(mark, parkedRequestId);
    expect(
        status.state() == LifecycleState.ROUTED_TEMPLATE,
        "expected ROUTED_TEMPLATE, got " + describe(status));
    await(
        Topics.SEND_TEMPLATE,
        mark,
        sent -> parkedRequestId.equals(sent.requestId()) && sent.purpose() == Purpose.REQUESTED,
        "the released reminder on wa.send.template");
    said("wa.send.template", parkedRequestId + ": the parked reminder, released");
    Session session =
        awaitSession(
            mark, ben, state -> state.optIn() == OptInState.OPTED_IN, "a session opted in");
    said("wa.sessions", "opt-in " + session.optIn() + ", window open " + session.windowOpen());
    ok(4, "YES released the parked template");
  }

  private void stepFiveStopOptsOut() {
    heading(5, ben.fullName() + " changes their mind and sends STOP.");
    int mark = watcher().mark();
    String stopMessageId = postMeta(ben, "STOP");
    Session session =
        awaitSession(
            mark, ben, state -> state.optIn() == OptInState.OPTED_OUT, "a session opted out");
    said("wa.sessions", "opt-in " + session.optIn());
    OutboundMessage confirmation =
        await(
            Topics.SEND_FREEFORM,
            mark,
            sent -> sent.purpose() == Purpose.AUTO_REPLY && stopMessageId.equals(sent.replyTo()),
            "the opt-out confirmation on wa.send.freeform");
    said(
        "wa.send.freeform",
        "confirmation to "
            + confirmation.to()
            + ": \""
            + (confirmation.text() == null ? "" : confirmation.text().body())
            + "\"");
    explain("A week later the CRM sends another reminder.");
    String requestId = requestId();
    mark = watcher().mark();
    send(
        crm().template(requestId, ben, "appointment_reminder", List.of("Ben", "Friday 09:30")),
        "TEMPLATE appointment_reminder (UTILITY) to " + ben.number());
    RequestStatus status = awaitStatus(mark, requestId);
    expect(
        status.state() == LifecycleState.REJECTED && "OPTED_OUT".equals(status.reason()),
        "expected REJECTED with reason OPTED_OUT, got " + describe(status));
    awaitNote(mark, requestId);
    ok(5, "STOP opted the contact out, was confirmed, and a later template was rejected");
  }

  private void stepSixTwilioFailure(String routedRequestId) {
    heading(
        6,
        "The receptionist writes to "
            + anna.fullName()
            + " again; Twilio accepts it, then reports error 63016 with no error text.");
    explain(
        "The provider simulator fails this one: its signed status callback goes to the"
            + " requestId URL the sender gave Twilio.");
    setup.simulator().failNext(anna.number(), "63016");
    String requestId = requestId();
    int mark = watcher().mark();
    send(
        crm().text(requestId, anna, anna.number(), null, "Shall I book the same time next month?"),
        "TEXT to " + anna.number() + " (after " + routedRequestId + ")");
    StatusCallback accepted = awaitAccepted(mark, requestId);
    said(
        "wa.status.callbacks",
        "accepted as " + accepted.providerMessageId() + " (written by the sender)");
    RequestStatus status =
        await(
            Topics.STATUS,
            mark,
            candidate ->
                requestId.equals(candidate.requestId())
                    && candidate.state() == LifecycleState.FAILED,
            "the FAILED status of " + requestId + " on wa.status");
    said("wa.status", describe(status));
    expect(
        "63016".equals(status.code()), "expected FAILED with code 63016, got " + describe(status));
    Note note = awaitNote(mark, requestId);
    expect(
        note.text().contains(anna.fullName()),
        "expected the note to name " + anna.fullName() + ", got \"" + note.text() + "\"");
    failureNote = note;
    Session session =
        awaitSession(
            mark,
            anna,
            state -> !state.windowOpen(),
            "a session with the window closed by the provider");
    said("wa.sessions", "window open " + session.windowOpen() + " (the provider knows best)");
    ok(6, "Twilio's 63016 failure became a note naming the person");
  }

  private void stepSevenQueryApi() {
    heading(7, "A CRM asks the query API whether it may write to " + anna.fullName() + " now.");
    String path = WagateHttp.conversationPath(setup.businessNumber(), anna.number());
    sent("GET " + setup.streamsUrl() + path);
    JsonNode view = http.conversation(setup.businessNumber(), anna.number());
    said(
        "query API",
        "windowOpen "
            + view.path("windowOpen").asText()
            + ", canSendFreeform "
            + view.path("canSendFreeform").asText()
            + ", canSendTemplate "
            + view.path("canSendTemplate")
            + ", optIn "
            + view.path("optIn").asText());
    expect(
        view.has("windowOpen") && view.has("canSendFreeform") && view.has("canSendTemplate"),
        "expected windowOpen, canSendFreeform and canSendTemplate, got " + view);
    expect(
        !view.path("windowOpen").asBoolean(true) && !view.path("canSendFreeform").asBoolean(true),
        "expected the window closed after 63016, got " + view);
    explain("The window is closed, so the CRM greys out free typing until Anna writes again.");
    ok(7, "the query API answered for the demo contact");
  }

  private void stepEightMetrics() {
    heading(8, "The services count what happened on /metrics (Prometheus text).");
    List<String> streams = wagateSamples("streams app", http.streamsMetrics());
    List<String> ingress = wagateSamples("ingress", http.ingressMetrics());
    List<String> sender = wagateSamples("sender", http.senderMetrics());
    expect(!streams.isEmpty(), "the streams app's /metrics shows no wagate_ counts above zero");
    expect(!ingress.isEmpty(), "the ingress's /metrics shows no wagate_ counts above zero");
    expect(
        sender.stream().anyMatch(line -> line.startsWith("wagate_sender_sends_total")),
        "the sender's /metrics shows no sends");
    ok(8, "every service exports wagate_ metrics");
  }

  private void stepNineTheWholeLoop(String routedRequestId) {
    heading(
        9,
        "The whole loop: CRM request -> decision -> sender -> provider -> webhook -> status and"
            + " note.");
    RequestStatus status = delivered;
    Note note = failureNote;
    expect(status != null && note != null, "steps 2 and 6 left no status or note to show");
    StatusCallback accepted = awaitAccepted(0, routedRequestId);
    said(
        "wa.status.callbacks",
        routedRequestId
            + " accepted by the simulated Twilio as "
            + accepted.providerMessageId()
            + " (the sender's record)");
    said("wa.status", describe(status) + " (from the simulator's delivery callback)");
    said("wa.notes", "\"" + note.text() + "\" (from the simulator's 63016 callback)");
    explain(
        "The simulator accepted "
            + setup.simulator().accepted()
            + " messages and posted "
            + setup.simulator().webhooksPosted()
            + " signed webhooks back to the ingress.");
    ok(9, "a status and a note came back from the provider simulator");
  }

  private void stepTenCampaignReport() {
    String campaign = campaignId();
    heading(10, "The CRM asks for the report of its campaign " + campaign + ".");
    explain(
        "Every request of this demo named the campaign; wagate counted each once, in the furthest"
            + " state it reached, from the topics it writes.");
    String path = "/v1/campaigns/" + campaign;
    sent("GET " + setup.streamsUrl() + path);
    // Five requests: two rejected (steps 1 and 5), three routed, two of them delivered (steps 2
    // and 4), one failed (step 6); Ben's STOP came after the reminder of step 4.
    JsonNode report =
        awaitReport(
            path,
            body ->
                body.path("requests").asLong() == 5
                    && body.path("routed").asLong() == 3
                    && body.path("rejected").asLong() == 2
                    && body.path("delivered").asLong() == 2
                    && body.path("failed").asLong() == 1
                    && body.path("optOuts").asLong() == 1,
            "the campaign report with 5 requests, 3 routed, 2 rejected, 2 delivered, 1 failed and"
                + " 1 opt-out");
    said(
        "query API",
        report.path("requests").asLong()
            + " requests: "
            + report.path("routed").asLong()
            + " routed, "
            + report.path("rejected").asLong()
            + " rejected "
            + report.path("rejectedByReason")
            + ", "
            + report.path("awaitingOptIn").asLong()
            + " awaiting opt-in");
    said(
        "query API",
        "sent "
            + report.path("sent").asLong()
            + " -> delivered "
            + report.path("delivered").asLong()
            + " -> read "
            + report.path("read").asLong()
            + "; failed "
            + report.path("failed").asLong()
            + " "
            + report.path("failedByCode")
            + "; "
            + report.path("optOuts").asLong()
            + " opt-out after a campaign message ("
            + report.path("marketingOptOuts").asLong()
            + " of marketing only)");
    said(
        "query API",
        "first send "
            + report.path("firstSendAt").asText()
            + ", last send "
            + report.path("lastSendAt").asText());
    String today = LocalDate.now(ZoneOffset.UTC).toString();
    String days = "?from=" + today + "&to=" + today;
    JsonNode number =
        awaitReport(
            "/v1/activity/" + setup.businessNumber() + days,
            body -> body.path("sent").asLong() >= 3,
            "today's activity of " + setup.businessNumber());
    said(
        "query API",
        setup.businessNumber()
            + " today (UTC): "
            + number.path("sent").asLong()
            + " messages sent, "
            + number.path("received").asLong()
            + " received (this run's and earlier runs')");
    JsonNode receptionist =
        awaitReport(
            "/v1/agents/" + CrmRequests.RECEPTIONIST + days,
            body -> body.path("sent").asLong() >= 2,
            "today's activity of " + CrmRequests.RECEPTIONIST);
    said(
        "query API",
        CrmRequests.RECEPTIONIST
            + " today (UTC): "
            + receptionist.path("sent").asLong()
            + " messages sent, "
            + receptionist.path("received").asLong()
            + " replies received");
    ok(10, "the campaign report counted each request once, in the furthest state it reached");
  }

  /** The query API's answer at {@code path} once it satisfies {@code done}. */
  private JsonNode awaitReport(String path, Predicate<JsonNode> done, String what) {
    Instant deadline = Instant.now().plus(OUTPUT_TIMEOUT);
    JsonNode last = null;
    while (!stopped) {
      WagateHttp.Reply reply = http.query(path);
      if (reply.status() == 200) {
        try {
          last = Json.MAPPER.readTree(reply.body());
        } catch (IOException e) {
          throw new StepFailedException("the query API answered something that is not JSON");
        }
        if (done.test(last)) {
          return last;
        }
      }
      if (Instant.now().isAfter(deadline)) {
        throw new StepFailedException(
            what
                + " did not appear within "
                + OUTPUT_TIMEOUT.toSeconds()
                + " s; last answer "
                + (last == null ? reply.status() + " " + reply.body() : last));
      }
      watcher().pause(REPORT_POLL);
    }
    throw new StepFailedException("wagate is stopping");
  }

  private String campaignId() {
    return "demo-" + runId;
  }

  private StatusCallback awaitAccepted(int mark, String requestId) {
    return await(
        Topics.STATUS_CALLBACKS,
        mark,
        callback -> requestId.equals(callback.requestId()) && "accepted".equals(callback.status()),
        "the sender's accepted record of " + requestId + " on wa.status.callbacks");
  }

  /** The wagate_ samples above zero; prints the first of each metric. */
  private List<String> wagateSamples(String service, WagateHttp.Reply reply) {
    expect(reply.status() == 200, "the " + service + "'s /metrics answered " + reply.status());
    List<String> samples = new ArrayList<>();
    Map<String, String> firstOfEachMetric = new LinkedHashMap<>();
    for (String line : reply.body().split("\n")) {
      if (line.startsWith("wagate_") && aboveZero(line)) {
        samples.add(line);
        String metric = line.split("[{ ]", 2)[0];
        // Buckets, sums and maxima of a timer say little at a glance; its count does.
        if (!metric.endsWith("_bucket") && !metric.endsWith("_sum") && !metric.endsWith("_max")) {
          firstOfEachMetric.putIfAbsent(metric, line);
        }
      }
    }
    firstOfEachMetric.values().stream()
        .limit(METRIC_LINES_SHOWN)
        .forEach(line -> said(service + " /metrics", line));
    return samples;
  }

  private static boolean aboveZero(String sample) {
    String value = sample.substring(sample.lastIndexOf(' ') + 1);
    try {
      return Double.parseDouble(value) > 0;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  // ------------------------------------------------------------------ actions

  private void send(SendRequest request, String what) {
    try {
      crm().write(request);
    } catch (IllegalStateException e) {
      throw new StepFailedException(e.getMessage());
    }
    sent("wa.send.requests " + request.requestId() + ": " + what);
  }

  /** Posts a signed Meta webhook with one text message from {@code contact}; its message id. */
  private String postMeta(DemoContact contact, String text) {
    String messageId = "wamid.demo-" + UUID.randomUUID();
    // Meta stamps whole seconds; the window is measured from this time.
    Instant sentAt = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    byte[] body =
        MetaWebhook.textMessage(
            setup.businessNumber(),
            contact.number(),
            contact.profileName(),
            messageId,
            sentAt,
            text);
    WagateHttp.Reply reply = http.postMeta(body);
    expect(reply.status() == 200, "the ingress answered " + reply.status() + ": " + reply.body());
    sent(
        "POST /webhooks/meta (signed) from "
            + contact.number()
            + ": \""
            + text
            + "\" -> "
            + reply.status());
    return messageId;
  }

  private String requestId() {
    requests++;
    return "demo-" + runId + "-" + requests;
  }

  // ------------------------------------------------------------------ waiting for outputs

  /** The first status of {@code requestId} written after {@code mark}. */
  private RequestStatus awaitStatus(int mark, String requestId) {
    RequestStatus status =
        await(
            Topics.STATUS,
            mark,
            candidate -> requestId.equals(candidate.requestId()),
            "the status of " + requestId + " on wa.status");
    said("wa.status", describe(status));
    return status;
  }

  private Note awaitNote(int mark, String requestId) {
    Note note =
        await(
            Topics.NOTES,
            mark,
            candidate -> requestId.equals(candidate.requestId()),
            "a note about " + requestId + " on wa.notes");
    said("wa.notes", "\"" + note.text() + "\"");
    return note;
  }

  private Session awaitSession(
      int mark, DemoContact contact, Predicate<Session> matches, String what) {
    String key = new ConversationKey(setup.businessNumber(), contact.number()).toString();
    return await(
        Topics.SESSIONS,
        mark,
        session ->
            key.equals(new ConversationKey(session.businessNumber(), session.contact()).toString())
                && matches.test(session),
        what + " on wa.sessions");
  }

  private <V> V await(Topic<String, V> topic, int mark, Predicate<? super V> match, String what) {
    return watcher()
        .await(topic, mark, match, OUTPUT_TIMEOUT)
        .orElseThrow(
            () ->
                new StepFailedException(
                    what + " did not appear within " + OUTPUT_TIMEOUT.toSeconds() + " s"));
  }

  private OutputWatcher watcher() {
    OutputWatcher current = watcher;
    if (current == null) {
      throw new IllegalStateException("the demo is not running");
    }
    return current;
  }

  private CrmRequests crm() {
    CrmRequests current = crm;
    if (current == null) {
      throw new IllegalStateException("the demo is not running");
    }
    return current;
  }

  // ------------------------------------------------------------------ telling what happens

  private void heading(int step, String what) {
    out.println();
    out.println("Step " + step + " of " + STEPS + ": " + what);
  }

  private void explain(String text) {
    out.println("  " + text);
  }

  private void sent(String what) {
    out.println("  -> " + what);
  }

  private void said(String where, String what) {
    out.println("  <- " + where + ": " + what);
  }

  private void ok(int step, String what) {
    out.println("  [ok] step " + step + ": " + what);
  }

  private static void expect(boolean condition, String otherwise) {
    if (!condition) {
      throw new StepFailedException(otherwise);
    }
  }

  private static String describe(RequestStatus status) {
    StringBuilder text = new StringBuilder(status.requestId()).append(' ').append(status.state());
    if (status.reason() != null) {
      text.append(", reason ").append(status.reason());
    }
    if (status.code() != null) {
      text.append(", code ").append(status.code());
    }
    return text.toString();
  }

  /**
   * Ends a running demo from another thread (the shutdown hook): a wait for an output returns at
   * once.
   */
  public void stop() {
    stopped = true;
    OutputWatcher current = watcher;
    if (current != null) {
      current.wakeup();
    }
  }

  /** Closes the demo's Kafka clients; call from the thread that ran it. */
  @Override
  public void close() {
    if (watcher != null) {
      watcher.close();
      watcher = null;
    }
    if (crm != null) {
      crm.close();
      crm = null;
    }
  }

  /** A step did not see what it expected. */
  private static final class StepFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    StepFailedException(String message) {
      super(message);
    }
  }
}
