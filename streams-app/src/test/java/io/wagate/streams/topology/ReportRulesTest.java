package io.wagate.streams.topology;

import static io.wagate.streams.topology.WagateDriver.ANNA;
import static io.wagate.streams.topology.WagateDriver.BUSINESS;
import static io.wagate.streams.topology.WagateDriver.CONTACT;
import static io.wagate.streams.topology.WagateDriver.KEY;
import static io.wagate.streams.topology.WagateDriver.START;
import static io.wagate.streams.topology.WagateDriver.at;
import static io.wagate.streams.topology.WagateDriver.minutes;
import static org.assertj.core.api.Assertions.assertThat;

import io.wagate.schemas.Topic;
import io.wagate.schemas.Topics;
import io.wagate.schemas.events.ActivityReport;
import io.wagate.schemas.events.AgentReport;
import io.wagate.schemas.events.CampaignReport;
import io.wagate.schemas.events.Category;
import io.wagate.schemas.events.ConsentStatus;
import io.wagate.schemas.events.InboundMessage;
import io.wagate.schemas.events.Kind;
import io.wagate.schemas.events.OutboundMessage;
import io.wagate.schemas.events.Provider;
import io.wagate.schemas.events.SendRequest;
import io.wagate.schemas.events.TemplateContent;
import io.wagate.schemas.events.TextContent;
import io.wagate.streams.reports.CampaignEntry;
import io.wagate.streams.reports.ConversationTally;
import io.wagate.streams.reports.ReportNames;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.TestOutputTopic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The reports wired into the topology: wagate's own outputs read back (the test driver feeds every
 * record written to a topic the topology reads back into it), counted once per request in its
 * furthest state.
 */
class ReportRulesTest {

  private static final String CAMPAIGN = "cmp-spring";

  private final WagateDriver wagate = new WagateDriver(Map.of("WAGATE_REPORTS", "true"));
  private final TestOutputTopic<String, CampaignReport> campaigns =
      output(Topics.REPORTS_CAMPAIGNS);
  private final TestOutputTopic<String, ActivityReport> activity = output(Topics.REPORTS_ACTIVITY);
  private final TestOutputTopic<String, AgentReport> agents = output(Topics.REPORTS_AGENTS);

  @AfterEach
  void close() {
    wagate.close();
  }

  @Test
  void shouldCountAReadBeforeDeliveredAndDuplicateStatusesOnce() {
    // Given a campaign template to a contact who consented
    wagate.consents(ConsentStatus.OPTED_IN, null, at(minutes(0)));
    wagate.send(template("r-1"), at(minutes(1)));
    // When the provider reports read before delivered, everything twice, sent last
    for (int i = 0; i < 2; i++) {
      wagate.providerSays("r-1", "read", null, at(minutes(3)));
      wagate.providerSays("r-1", "delivered", null, at(minutes(2)));
      wagate.providerSays("r-1", "sent", null, at(minutes(2)));
    }
    // Then the request counts once, as sent, delivered and read
    CampaignReport report = latest(campaigns).get(CAMPAIGN);
    assertThat(report.requests()).isOne();
    assertThat(report.routed()).isOne();
    assertThat(report.sent()).isOne();
    assertThat(report.delivered()).isOne();
    assertThat(report.read()).isOne();
    assertThat(report.failed()).isZero();
    assertThat(report.firstSendAt()).isEqualTo(at(minutes(1)));
    assertThat(report)
        .isEqualTo(
            wagate
                .driver
                .<String, CampaignEntry>getKeyValueStore(ReportNames.CAMPAIGN_STORE)
                .get(CAMPAIGN)
                .report());
  }

