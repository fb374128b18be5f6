package io.wagate.streams.processor;

import io.wagate.schemas.Topics;
import io.wagate.schemas.events.Category;
import io.wagate.schemas.events.Kind;
import io.wagate.schemas.events.LifecycleState;
import io.wagate.schemas.events.Note;
import io.wagate.schemas.events.OutboundMessage;
import io.wagate.schemas.events.Person;
import io.wagate.schemas.events.Purpose;
import io.wagate.schemas.events.RequestStatus;
import io.wagate.schemas.events.SendRequest;
import io.wagate.schemas.events.Session;
import io.wagate.schemas.events.TemplateContent;
import io.wagate.schemas.events.TemplateRef;
import io.wagate.schemas.events.TextContent;
import io.wagate.streams.reference.Admission;
import io.wagate.streams.reference.NumberAction;
import io.wagate.streams.state.StoreFormat;
import io.wagate.streams.topology.Command;
import io.wagate.streams.topology.Output;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Every record wagate writes, built in one place and typed by the topic it goes to: the lifecycle
 * on {@code wa.status}, notes, messages to send, conversation states and what wagate learned about
 * a business number.
 */
final class Outputs {

  private Outputs() {}

  /** A lifecycle step on {@code wa.status}. */
  static Output status(
      String requestId,
      @Nullable String businessNumber,
      @Nullable String contact,
      LifecycleState state,
      @Nullable String reason,
      @Nullable String code,
      Instant at) {
    return Output.to(
        Topics.STATUS,
        new RequestStatus(requestId, businessNumber, contact, state, reason, code, at));
  }

  /** A note on {@code wa.notes}. */
  static Output note(
      String noteId,
      @Nullable String requestId,
      @Nullable Person person,
      @Nullable String businessNumber,
      @Nullable String contact,
      String code,
      String text,
      String action,
      Instant at) {
    return Output.to(
        Topics.NOTES,
        new Note(
            noteId,
            requestId,
            person == null ? null : person.id(),
            businessNumber,
            contact,
            code,
            text,
            action,
            at));
  }

  /** A message to send, on the topic its kind goes to. */
  static Output send(OutboundMessage message) {
    return Output.to(
        message.kind() == Kind.TEMPLATE ? Topics.SEND_TEMPLATE : Topics.SEND_FREEFORM, message);
  }

  /** A request for an SMS instead, for a contact known not to be on WhatsApp. */
  static Output smsFallback(OutboundMessage message) {
    return Output.to(Topics.SEND_SMS_FALLBACK, message);
  }

  /** A conversation's state on {@code wa.sessions}. */
  static Output session(Session session) {
    return Output.to(Topics.SESSIONS, session);
  }

  /** The tombstone of a forgotten conversation on {@code wa.sessions}. */
  static Output forgottenSession() {
    return Output.tombstone(Topics.SESSIONS);
  }

  /** What a failure taught wagate about a business number, to the task that keeps it. */
  static Output numberAction(NumberAction action) {
    return new Output(
        Output.NUMBER_ACTIONS,
        StoreFormat.serde(NumberAction.class).serialize(Output.NUMBER_ACTIONS, action));
  }

  /** A command to a conversation, through the internal commands topic. */
  static Output command(Command command) {
    return new Output(
        Output.COMMANDS, StoreFormat.serde(Command.class).serialize(Output.COMMANDS, command));
  }

  /** A question (or a count) for a portfolio, through the internal admissions topic. */
  static Output admission(Admission admission) {
    return new Output(
        Output.ADMISSIONS,
        StoreFormat.serde(Admission.class).serialize(Output.ADMISSIONS, admission));
  }

  /** The accepted request as a message to send, {@code to} canonical. */
  static OutboundMessage outbound(SendRequest request, String contact, Instant at, int attempt) {
    return new OutboundMessage(
        request.requestId(),
        request.businessNumber(),
        contact,
        request.defaultRegion(),
        request.kind(),
        // The accepted request as it came: senders use the part that matches its kind.
        request.template(),
        request.text(),
        request.person(),
        request.agentId(),
        request.campaignId(),
        request.smsFallback(),
        request.createdAt(),
        at,
        attempt,
        Purpose.REQUESTED,
        null);
  }

  /** The business number's opt-in template, asking for consent on behalf of {@code requestId}. */
  static OutboundMessage optInRequest(
      String requestId,
      String businessNumber,
      String contact,
      TemplateRef template,
      @Nullable Person person,
      Instant at) {
    return new OutboundMessage(
        "optin:" + requestId,
        businessNumber,
        contact,
        null,
        Kind.TEMPLATE,
        new TemplateContent(template.name(), template.language(), Category.UTILITY, List.of()),
        null,
        person,
        null,
        null,
        null,
        at,
        at,
        1,
        Purpose.OPT_IN_REQUEST,
        requestId);
  }

  /** A reply wagate sends on its own inside the window the contact's message opened. */
  static OutboundMessage reply(
      String businessNumber, String contact, String text, String cause, Instant at) {
    return new OutboundMessage(
        "reply:" + cause,
        businessNumber,
        contact,
        null,
        Kind.TEXT,
        null,
        new TextContent(text, false),
        null,
        null,
        null,
        null,
        at,
        at,
        1,
        Purpose.AUTO_REPLY,
        cause);
  }
}
