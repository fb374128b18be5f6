package io.wagate.streams.notes;

import io.wagate.schemas.events.ErrorCatalogEntry;
import io.wagate.schemas.events.Person;
import io.wagate.schemas.events.RejectionReason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Writes the {@code text} of {@code wa.notes} records: what failed, for whom, and what to do, in
 * words a receptionist reads without knowing WhatsApp's rules.
 *
 * <p>The person is named as {@code firstName lastName}, with whichever of the two is present, or by
 * the contact's number when the request carried no person or no name. Catalog notes and rejection
 * texts may name the person with {@value #NAME_PLACEHOLDER} (that same name), or with {@value
 * #FIRST_NAME_PLACEHOLDER} and {@value #LAST_NAME_PLACEHOLDER}, the syntax of the gym CRM's note
 * table: those become the first and last name, or the number and nothing where no name is known,
 * and the spaces left around an empty one are closed up. An operator writing a {@code
 * wa.error-catalog} override can use all three, e.g. {@code "Ask {person.first_name} to unblock
 * your number."}. Every text starts with a sentence that already names the person, so a note does
 * not have to.
 *
 * <p>The texts never go to a log line: they carry names and numbers.
 */
public final class NoteWriter {

  /** Replaced in notes by the person's name, or by the contact's number without one. */
  public static final String NAME_PLACEHOLDER = "{name}";

  /** Replaced by the person's first name, or by the contact's number without a name. */
  public static final String FIRST_NAME_PLACEHOLDER = "{person.first_name}";

  /** Replaced by the person's last name, or by nothing without a name. */
  public static final String LAST_NAME_PLACEHOLDER = "{person.last_name}";

  private static final java.util.regex.Pattern SPACES = java.util.regex.Pattern.compile(" {2,}");
  private static final java.util.regex.Pattern SPACE_BEFORE_PUNCTUATION =
      java.util.regex.Pattern.compile(" +([.,;:!?)])");

  /** Creates a note writer; it holds no state. */
  public NoteWriter() {}

  /**
   * How notes name the person: {@code firstName lastName} as far as present, else the contact.
   *
   * @param person the CRM's person, if the request carried one
   * @param contact the contact's canonical number (or user id)
   * @return e.g. {@code Anna Jansen}, {@code Anna}, or {@code +31612345678}
   */
  public String name(@Nullable Person person, String contact) {
    if (person != null) {
      String name = (strip(person.firstName()) + " " + strip(person.lastName())).strip();
      if (!name.isEmpty()) {
        return name;
      }
    }
    return contact;
  }

  /**
   * The note for a request wagate rejected before it left.
   *
   * @param reason why it was rejected
   * @param person the CRM's person, if known
   * @param contact the contact's canonical number, or the raw {@code to} when it was invalid
   * @param detail a short clause added in brackets after the cause, e.g. {@code template is
   *     missing} or {@code it was passed on to be sent as SMS}; null or blank for none
   * @return e.g. "The WhatsApp message to Anna Jansen was not sent: the 24-hour customer service
   *     window is closed. Send an approved template instead."
   */
  public String rejection(
      RejectionReason reason, @Nullable Person person, String contact, @Nullable String detail) {
    String who = name(person, contact);
    RejectionNotes.Text words = RejectionNotes.of(reason);
    StringBuilder text =
        new StringBuilder("The WhatsApp message to ")
            .append(who)
            .append(" was not sent: ")
            .append(fill(words.cause(), person, contact));
    String cleanDetail = trimSentence(detail);
    if (!cleanDetail.isEmpty()) {
      text.append(" (").append(cleanDetail).append(')');
    }
    return text.append(". ").append(fill(words.advice(), person, contact)).toString();
  }

  /**
   * The note for a message the provider reported as failed: a sentence naming the person, the code
   * and the entry's title, followed by the entry's note.
   *
   * @param entry the resolved catalog entry ({@link ErrorCatalog#resolve})
   * @param person the CRM's person, if known
   * @param contact the contact's canonical number
   * @return e.g. "The WhatsApp message to Anna Jansen failed with error 63016: Outside the 24-hour
   *     window. More than 24 hours have passed … Use an approved template instead; …"
   */
  public String failure(ErrorCatalogEntry entry, @Nullable Person person, String contact) {
    String who = name(person, contact);
    String note = fill(strip(entry.note()), person, contact);
    String lead = lead(entry, who);
    return note.isEmpty() ? lead : lead + " " + note;
  }

  /**
   * The note for a parked request that expired because the contact never answered the opt-in
   * request; its code is {@link RejectionNotes#OPT_IN_EXPIRED_CODE} and its action {@link
   * RejectionNotes#OPT_IN_EXPIRED_ACTION}.
   *
   * @param person the CRM's person, if known
   * @param contact the contact's canonical number
   * @param waited how long the request was parked
   * @return the note text
   */
  public String expired(@Nullable Person person, String contact, Duration waited) {
    String who = name(person, contact);
    return "The WhatsApp message to "
        + who
        + " was not sent: "
        + who
        + " did not answer the request for permission to send them WhatsApp messages within "
        + describe(waited)
        + ". Ask for their consent another way (for example on the booking form) and send the"
        + " message again.";
  }

  /**
   * The note for a template wagate held back for its business portfolio and that gave up waiting;
   * its code is {@code WAGATE-HOLD-EXPIRED}.
   *
   * @param person the CRM's person, if known
   * @param contact the contact's canonical number
   * @param forFlag held because Meta flagged the number, rather than for the messaging limit
   * @param limit the portfolio's messaging limit, if known
   * @param roomAt when the portfolio next has room, if known
   * @param waited how long it was held
   * @return the note text
   */
  public String holdExpired(
      @Nullable Person person,
      String contact,
      boolean forFlag,
      @Nullable Integer limit,
      java.time.@Nullable Instant roomAt,
      Duration waited) {
    String who = name(person, contact);
    String why =
        forFlag
            ? "WhatsApp flagged your business number for low quality, and marketing messages wait"
                + " until the flag is lifted"
            : "your business has reached WhatsApp's limit"
                + (limit == null || limit < 0 ? "" : " of " + limit)
                + " people it may start a conversation with in 24 hours";
    String when =
        forFlag || roomAt == null
            ? ""
            : " There is room again from "
                + java.time.format.DateTimeFormatter.ofPattern(
                        "d MMM HH:mm 'UTC'", java.util.Locale.ENGLISH)
                    .format(roomAt.atZone(java.time.ZoneOffset.UTC))
                + ".";
    return "The WhatsApp message to "
        + who
        + " was not sent: "
        + why
        + ". It waited "
        + describe(waited)
        + " and was given up."
        + when
        + " Send it again later, or once "
        + who
        + " writes to you (replies inside the 24-hour window do not count).";
  }

  /**
   * The final note for a message that kept failing with a {@code RETRY} code until wagate stopped
   * retrying; its code stays the entry's and its action is {@link
   * RejectionNotes#RETRIES_EXHAUSTED_ACTION}. The entry's own note is left out on purpose: it
   * promises an automatic retry that will no longer happen.
   *
   * @param entry the resolved catalog entry of the last failure
   * @param person the CRM's person, if known
   * @param contact the contact's canonical number
   * @param attempts how many times the message was sent in all
   * @return the note text
   */
  public String retriesExhausted(
      ErrorCatalogEntry entry, @Nullable Person person, String contact, int attempts) {
    String who = name(person, contact);
    return lead(entry, who)
        + " It was tried "
        + times(attempts)
        + " without success and will not be sent again automatically. Send it again later, or"
        + " contact "
        + who
        + " another way.";
  }

  /**
   * The final note for a failed message whose due retry was not sent because the conversation
   * changed meanwhile (the contact opted out, the window closed, …).
   *
   * @param reason why the retry could not be sent
   * @param person the CRM's person, if known
   * @param contact the contact's canonical number
   * @return the note text
   */
  public String notRetried(RejectionReason reason, @Nullable Person person, String contact) {
    String who = name(person, contact);
    RejectionNotes.Text words = RejectionNotes.of(reason);
    return "The WhatsApp message to "
        + who
        + " failed and was not sent again: "
        + fill(words.cause(), person, contact)
        + ". "
        + fill(words.advice(), person, contact);
  }

  private static String lead(ErrorCatalogEntry entry, String who) {
    String title = trimSentence(entry.title());
    return "The WhatsApp message to "
        + who
        + " failed with error "
        + entry.code()
        + (title.isEmpty() ? "" : ": " + title)
        + ".";
  }

  /**
   * {@code text} with the person's placeholders filled in; a no-op for texts without any, so the
   * built-in notes pass through untouched.
   */
  String fill(String text, @Nullable Person person, String contact) {
    if (text.indexOf('{') < 0) {
      return text;
    }
    String first = person == null ? "" : strip(person.firstName());
    String last = person == null ? "" : strip(person.lastName());
    if (first.isEmpty() && last.isEmpty()) {
      first = contact;
    }
    String filled =
        text.replace(NAME_PLACEHOLDER, name(person, contact))
            .replace(FIRST_NAME_PLACEHOLDER, first)
            .replace(LAST_NAME_PLACEHOLDER, last);
    filled = SPACES.matcher(filled).replaceAll(" ");
    return SPACE_BEFORE_PUNCTUATION.matcher(filled).replaceAll("$1").strip();
  }

  private static String strip(@Nullable String value) {
    return value == null ? "" : value.strip();
  }

  /** Strips blanks and a trailing full stop, so a provider's title fits into a sentence. */
  private static String trimSentence(@Nullable String value) {
    String text = strip(value);
    while (text.endsWith(".")) {
      text = text.substring(0, text.length() - 1).strip();
    }
    return text;
  }

  private static String times(int attempts) {
    return attempts == 1 ? "once" : attempts + " times";
  }

  /** A duration in words: {@code 3 days}, {@code 1 day and 6 hours}, {@code 45 minutes}. */
  static String describe(Duration duration) {
    Duration positive = duration.abs();
    List<String> parts = new ArrayList<>();
    addUnit(parts, positive.toDaysPart(), "day");
    addUnit(parts, positive.toHoursPart(), "hour");
    addUnit(parts, positive.toMinutesPart(), "minute");
    if (parts.isEmpty()) {
      return "less than a minute";
    }
    if (parts.size() == 1) {
      return parts.get(0);
    }
    return String.join(", ", parts.subList(0, parts.size() - 1))
        + " and "
        + parts.get(parts.size() - 1);
  }

  private static void addUnit(List<String> parts, long amount, String unit) {
    if (amount > 0) {
      parts.add(amount + " " + unit + (amount == 1 ? "" : "s"));
    }
  }
}