  @Test
  void shouldCountARetriedRequestOnce() {
    // Given a campaign text inside the window the contact opened
    wagate.userWrites("Hi", at(minutes(0)));
    wagate.send(text("r-1"), at(minutes(1)));
    // When it fails with a retryable error, is sent again as attempt 2 and delivered
    wagate.providerSays("r-1", "SM-1", "failed", "131056", at(minutes(2)));
    wagate.advanceWallClock(Duration.ofMinutes(5));
    List<OutboundMessage> sent = wagate.freeform.readValuesToList();
    assertThat(sent).extracting(OutboundMessage::attempt).containsExactly(1, 2);
    wagate.providerSays("r-1", "SM-2", "delivered", null, at(minutes(8)));
    // Then it is one request, delivered once, and one message of the day
    CampaignReport report = latest(campaigns).get(CAMPAIGN);
    assertThat(report.requests()).isOne();
    assertThat(report.sent()).isOne();
    assertThat(report.delivered()).isOne();
    assertThat(report.failed()).isZero();
    assertThat(latest(activity).get(BUSINESS + "|2026-11-22").sent()).isOne();
    assertThat(latest(agents).get("u-7|2026-11-22").sent()).isOne();
    ConversationTally counts =
        wagate
            .driver
            .<String, ConversationTally>getKeyValueStore(ReportNames.CONVERSATION_STORE)
            .get(KEY);
    assertThat(counts.sent()).isOne();
    assertThat(counts.received()).isOne();
  }

  @Test
  void shouldAttributeAnOptOutAfterACampaignMessageToThatCampaign() {
    // Given a campaign template routed to a contact who consented
    wagate.consents(ConsentStatus.OPTED_IN, null, at(minutes(0)));
    wagate.send(template("r-1"), at(minutes(1)));
    // When they stop promotions a day later, then stop everything
    wagate.preference("stop", at(Duration.ofDays(1)));
    wagate.userWrites("STOP", at(Duration.ofDays(1).plusMinutes(5)));
    // Then one opt-out counts for the campaign: marketing-only, as it came first
    CampaignReport report = latest(campaigns).get(CAMPAIGN);
    assertThat(report.optOuts()).isOne();
    assertThat(report.marketingOptOuts()).isOne();
    // And a later campaign request to them is rejected, by reason
    wagate.send(template("r-2"), at(Duration.ofDays(2)));
    report = latest(campaigns).get(CAMPAIGN);
    assertThat(report.requests()).isEqualTo(2);
    assertThat(report.rejectedByReason()).containsExactlyEntriesOf(Map.of("OPTED_OUT", 1L));
  }

  @Test
  void shouldCountRequestsOnceWhereverTheyAreDecided() {
    // Given a campaign of a text outside the window, a request with an invalid number (rejected
    // before it reaches a conversation), and a template parked for opt-in
    wagate.configureNumber(true, true, null);
    wagate.send(text("r-1"), at(minutes(0)));
    wagate.send(
        new SendRequest(
            "r-2",
            BUSINESS,
            "12",
            null,
            Kind.TEXT,
            null,
            new TextContent("Hi", false),
            ANNA,
            "u-7",
            CAMPAIGN,
            false,
            START),
        at(minutes(1)));
    wagate.send(template("r-3"), at(minutes(2)));
    // When a request comes twice, the second time naming another campaign
    wagate.send(text("r-1"), at(minutes(3)));
    SendRequest again = template("r-3");
    wagate.send(
        new SendRequest(
            again.requestId(),
            again.businessNumber(),
            again.to(),
            null,
            again.kind(),
            again.template(),
            null,
            ANNA,
            "u-7",
            "cmp-other",
            false,
            START),
        at(minutes(4)));
    // Then
    Map<String, CampaignReport> reports = latest(campaigns);
    CampaignReport report = reports.get(CAMPAIGN);
    assertThat(report.requests()).isEqualTo(3);
    assertThat(report.rejected()).isEqualTo(2);
    assertThat(report.rejectedByReason())
        .containsExactlyInAnyOrderEntriesOf(Map.of("OUTSIDE_WINDOW", 1L, "INVALID_PHONE", 1L));
    assertThat(report.awaitingOptIn()).isOne();
    assertThat(reports).containsOnlyKeys(CAMPAIGN);
    // And when the contact opts in, the parked one is routed and waits no more
    wagate.userWrites("YES", at(minutes(10)));
    report = latest(campaigns).get(CAMPAIGN);
    assertThat(report.awaitingOptIn()).isZero();
    assertThat(report.routed()).isOne();
  }

