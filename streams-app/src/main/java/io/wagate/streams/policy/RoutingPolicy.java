package io.wagate.streams.policy;

import io.wagate.schemas.events.Category;
import io.wagate.schemas.events.Kind;
import io.wagate.schemas.events.RejectionReason;
import io.wagate.schemas.events.SendRequest;
import io.wagate.schemas.events.TemplateContent;
import io.wagate.schemas.events.TemplateDefinition;
import io.wagate.schemas.events.TemplateStatus;
import io.wagate.schemas.events.TextContent;
import io.wagate.streams.config.WagateConfig;
import io.wagate.streams.reference.BusinessNumber;
import io.wagate.streams.state.Conversation;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Decides what happens to a send request, checking the rules of DOMAIN.md §3 in order; the first
 * failing check wins. Pure: it reads the state it is given and changes nothing.
 */
public final class RoutingPolicy {

  /** WhatsApp's limit on a free-form text body, in characters. */
  public static final int MAX_TEXT_LENGTH = 4096;

  /** WhatsApp's limit on a rendered template body, in characters. */
  public static final int MAX_TEMPLATE_BODY_LENGTH = 1024;

  private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{6,14}");
  private static final Pattern URL = Pattern.compile("(?i)(https?://|www\\.)\\S+");
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{(\\d+)}}");

  /** The outcome of routing. */
  public sealed interface Decision {}

  /**
   * Send it as a template or as free-form text.
   *
   * @param kind template or text
   * @param category the template's category ({@code UTILITY} for text)
   * @param outsideWindow a template to a contact whose window is closed: business-initiated, so it
   *     counts against the portfolio's messaging limit
   * @param holdForFlag marketing from a number Meta flagged: held until the flag is lifted
   */
  public record Route(Kind kind, Category category, boolean outsideWindow, boolean holdForFlag)
      implements Decision {

    /** A message that neither counts nor waits. */
    public Route(Kind kind, Category category) {
      this(kind, category, false, false);
    }
  }

  /** Reject it; {@code detail} says which field, for the note. */
  public record Reject(RejectionReason reason, @Nullable String detail) implements Decision {}

  /** Park it and ask the contact for consent with the business number's opt-in template. */
  public record AwaitOptIn(Category category) implements Decision {}

  private final WagateConfig config;

  public RoutingPolicy(WagateConfig config) {
    this.config = config;
  }

  /**
   * Routes a valid request ({@link #validate} found nothing) to a valid contact.
   *
   * @param request the request
   * @param conversation the conversation's state
   * @param number the business number as routing sees it
   * @param registered the registered template, if any
   * @param at the decision time: the later of the record's timestamp and the wall clock
   */
  public Decision decide(
      SendRequest request,
      Conversation conversation,
      BusinessNumber number,
      @Nullable TemplateDefinition registered,
      Instant at) {
    Reject invalid = validate(request, registered);
    if (invalid != null) {
      return invalid;
    }
    if (!number.enabled()) {
      return new Reject(RejectionReason.NUMBER_DISABLED, null);
    }
    if (number.pausedAt(at)) {
      return new Reject(RejectionReason.NUMBER_PAUSED, null);
    }
    if (conversation.unreachable()) {
      return new Reject(RejectionReason.CONTACT_UNREACHABLE, null);
    }
    if (conversation.blocked()) {
      return new Reject(RejectionReason.CONTACT_BLOCKED, null);
    }
    boolean template = request.kind() == Kind.TEMPLATE;
    Category category = template ? categoryOf(request.template(), registered) : null;
    if (conversation.optedOut(category)) {
      return new Reject(RejectionReason.OPTED_OUT, category == null ? null : category.name());
    }
    if (template) {
      return routeTemplate(request.template(), category, conversation, number, registered, at);
    }
    return routeText(request.text(), conversation, at);
  }

  private Decision routeText(TextContent text, Conversation conversation, Instant at) {
    if (!conversation.windowOpen(at, config.windowSafetyMargin())) {
      return new Reject(RejectionReason.OUTSIDE_WINDOW, null);
    }
    String body = text.body();
    if (body.codePointCount(0, body.length()) > MAX_TEXT_LENGTH) {
      return new Reject(RejectionReason.TOO_LONG, "text.body");
    }
    if (Boolean.TRUE.equals(text.previewUrl()) && !URL.matcher(body).find()) {
      return new Reject(RejectionReason.INVALID_REQUEST, "text.previewUrl without a URL");
    }
    return new Route(Kind.TEXT, Category.UTILITY);
  }

  private Decision routeTemplate(
      TemplateContent template,
      Category category,
      Conversation conversation,
      BusinessNumber number,
      @Nullable TemplateDefinition registered,
      Instant at) {
    if (conversation.declined(category)) {
      return new Reject(RejectionReason.OPT_IN_DECLINED, null);
    }
    if (category == Category.MARKETING && conversation.marketingHeld(at)) {
      return new Reject(RejectionReason.MARKETING_HELD, null);
    }
    if (registered != null && registered.status() != TemplateStatus.APPROVED) {
      return new Reject(RejectionReason.TEMPLATE_NOT_APPROVED, registered.status().name());
    }
    if (registered == null && config.requireRegisteredTemplates()) {
      return new Reject(RejectionReason.TEMPLATE_NOT_APPROVED, "not registered");
    }
    List<@Nullable String> parameters = parameters(template);
    if (parameters.stream().anyMatch(p -> p == null || p.isBlank())) {
      return new Reject(RejectionReason.TEMPLATE_PARAMS_MISMATCH, "empty parameter");
    }
    if (registered != null
        && registered.bodyParameterCount() != null
        && registered.bodyParameterCount() != parameters.size()) {
      return new Reject(
          RejectionReason.TEMPLATE_PARAMS_MISMATCH,
          parameters.size() + " parameters for " + registered.bodyParameterCount());
    }
    if (registered != null && registered.body() != null) {
      String rendered = render(registered.body(), parameters);
      if (rendered.codePointCount(0, rendered.length()) > MAX_TEMPLATE_BODY_LENGTH) {
        return new Reject(RejectionReason.TOO_LONG, "rendered template body");
      }
    }
    boolean windowOpen = conversation.windowOpen(at, config.windowSafetyMargin());
    if (!windowOpen && number.restrictedAt(at)) {
      return new Reject(RejectionReason.NUMBER_RESTRICTED, null);
    }
    if (conversation.consentsTo(category) || windowOpen) {
      boolean holdForFlag =
          config.holdFlaggedMarketing() && category == Category.MARKETING && number.flagged();
      return new Route(Kind.TEMPLATE, category, !windowOpen, holdForFlag);
    }
    if (number.optInTemplate() == null) {
      return new Reject(RejectionReason.NO_OPT_IN, null);
    }
    return new AwaitOptIn(category);
  }

  /**
   * The first missing or wrong field, as an {@code INVALID_REQUEST} rejection; null when the
   * request is complete.
   */
  public static @Nullable Reject validate(
      SendRequest request, @Nullable TemplateDefinition registered) {
    String problem = problemOf(request, registered);
    return problem == null ? null : new Reject(RejectionReason.INVALID_REQUEST, problem);
  }

  private static @Nullable String problemOf(
      SendRequest request, @Nullable TemplateDefinition registered) {
    if (request.businessNumber() == null || !E164.matcher(request.businessNumber()).matches()) {
      return "businessNumber must be E.164";
    }
    if (request.to() == null || request.to().isBlank()) {
      return "to is missing";
    }
    if (request.kind() == null || request.kind() == Kind.UNKNOWN) {
      return "kind must be TEMPLATE or TEXT";
    }
    if (request.kind() == Kind.TEXT) {
      if (request.text() == null || request.text().body() == null) {
        return "text.body is missing";
      }
      if (request.text().body().isBlank()) {
        return "text.body is empty";
      }
      return null;
    }
    TemplateContent template = request.template();
    if (template == null) {
      return "template is missing";
    }
    if (template.name() == null || template.name().isBlank()) {
      return "template.name is missing";
    }
    if (template.language() == null || template.language().isBlank()) {
      return "template.language is missing";
    }
    if (template.category() == Category.UNKNOWN) {
      return "template.category must be MARKETING, UTILITY or AUTHENTICATION";
    }
    if (categoryOf(template, registered) == null) {
      return "template.category is missing";
    }
    return null;
  }

  /** The template's category: the registered one wins over what the request says. */
  public static @Nullable Category categoryOf(
      @Nullable TemplateContent template, @Nullable TemplateDefinition registered) {
    if (registered != null
        && registered.category() != null
        && registered.category() != Category.UNKNOWN) {
      return registered.category();
    }
    return template == null ? null : template.category();
  }

  private static List<@Nullable String> parameters(TemplateContent template) {
    return template.parameters() == null ? List.of() : template.parameters();
  }

  /** The body with {@code {{n}}} replaced by the n-th parameter. */
  static String render(String body, List<@Nullable String> parameters) {
    return PLACEHOLDER
        .matcher(body)
        .replaceAll(
            match -> {
              int index = Integer.parseInt(match.group(1)) - 1;
              String value =
                  index >= 0 && index < parameters.size() ? parameters.get(index) : match.group();
              return Matcher.quoteReplacement(value);
            });
  }
}
