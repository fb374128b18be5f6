package io.wagate.schemas;

import io.wagate.schemas.events.AccountEvent;
import io.wagate.schemas.events.ActivityReport;
import io.wagate.schemas.events.AgentReport;
import io.wagate.schemas.events.BusinessNumberConfig;
import io.wagate.schemas.events.CampaignReport;
import io.wagate.schemas.events.Category;
import io.wagate.schemas.events.ConsentEvent;
import io.wagate.schemas.events.ConsentStatus;
import io.wagate.schemas.events.ErrorAction;
import io.wagate.schemas.events.ErrorCatalogEntry;
import io.wagate.schemas.events.InboundMessage;
import io.wagate.schemas.events.Kind;
import io.wagate.schemas.events.LifecycleState;
import io.wagate.schemas.events.Note;
import io.wagate.schemas.events.NumberState;
import io.wagate.schemas.events.OptInState;
import io.wagate.schemas.events.OutboundMessage;
import io.wagate.schemas.events.Person;
import io.wagate.schemas.events.Portfolio;
import io.wagate.schemas.events.Provider;
import io.wagate.schemas.events.Purpose;
import io.wagate.schemas.events.RejectionReason;
import io.wagate.schemas.events.RequestStatus;
import io.wagate.schemas.events.SendRequest;
import io.wagate.schemas.events.Session;
import io.wagate.schemas.events.StatusCallback;
import io.wagate.schemas.events.TemplateContent;
import io.wagate.schemas.events.TemplateDefinition;
import io.wagate.schemas.events.TemplateRef;
import io.wagate.schemas.events.TemplateState;
import io.wagate.schemas.events.TemplateStatus;
import io.wagate.schemas.events.TextContent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One fully populated and one minimal value of every event record: the full one sets every
 * component, nested records too; the minimal one only what its schema requires.
 */
final class Fixtures {

  static final String BUSINESS_NUMBER = "+31201234567";
  static final String CONTACT = "+31612345678";
  static final Instant CREATED = Instant.parse("2026-11-22T09:30:00Z");
  static final Instant ROUTED = Instant.parse("2026-11-22T09:30:00.123Z");

  private static final TemplateContent TEMPLATE =
      new TemplateContent(
          "appointment_confirmation", "en_US", Category.UTILITY, List.of("Anna", "Tue 10:00"));
  private static final TextContent TEXT = new TextContent("See you tomorrow!", false);
  private static final Person PERSON = new Person("p-1", "Anna", "Jansen");