  @Test
  void shouldCountMessagesOnTheirUtcDaysForTheNumberAndTheUser() {
    // Given a message by u-7 late on the 22nd (UTC), in the window the contact opened
    wagate.userWrites("Hi", Instant.parse("2026-11-22T22:00:00Z"));
    wagate.send(text("r-1"), Instant.parse("2026-11-22T23:30:00Z"));
    // When the contact answers after midnight UTC (01:10 in Amsterdam), the webhook twice
    InboundMessage reply =
        new InboundMessage(
            Provider.META,
            "wamid.reply",
            BUSINESS,
            CONTACT,
            "Anna",
            "text",
            "Thanks!",
            null,
            Instant.parse("2026-11-23T00:10:00Z"));
    wagate.inboundMessage(reply);
    wagate.inboundMessage(reply);
    // Then
    Map<String, ActivityReport> days = latest(activity);
    assertThat(days.get(BUSINESS + "|2026-11-22").sent()).isOne();
    assertThat(days.get(BUSINESS + "|2026-11-22").received()).isOne();
    assertThat(days.get(BUSINESS + "|2026-11-23").received()).isOne();
    assertThat(days.get(BUSINESS + "|2026-11-23").sent()).isZero();
    Map<String, AgentReport> users = latest(agents);
    assertThat(users.get("u-7|2026-11-22").sent()).isOne();
    assertThat(users.get("u-7|2026-11-23").received()).isOne();
  }

  @Test
  void shouldSumTheMessagesOfADayBetweenTwoWrites() {
    // Given a day bucket written once
    wagate.userWrites("Hi", Instant.parse("2026-11-22T09:00:00Z"));
    assertThat(latest(activity).get(BUSINESS + "|2026-11-22").received()).isOne();
    // When five more messages and three replies arrive before the next write
    for (int i = 1; i <= 5; i++) {
      wagate.userWrites("Message " + i, Instant.parse("2026-11-22T09:0" + i + ":00Z"));
    }
    for (int i = 1; i <= 3; i++) {
      wagate.send(text("r-" + i), Instant.parse("2026-11-22T09:1" + i + ":00Z"));
    }
    // Then the bucket is written once more, with every one of them counted
    Map<String, ActivityReport> days = latest(activity);
    assertThat(days.get(BUSINESS + "|2026-11-22").received()).isEqualTo(6);
    assertThat(days.get(BUSINESS + "|2026-11-22").sent()).isEqualTo(3);
    assertThat(latest(activity)).isEmpty();
  }

  private SendRequest template(String requestId) {
    return new SendRequest(
        requestId,
        BUSINESS,
        CONTACT,
        null,
        Kind.TEMPLATE,
        new TemplateContent("spring_offer", "en_US", Category.MARKETING, List.of("Anna")),
        null,
        ANNA,
        "u-7",
        CAMPAIGN,
        false,
        START);
  }

  private SendRequest text(String requestId) {
    return new SendRequest(
        requestId,
        BUSINESS,
        CONTACT,
        null,
        Kind.TEXT,
        null,
        new TextContent("Our spring offer: 20% off", false),
        ANNA,
        "u-7",
        CAMPAIGN,
        false,
        START);
  }

  private <V> TestOutputTopic<String, V> output(Topic<String, V> topic) {
    return wagate.driver.createOutputTopic(
        topic.name(), topic.keySerde().deserializer(), topic.valueSerde().deserializer());
  }

  /** The latest record per key, once the punctuation wrote the changed reports. */
  private <V> Map<String, V> latest(TestOutputTopic<String, V> topic) {
    // One punctuation sends the summed day changes on, the next writes the changed day buckets.
    wagate.advanceWallClock(wagate.config.punctuationInterval());
    wagate.advanceWallClock(wagate.config.punctuationInterval());
    return topic.readKeyValuesToMap();
  }
}
