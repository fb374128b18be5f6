package io.wagate.streams.notes;

import io.wagate.schemas.events.ErrorAction;
import io.wagate.schemas.events.ErrorCatalogEntry;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What each provider error code means: a short title, a note a receptionist can act on, what wagate
 * does about it ({@link ErrorAction}) and, where it applies, how long to wait.
 *
 * <p>The built-in entries cover every Twilio and Meta code of the domain notes (DOMAIN.md §4).
 * Operators override single codes at runtime through the compacted {@code wa.error-catalog} topic;
 * the topology looks the override up and passes it to {@link #resolve}, so this class holds no
 * mutable state and is safe to share between stream threads.
 *
 * <p>A note is written for the person named in {@link NoteWriter#failure}: it follows a lead
 * sentence that names the person, the code and the title, and it may contain {@value
 * NoteWriter#NAME_PLACEHOLDER} wherever the person's name (or, without one, the contact's number)
 * belongs.
 */
public final class ErrorCatalog {

  /** The first delay of a backoff code whose entry carries no {@code retryAfter}. */
  public static final Duration DEFAULT_BACKOFF = Duration.ofSeconds(30);

  /** The longest delay {@link #retryDelay} returns for a backoff code. */
  public static final Duration MAX_BACKOFF = Duration.ofMinutes(15);

  /**
   * Codes retried after a fixed delay rather than a growing one: Twilio 63010 is documented as
   * "retried in a minute", and Meta 131056 is the pair rate limit (about one message per 6 s to the
   * same contact), so waiting longer than that interval gains nothing.
   */
  private static final Set<String> FIXED_DELAY_CODES = Set.of("63010", "131056");

  private static final String UNKNOWN_TITLE = "Unknown error";

  // One line per code: code | action | retryAfter (ISO-8601, or -) | title | note.
  // Notes follow "The WhatsApp message to {name} failed with error N: title." (NoteWriter), so they
  // only say what it means and what to do. Facts: DOMAIN.md §4 and the seed articles.
  private static final String BUILT_IN =
      """
      63001  | DISABLE_NUMBER    | -     | Could not sign in to WhatsApp | WhatsApp could not verify your business number's sign-in, so WhatsApp sending from this number is switched off. Ask your administrator to check the WhatsApp account settings and switch the number back on.
      63003  | MARK_UNREACHABLE  | -     | Number not found on WhatsApp | This number could not be found on WhatsApp. Check the number with {name}, or send an SMS instead. WhatsApp messages to this number stop until {name} writes to you on WhatsApp.
      63005  | NONE              | -     | Content not accepted | WhatsApp did not accept the content of the message. Check the text and any attachment, then send it again; contact support if it keeps failing.
      63010  | RETRY             | PT1M  | Temporary WhatsApp error | WhatsApp had a temporary internal error. The message is sent again automatically in one minute; there is nothing you need to do.
      63012  | NONE              | -     | WhatsApp server error | WhatsApp's servers returned an error. Send the message again a little later.
      63013  | NONE              | -     | Attachment not allowed with a template | Templates cannot carry this kind of attachment. Send the template again without the attachment.
      63014  | MARK_BLOCKED      | -     | Blocked by the contact | {name} has blocked your WhatsApp number, so WhatsApp messages cannot reach them. Contact them another way (phone, SMS or email); WhatsApp works again once they unblock you and write to you.
      63016  | CLOSE_WINDOW      | -     | Outside the 24-hour window | More than 24 hours have passed since {name} last wrote to you, so a free-text message is not allowed. Use an approved template instead; free text is possible again once {name} replies.
      63018  | PAUSE_NUMBER      | PT24H | Rate limit reached | Your WhatsApp number sent more messages than WhatsApp allows, so sending from it is paused for 24 hours. Send the message again after that.
      63019  | NONE              | -     | Attachment could not be downloaded | WhatsApp could not download the attached file. Check that the file is still available and send the message again.
      63020  | DISABLE_NUMBER    | -     | Business account problem | There is a problem with your company's WhatsApp business account, so WhatsApp sending from this number is switched off. Ask your administrator to fix the account with Meta and switch the number back on.
      63021  | NONE              | -     | Invalid content | WhatsApp found the message content invalid. Check the text and send it again.
      63022  | NONE              | -     | Display name not approved | Your WhatsApp sender's display name certificate is not valid. Ask your administrator to check the WhatsApp sender setup.
      63024  | MARK_UNREACHABLE  | -     | Recipient could not be verified | WhatsApp could not verify this recipient; the number may not use WhatsApp. Check the number with {name}, or send an SMS instead. WhatsApp messages to this number stop until {name} writes to you on WhatsApp.
      63025  | NONE              | -     | Attachment already uploaded | The attachment clashed with a file that was already uploaded. Send the message again.
      63027  | NONE              | -     | Template missing for this language | The template does not exist in this language. Choose a language the template is approved in, or ask your administrator to add it.
      63028  | NONE              | -     | Template fields do not match | The template received a different number of fields than it expects. Check the template's merge fields and send it again.
      63029  | NONE              | -     | Template could not be downloaded | {name}'s phone could not download the template. Check the number and ask {name} to check their phone and WhatsApp, then try again.
      63030  | NONE              | -     | Attachment not allowed with a template | Templates cannot carry this kind of attachment. Send the template again without the attachment.
      63032  | NONE              | -     | WhatsApp limitation for this user | WhatsApp does not deliver this message to {name} because of a WhatsApp limitation (their number is part of a WhatsApp experiment). Contact them another way.
      63033  | MARK_BLOCKED      | -     | Blocked by the contact | {name} has blocked your WhatsApp number, so WhatsApp messages cannot reach them. Contact them another way (phone, SMS or email); WhatsApp works again once they unblock you and write to you.
      63038  | PAUSE_NUMBER      | PT24H | Daily message limit reached | Your WhatsApp number reached its daily message limit, so sending from it is paused for 24 hours. Send the message again after that.
      0      | DISABLE_NUMBER    | -     | Could not sign in to WhatsApp | WhatsApp could not verify your business account's access, so WhatsApp sending from this number is switched off. Ask your administrator to check the WhatsApp connection and switch the number back on.
      1      | RETRY             | PT30S | Temporary WhatsApp error | WhatsApp reported a temporary problem. The message is sent again automatically; there is nothing you need to do.
      2      | RETRY             | PT30S | WhatsApp temporarily unavailable | WhatsApp was briefly unavailable. The message is sent again automatically; there is nothing you need to do.
      4      | RETRY             | PT30S | Too many requests | Too many requests reached WhatsApp at once. The message is sent again automatically after a short wait; there is nothing you need to do.
      190    | DISABLE_NUMBER    | -     | Access expired | The access to your WhatsApp business account has expired or was withdrawn, so WhatsApp sending from this number is switched off. Ask your administrator to renew the access and switch the number back on.
      368    | DISABLE_NUMBER    | -     | Blocked for policy violations | WhatsApp has temporarily blocked your business account for breaking its policies, so WhatsApp sending from this number is switched off. Ask your administrator to resolve it with Meta and switch the number back on.
      470    | CLOSE_WINDOW      | -     | Outside the 24-hour window | More than 24 hours have passed since {name} last wrote to you, so a free-text message is not allowed. Use an approved template instead; free text is possible again once {name} replies.
      471    | PAUSE_NUMBER      | PT24H | Sending limited for spam | WhatsApp limited your number because many people blocked or reported its messages, so sending from it is paused for 24 hours. Send only to people who asked for your messages.
      80007  | RETRY             | PT30S | Account rate limit reached | Your WhatsApp business account reached its request limit. The message is sent again automatically after a short wait; there is nothing you need to do.
      130429 | RETRY             | PT30S | Sending rate limit reached | Your number sent messages faster than WhatsApp allows. The message is sent again automatically after a short wait; there is nothing you need to do.
      130472 | HOLD_MARKETING    | PT24H | Marketing held for an experiment | WhatsApp did not deliver this marketing message because {name}'s number is part of a WhatsApp experiment. No marketing templates go to {name} for 24 hours; appointment and other service messages still go out.
      131000 | RETRY             | PT30S | Something went wrong | WhatsApp failed for an unknown reason. The message is sent again automatically; there is nothing you need to do.
      131016 | RETRY             | PT30S | WhatsApp temporarily unavailable | WhatsApp was briefly unavailable. The message is sent again automatically; there is nothing you need to do.
      131026 | MARK_UNREACHABLE  | -     | Message undeliverable | WhatsApp could not deliver the message: the number may not be on WhatsApp, {name} may not have accepted WhatsApp's latest terms, or their WhatsApp is too old (they need at least Android 2.21.15.15, iOS 2.21.170.4, KaiOS 2.2130.10 or Web 2.2132.6). Confirm with {name} by phone or email, or send an SMS instead. WhatsApp messages to this number stop until {name} writes to you on WhatsApp.
      131031 | DISABLE_NUMBER    | -     | Business account locked | Your WhatsApp business account has been locked by WhatsApp, so WhatsApp sending from this number is switched off. Ask your administrator to resolve it with Meta and switch the number back on.
      131042 | DISABLE_NUMBER    | -     | Payment problem | There is a payment problem with your WhatsApp business account, so WhatsApp sending from this number is switched off. Ask your administrator to fix the payment method with Meta and switch the number back on.
      131047 | CLOSE_WINDOW      | -     | Outside the 24-hour window | More than 24 hours have passed since {name} last wrote to you, so a free-text message is not allowed. Use an approved template instead; free text is possible again once {name} replies.
      131049 | HOLD_MARKETING    | PT24H | Marketing message held back | WhatsApp held back this marketing message because {name} recently received many marketing messages. No marketing templates go to {name} for 24 hours; appointment and other service messages still go out.
      131050 | MARKETING_OPT_OUT | -     | Contact stopped marketing messages | {name} has chosen to stop marketing messages from your business, and this is now recorded. Do not send them promotions; appointment and other service messages still go out.
      131051 | NONE              | -     | Message type not supported | WhatsApp does not support this kind of message. Send it as plain text or as a template.
      131053 | NONE              | -     | Attachment could not be uploaded | The attachment could not be uploaded to WhatsApp. Check the file's type and size and send the message again.
      131056 | RETRY             | PT6S  | Too many messages to this contact | Too many messages went to {name} in a short time. The message is sent again automatically in a few seconds; there is nothing you need to do.
      131057 | RETRY             | PT30S | Business account in maintenance | Your WhatsApp business account is briefly in maintenance. The message is sent again automatically; there is nothing you need to do.
      132000 | NONE              | -     | Template fields do not match | The template received a different number of fields than it expects. Check the template's merge fields and send it again.
      132001 | NONE              | -     | Template not found | The template does not exist in this language or is not approved yet. Use an approved template, or ask your administrator to check this one.
      132005 | NONE              | -     | Template text too long | The template became too long once its fields were filled in. Shorten the field values and send it again.
      132015 | NONE              | -     | Template paused | WhatsApp paused this template because of its low quality. Use another approved template, or ask your administrator to improve this one.
      132016 | NONE              | -     | Template disabled | WhatsApp disabled this template because of its low quality. Use another approved template.
      WAGATE-SEND-UNCONFIRMED      | NONE  | -     | Sending not confirmed | The provider did not confirm whether it took this message (the connection broke while it was being sent). Check with {name} before sending it again, so they do not get it twice.
      WAGATE-PROVIDER-UNREACHABLE  | RETRY | PT1M  | Provider unreachable | WhatsApp's provider could not be reached. The message is sent again automatically; there is nothing you need to do.
      WAGATE-SENDER-NOT-CONFIGURED | NONE  | -     | Number not set up for sending | Your business number is not set up in wagate's sender, so nothing was sent. Ask your administrator to add it to the sender's numbers, then send the message again.
      WAGATE-SENDER-NO-CONTENT-SID | NONE  | -     | Template not set up for Twilio | This template has no Twilio content id in the sender's settings, so it could not be sent through Twilio. Ask your administrator to add it, then send the message again.
      """;

  private static final ErrorCatalog BUILT_IN_CATALOG = new ErrorCatalog(parse(BUILT_IN));

  private final Map<String, ErrorCatalogEntry> entries;

  private ErrorCatalog(Map<String, ErrorCatalogEntry> entries) {
    this.entries = Collections.unmodifiableMap(entries);
  }

  /**
   * The built-in catalog: an entry for every error code of the domain notes.
   *
   * @return the shared, immutable built-in catalog
   */
  public static ErrorCatalog builtIn() {
    return BUILT_IN_CATALOG;
  }

  /**
   * The codes this catalog has an entry for, in table order.
   *
   * @return an unmodifiable set of codes
   */
  public Set<String> codes() {
    return entries.keySet();
  }

  /**
   * The entry for {@code code}, with the override from {@code wa.error-catalog} winning.
   *
   * @param code the provider's error code, e.g. {@code 63016}
   * @param override the record for {@code code} on {@code wa.error-catalog}, if any
   * @return the entry to act on; never null, even for an unknown code
   * @see #resolve(String, ErrorCatalogEntry, String)
   */
  public ErrorCatalogEntry resolve(String code, @Nullable ErrorCatalogEntry override) {
    return resolve(code, override, null);
  }

  /**
   * The entry for {@code code}: the override when there is one, else the built-in entry, else a
   * generic entry that only writes a note ({@link ErrorAction#NONE}) naming the code and the
   * provider's title.
   *
   * <p>An override is taken as a whole, except that a field it leaves empty (a blank title or note,
   * a null action or {@code retryAfter}, as a hand-written JSON record may) is filled from the
   * built-in or generic entry, so an operator can change one field without copying the rest.
   *
   * @param code the provider's error code, e.g. {@code 63016}
   * @param override the record for {@code code} on {@code wa.error-catalog}, if any
   * @param providerTitle the provider's own error title or message, if any (Twilio often sends
   *     none); used only for a code without a built-in entry
   * @return the entry to act on; never null
   */
  public ErrorCatalogEntry resolve(
      String code, @Nullable ErrorCatalogEntry override, @Nullable String providerTitle) {
    ErrorCatalogEntry fallback = entries.get(code);
    if (fallback == null) {
      fallback = generic(code, providerTitle);
    }
    if (override == null) {
      return fallback;
    }
    return merge(code, override, fallback);
  }

  /**
   * The delay before attempt {@code attempt + 1} of a message that failed with a {@link
   * ErrorAction#RETRY} code.
   *
   * <p>For 63010 and 131056 it is the entry's {@code retryAfter} every time: the provider names the
   * wait (one minute for 63010, the ~6 s pair rate limit for 131056), so growing it only delays the
   * message. For every other code it is exponential backoff: {@code retryAfter} (or {@link
   * #DEFAULT_BACKOFF} without one) doubled for each attempt after the first, capped at {@link
   * #MAX_BACKOFF} (or at {@code retryAfter} itself where an override sets a longer one), because
   * those codes mean the provider is overloaded or briefly down and hammering it does not help. How
   * many attempts are made is the caller's bound.
   *
   * @param entry the resolved entry of the failure
   * @param attempt the attempt that just failed, 1 for the first send
   * @return the delay before the next attempt
   * @throws IllegalArgumentException when {@code attempt} is less than 1
   */
  public static Duration retryDelay(ErrorCatalogEntry entry, int attempt) {
    if (attempt < 1) {
      throw new IllegalArgumentException("attempt must be at least 1, was " + attempt);
    }
    Duration first = entry.retryAfter();
    if (first == null || first.isNegative() || first.isZero()) {
      first = DEFAULT_BACKOFF;
    }
    if (FIXED_DELAY_CODES.contains(entry.code())) {
      return first;
    }
    Duration cap = first.compareTo(MAX_BACKOFF) > 0 ? first : MAX_BACKOFF;
    Duration delay = first;
    for (int i = 1; i < attempt && delay.compareTo(cap) < 0; i++) {
      delay = delay.multipliedBy(2);
    }
    return delay.compareTo(cap) > 0 ? cap : delay;
  }

  private static ErrorCatalogEntry generic(String code, @Nullable String providerTitle) {
    String title = isBlank(providerTitle) ? UNKNOWN_TITLE : providerTitle.strip();
    String note =
        "There is no specific advice for error "
            + code
            + " yet: check the message and send it again, and contact support if it keeps failing.";
    return new ErrorCatalogEntry(code, title, note, ErrorAction.NONE, null);
  }

  // The record is null-marked, but JSON decoding leaves absent fields null all the same.
  private static ErrorCatalogEntry merge(
      String code, ErrorCatalogEntry override, ErrorCatalogEntry fallback) {
    String title = isBlank(override.title()) ? fallback.title() : override.title();
    String note = isBlank(override.note()) ? fallback.note() : override.note();
    ErrorAction action = override.action() == null ? fallback.action() : override.action();
    Duration retryAfter =
        override.retryAfter() == null ? fallback.retryAfter() : override.retryAfter();
    return new ErrorCatalogEntry(code, title, note, action, retryAfter);
  }

  private static boolean isBlank(@Nullable String value) {
    return value == null || value.isBlank();
  }

  private static Map<String, ErrorCatalogEntry> parse(String table) {
    Map<String, ErrorCatalogEntry> entries = new LinkedHashMap<>();
    for (String line : table.split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      String[] cells = line.split("\\|", -1);
      if (cells.length != 5) {
        throw new IllegalStateException("built-in error catalog line has not 5 cells: " + line);
      }
      String code = cells[0].strip();
      String retryAfter = cells[2].strip();
      ErrorCatalogEntry entry =
          new ErrorCatalogEntry(
              code,
              cells[3].strip(),
              cells[4].strip(),
              ErrorAction.valueOf(cells[1].strip()),
              retryAfter.equals("-") ? null : Duration.parse(retryAfter));
      if (entries.putIfAbsent(code, entry) != null) {
        throw new IllegalStateException("built-in error catalog lists code twice: " + code);
      }
    }
    return entries;
  }
}
