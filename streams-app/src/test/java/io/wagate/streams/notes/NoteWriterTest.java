package io.wagate.streams.notes;

import static org.assertj.core.api.Assertions.assertThat;

import io.wagate.schemas.events.ErrorAction;
import io.wagate.schemas.events.ErrorCatalogEntry;
import io.wagate.schemas.events.Person;
import io.wagate.schemas.events.RejectionReason;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class NoteWriterTest {

  private static final String CONTACT = "+31612345678";
  private static final Person ANNA = new Person("p-1", "Anna", "Jansen");

  private final NoteWriter writer = new NoteWriter();
  private final ErrorCatalog catalog = ErrorCatalog.builtIn();

  static Stream<Arguments> people() {
    return Stream.of(
        Arguments.of(ANNA, "Anna Jansen"),
        Arguments.of(new Person("p-2", "  Anna ", " Jansen  "), "Anna Jansen"),
        Arguments.of(new Person("p-3", "Anna", null), "Anna"),
        Arguments.of(new Person("p-4", null, "Jansen"), "Jansen"),
        Arguments.of(new Person("p-5", "", "  "), CONTACT),
        Arguments.of(new Person("p-6", null, null), CONTACT),
        Arguments.of(null, CONTACT));
  }

  @ParameterizedTest
  @MethodSource("people")
  void shouldNameThePersonOrFallBackToTheNumber(Person person, String expected) {
    // Given
    // When
    String name = writer.name(person, CONTACT);
    // Then
    assertThat(name).isEqualTo(expected);
  }

  @Test
  void shouldWriteTheRejectionForAClosedWindow() {
    // Given
    // When
    String text = writer.rejection(RejectionReason.OUTSIDE_WINDOW, ANNA, CONTACT, null);
    // Then
    assertThat(text)
        .isEqualTo(
            "The WhatsApp message to Anna Jansen was not sent: the 24-hour customer service"
                + " window is closed. Send an approved template instead.");
  }

  @Test
  void shouldNameTheNumberInARejectionWithoutPerson() {
    // Given
    // When
    String text = writer.rejection(RejectionReason.CONTACT_BLOCKED, null, CONTACT, null);
    // Then
    assertThat(text)
        .startsWith("The WhatsApp message to +31612345678 was not sent: +31612345678 has blocked")
        .doesNotContain(NoteWriter.NAME_PLACEHOLDER);
  }

  @Test
  void shouldAddTheDetailAfterTheCause() {
    // Given
    // When
    String text =
        writer.rejection(RejectionReason.INVALID_REQUEST, ANNA, CONTACT, " template is missing. ");
    // Then
    assertThat(text)
        .isEqualTo(
            "The WhatsApp message to Anna Jansen was not sent: the request is incomplete or has a"
                + " wrong value (template is missing). Correct the message details and send it"
                + " again.");
  }

  @ParameterizedTest
  @EnumSource(RejectionReason.class)
  void shouldFillThePersonIntoEveryRejection(RejectionReason reason) {
    // Given
    // When
    String text = writer.rejection(reason, ANNA, CONTACT, "  ");
    // Then
    assertThat(text)
        .startsWith("The WhatsApp message to Anna Jansen was not sent: ")
        .doesNotContain(NoteWriter.NAME_PLACEHOLDER, "()", "..")
        .endsWith(".");
  }

  @Test
  void shouldWriteAFailureFromTheCatalogWithThePersonFilledIn() {
    // Given
    ErrorCatalogEntry entry = catalog.resolve("63033", null);
    // When
    String text = writer.failure(entry, ANNA, CONTACT);
    // Then
    assertThat(text)
        .startsWith(
            "The WhatsApp message to Anna Jansen failed with error 63033: Blocked by the"
                + " contact. Anna Jansen has blocked your WhatsApp number")
        .doesNotContain(NoteWriter.NAME_PLACEHOLDER);
  }

  @ParameterizedTest
  @MethodSource("builtInCodes")
  void shouldNameThePersonAndTheCodeInEveryBuiltInFailure(String code) {
    // Given
    ErrorCatalogEntry entry = catalog.resolve(code, null);
    // When
    String withPerson = writer.failure(entry, ANNA, CONTACT);
    String withoutPerson = writer.failure(entry, null, CONTACT);
    // Then
    assertThat(withPerson)
        .startsWith("The WhatsApp message to Anna Jansen failed with error " + code + ": ")
        .contains(entry.title())
        .doesNotContain(NoteWriter.NAME_PLACEHOLDER, CONTACT);
    assertThat(withoutPerson)
        .startsWith("The WhatsApp message to " + CONTACT + " failed with error " + code + ": ")
        .doesNotContain(NoteWriter.NAME_PLACEHOLDER, "Anna");
  }

  static Stream<String> builtInCodes() {
    return ErrorCatalog.builtIn().codes().stream();
  }

  @Test
  void shouldFillThePlaceholderOfAnOverride() {
    // Given
    ErrorCatalogEntry override =
        new ErrorCatalogEntry("63016", "Too late", "Call {name} instead.", ErrorAction.NONE, null);
    ErrorCatalogEntry entry = catalog.resolve("63016", override);
    // When
    String text = writer.failure(entry, ANNA, CONTACT);
    // Then
    assertThat(text)
        .isEqualTo(
            "The WhatsApp message to Anna Jansen failed with error 63016: Too late. Call Anna"
                + " Jansen instead.");
  }

  @Test
  void shouldWriteAFailureForAnUnknownCodeWithTheProviderTitle() {
    // Given
    ErrorCatalogEntry entry = catalog.resolve("99999", null, "Weird failure.");
    // When
    String text = writer.failure(entry, ANNA, CONTACT);
    // Then
    assertThat(text)
        .startsWith("The WhatsApp message to Anna Jansen failed with error 99999: Weird failure. ")
        .contains("advice for error 99999");
  }

  @Test
  void shouldWriteTheExpiredNote() {
    // Given
    // When
    String text = writer.expired(ANNA, CONTACT, Duration.ofDays(3));
    // Then
    assertThat(text)
        .isEqualTo(
            "The WhatsApp message to Anna Jansen was not sent: Anna Jansen did not answer the"
                + " request for permission to send them WhatsApp messages within 3 days. Ask for"
                + " their consent another way (for example on the booking form) and send the"
                + " message again.");
  }

  @Test
  void shouldNameTheNumberInTheExpiredNoteWithoutPerson() {
    // Given
    // When
    String text = writer.expired(null, CONTACT, Duration.ofHours(30).plusMinutes(1));
    // Then
    assertThat(text)
        .startsWith("The WhatsApp message to +31612345678 was not sent: +31612345678 did not")
        .contains("within 1 day, 6 hours and 1 minute.");
  }

  @Test
  void shouldDescribeDurationsInWords() {
    // Given
    // When
    // Then
    assertThat(NoteWriter.describe(Duration.ofHours(1))).isEqualTo("1 hour");
    assertThat(NoteWriter.describe(Duration.ofHours(50))).isEqualTo("2 days and 2 hours");
    assertThat(NoteWriter.describe(Duration.ofMinutes(45))).isEqualTo("45 minutes");
    assertThat(NoteWriter.describe(Duration.ofSeconds(20))).isEqualTo("less than a minute");
  }

  @Test
  void shouldSayHowOftenItWasTriedWhenRetriesAreExhausted() {
    // Given
    ErrorCatalogEntry entry = catalog.resolve("131000", null);
    // When
    String text = writer.retriesExhausted(entry, ANNA, CONTACT, 5);
    // Then
    assertThat(text)
        .isEqualTo(
            "The WhatsApp message to Anna Jansen failed with error 131000: Something went wrong."
                + " It was tried 5 times without success and will not be sent again"
                + " automatically. Send it again later, or contact Anna Jansen another way.");
  }

  @Test
  void shouldNotPromiseAnAutomaticRetryWhenRetriesAreExhausted() {
    // Given
    ErrorCatalogEntry entry = catalog.resolve("63010", null);
    // When
    String text = writer.retriesExhausted(entry, null, CONTACT, 1);
    // Then
    assertThat(text)
        .contains("error 63010", "tried once", "contact +31612345678 another way")
        .doesNotContain("sent again automatically in");
  }
}