  /** A fully populated value per record type. */
  static final Map<Class<?>, Object> FULL =
      Map.ofEntries(
          Map.entry(
              SendRequest.class,
              new SendRequest(
                  "crm-7f3a",
                  BUSINESS_NUMBER,
                  "06 12345678",
                  "NL",
                  Kind.TEMPLATE,
                  TEMPLATE,
                  TEXT,
                  PERSON,
                  "u-7",
                  "cmp-11",
                  false,
                  CREATED)),
          Map.entry(
              ConsentEvent.class,
              new ConsentEvent(
                  BUSINESS_NUMBER,
                  "06 12345678",
                  "NL",
                  ConsentStatus.OPTED_IN,
                  List.of(Category.UTILITY, Category.MARKETING),
                  "booking-form",
                  CREATED,
                  "form-submission-4711")),
          Map.entry(
              InboundMessage.class,
              new InboundMessage(
                  Provider.META,
                  "wamid.HBgL",
                  BUSINESS_NUMBER,
                  CONTACT,
                  "Anna",
                  "button",
                  "YES",
                  "opt-in-yes",
                  CREATED,
                  "BR.1502576394655843",
                  "+5582999990001")),
          Map.entry(
              StatusCallback.class,
              new StatusCallback(
                  Provider.TWILIO,
                  "SM1f0e",
                  "crm-7f3a",
                  BUSINESS_NUMBER,
                  CONTACT,
                  "failed",
                  "63016",
                  "Outside window",
                  CREATED,
                  "US.13491208655302741918")),
          Map.entry(
              AccountEvent.class,
              new AccountEvent(
                  Provider.META,
                  "message_template_status_update",
                  "102290129340398",
                  BUSINESS_NUMBER,
                  "REJECTED",
                  "1689556908129835",
                  "abandoned_cart",
                  "en",
                  "MARKETING",
                  "UTILITY",
                  "YELLOW",
                  2000,
                  "INVALID_FORMAT",
                  CREATED,
                  json("{\"event\":\"REJECTED\",\"reason\":\"INVALID_FORMAT\"}"))),
          Map.entry(
              CampaignReport.class,
              new CampaignReport(
                  "cmp-11",
                  5000,
                  4200,
                  100,
                  650,
                  Map.of("OPTED_OUT", 600L, "INVALID_PHONE", 50L),
                  50,
                  4100,
                  3900,
                  2500,
                  90,
                  Map.of("131026", 60L, "63016", 30L),
                  12,
                  4,
                  CREATED,
                  ROUTED,
                  ROUTED)),
          Map.entry(
              ActivityReport.class,
              new ActivityReport(BUSINESS_NUMBER, "2026-11-22", 120, 45, ROUTED)),
          Map.entry(AgentReport.class, new AgentReport("u-7", "2026-11-22", 30, 9, ROUTED)),
          Map.entry(
              TemplateDefinition.class,
              new TemplateDefinition(
                  "appointment_confirmation",
                  "en_US",
                  Category.UTILITY,
                  TemplateStatus.APPROVED,
                  2,
                  "Hi {{1}}, see you {{2}}.",
                  CREATED)),
          Map.entry(
              BusinessNumberConfig.class,
              new BusinessNumberConfig(
                  BUSINESS_NUMBER,
                  true,
                  new TemplateRef("optin_request", "en_US"),
                  "This number no longer takes WhatsApp messages.",
                  Instant.parse("2026-11-23T09:00:00Z"),
                  CREATED,
                  "salon-group",
                  "102290129340398")),
          Map.entry(
              NumberState.class,
              new NumberState(
                  BUSINESS_NUMBER,
                  "102290129340398",
                  Instant.parse("2026-11-23T09:00:00Z"),
                  "63018",
                  CREATED,
                  "63020",
                  ROUTED,
                  CREATED,
                  ROUTED,
                  "YELLOW",
                  Instant.parse("2026-11-24T09:00:00Z"),
                  2000,
                  CREATED,
                  ROUTED)),
          Map.entry(
              TemplateState.class,
              new TemplateState(
                  "appointment_confirmation",
                  "en_US",
                  "1234567890",
                  TemplateStatus.PAUSED,
                  CREATED,
                  "LOW_QUALITY",
                  Category.MARKETING,
                  CREATED,
                  "RED",
                  ROUTED)),
          Map.entry(Portfolio.class, new Portfolio("salon-group", 2000, CREATED)),
          Map.entry(
              ErrorCatalogEntry.class,
              new ErrorCatalogEntry(
                  "63010",
                  "Rate limited",
                  "Sent again in a minute.",
                  ErrorAction.RETRY,
                  Duration.ofMinutes(1))),
          Map.entry(
              OutboundMessage.class,
              new OutboundMessage(
                  "crm-7f3a",
                  BUSINESS_NUMBER,
                  CONTACT,
                  "NL",
                  Kind.TEMPLATE,
                  TEMPLATE,
                  TEXT,
                  PERSON,
                  "u-7",
                  "cmp-11",
                  true,
                  CREATED,
                  ROUTED,
                  2,
                  Purpose.RETRY,
                  "wamid.HBgL")),
          Map.entry(
              RequestStatus.class,
              new RequestStatus(
                  "crm-7f3a",
                  BUSINESS_NUMBER,
                  CONTACT,
                  LifecycleState.REJECTED,
                  RejectionReason.OUTSIDE_WINDOW.name(),
                  RejectionReason.OUTSIDE_WINDOW.code(),
                  ROUTED)),
          Map.entry(
              Note.class,
              new Note(
                  "note-crm-7f3a",
                  "crm-7f3a",
                  "p-1",
                  BUSINESS_NUMBER,
                  CONTACT,
                  "63016",
                  "Anna Jansen has not written in 24 hours: send a template instead.",
                  "CLOSE_WINDOW",
                  ROUTED)),
          Map.entry(
              Session.class,
              new Session(
                  BUSINESS_NUMBER,
                  CONTACT,
                  true,
                  CREATED.plus(Duration.ofHours(24)),
                  OptInState.OPTED_IN,
                  List.of(Category.MARKETING),
                  true,
                  false,
                  CREATED,
                  ROUTED,
                  "+31687654321",
                  "+31611112222")));

  /** A minimal value per record type: nullable components null unless the schema needs them. */
  static final Map<Class<?>, Object> MINIMAL =
      Map.ofEntries(
          Map.entry(
              SendRequest.class,
              new SendRequest(
                  "crm-7f3b",
                  BUSINESS_NUMBER,
                  "whatsapp:+31612345678",
                  null,
                  Kind.TEXT,
                  null,
                  new TextContent("Hi", null),
                  null,
                  null,
                  null,
                  null,
                  null)),
          Map.entry(
              ConsentEvent.class,
              new ConsentEvent(
                  BUSINESS_NUMBER, CONTACT, null, ConsentStatus.OPTED_OUT, null, null, null)),
          Map.entry(
              InboundMessage.class,
              new InboundMessage(
                  Provider.META,
                  null,
                  BUSINESS_NUMBER,
                  "US.13491208655302741918",
                  null,
                  "image",
                  null,
                  null,
                  CREATED,
                  null,
                  null)),
          Map.entry(
              StatusCallback.class,
              new StatusCallback(
                  Provider.META,
                  null,
                  null,
                  BUSINESS_NUMBER,
                  CONTACT,
                  "read",
                  null,
                  null,
                  CREATED,
                  null)),
          Map.entry(
              AccountEvent.class,
              new AccountEvent(
                  Provider.META,
                  "business_capability_update",
                  "102290129340398",
                  null,
                  null,
                  null,
                  null,
                  null,
                  null,
                  null,
                  null,
                  null,
                  null,
                  CREATED,
                  json("{}"))),
          Map.entry(
              TemplateDefinition.class,
              new TemplateDefinition(
                  "optin_request", "en_US", null, TemplateStatus.PENDING, null, null)),
          Map.entry(
              BusinessNumberConfig.class,
              new BusinessNumberConfig(BUSINESS_NUMBER, null, null, null, null)),
          Map.entry(NumberState.class, NumberState.unknown(BUSINESS_NUMBER, ROUTED)),
          Map.entry(CampaignReport.class, CampaignReport.empty("cmp-12", ROUTED)),
          Map.entry(
              ActivityReport.class,
              new ActivityReport(BUSINESS_NUMBER, "2026-11-22", 0, 0, ROUTED)),
          Map.entry(AgentReport.class, new AgentReport("u-7", "2026-11-22", 0, 0, ROUTED)),
          Map.entry(TemplateState.class, TemplateState.unknown("optin_request", "en_US", ROUTED)),
          Map.entry(Portfolio.class, new Portfolio("salon-group", null, null)),
          Map.entry(
              ErrorCatalogEntry.class,
              new ErrorCatalogEntry("63005", "", "", ErrorAction.NONE, null)),
          Map.entry(
              OutboundMessage.class,
              new OutboundMessage(
                  "auto-reply-1",
                  BUSINESS_NUMBER,
                  CONTACT,
                  null,
                  Kind.TEXT,
                  null,
                  new TextContent("You will not get messages from us any more.", null),
                  null,
                  null,
                  null,
                  null,
                  null,
                  ROUTED,
                  1,
                  Purpose.AUTO_REPLY,
                  null)),
          Map.entry(
              RequestStatus.class,
              new RequestStatus("crm-7f3b", null, null, LifecycleState.SENT, null, null, ROUTED)),
          Map.entry(
              Note.class,
              new Note(
                  "note-1",
                  null,
                  null,
                  null,
                  null,
                  "131026",
                  "+31612345678 is not on WhatsApp.",
                  "",
                  ROUTED)),
          Map.entry(
              Session.class,
              new Session(
                  BUSINESS_NUMBER,
                  CONTACT,
                  false,
                  null,
                  OptInState.UNKNOWN,
                  List.of(),
                  true,
                  false,
                  null,
                  ROUTED)));

  private Fixtures() {}

  private static com.fasterxml.jackson.databind.JsonNode json(String text) {
    try {
      return Json.MAPPER.readTree(text);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
