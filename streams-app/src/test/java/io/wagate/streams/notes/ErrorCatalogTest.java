package io.wagate.streams.notes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wagate.schemas.events.ErrorAction;
import io.wagate.schemas.events.ErrorCatalogEntry;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ErrorCatalogTest {

  /** A copy of the action table of DOMAIN.md §4; keep the two in step. */
  private static final Map<ErrorAction, String> DOMAIN_TABLE =
      Map.of(
          ErrorAction.RETRY, "63010 131000 131016 130429 131057 1 2 4 80007 131056",
          ErrorAction.CLOSE_WINDOW, "63016 131047 470",
          ErrorAction.MARK_UNREACHABLE, "131026 63003 63024",
          ErrorAction.MARK_BLOCKED, "63033 63014",
          ErrorAction.MARKETING_OPT_OUT, "131050",
          ErrorAction.HOLD_MARKETING, "131049 130472",
          ErrorAction.PAUSE_NUMBER, "63018 63038 471",
          ErrorAction.DISABLE_NUMBER, "63020 63001 0 190 368 131031 131042",
          ErrorAction.NONE,
              "63005 63012 63013 63019 63021 63022 63025 63027 63028 63029 63030 63032 132000"
                  + " 132001 132005 132015 132016 131051 131053");

  private final ErrorCatalog catalog = ErrorCatalog.builtIn();

  static Stream<Arguments> domainTable() {
    return DOMAIN_TABLE.entrySet().stream()
        .flatMap(
            row ->
                Arrays.stream(row.getValue().split(" ")).map(c -> Arguments.of(c, row.getKey())));
  }

  private static Set<String> domainCodes() {
    return domainTable().map(a -> (String) a.get()[0]).collect(Collectors.toSet());
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("domainTable")
  void shouldHaveBuiltInEntryWithTheDomainActionForEveryCode(String code, ErrorAction action) {
    // Given
    // When
    ErrorCatalogEntry entry = catalog.resolve(code, null);
    // Then
    assertThat(catalog.codes()).contains(code);
    assertThat(entry.code()).isEqualTo(code);
    assertThat(entry.action()).isEqualTo(action);
    assertThat(entry.title()).isNotBlank();
    assertThat(entry.note()).isNotBlank().doesNotContain("|");
  }

  /** The sender's own codes for what fails before a provider answers (README, "Sender"). */
  private static final Set<String> SENDER_CODES =
      Set.of(
          "WAGATE-SEND-UNCONFIRMED",
          "WAGATE-PROVIDER-UNREACHABLE",
          "WAGATE-SENDER-NOT-CONFIGURED",
          "WAGATE-SENDER-NO-CONTENT-SID");

  @Test
  void shouldListExactlyTheCodesOfTheDomainTableAndTheSender() {
    // Given
    Set<String> expected = new TreeSet<>(domainCodes());
    expected.addAll(SENDER_CODES);
    // When
    Set<String> codes = new TreeSet<>(catalog.codes());
    // Then
    assertThat(codes).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("domainTable")
  void shouldGiveRetryAfterByAction(String code, ErrorAction action) {
    // Given
    Duration expected =
        switch (action) {
          case RETRY ->
              switch (code) {
                case "63010" -> Duration.ofMinutes(1);
                case "131056" -> Duration.ofSeconds(6);
                default -> ErrorCatalog.DEFAULT_BACKOFF;
              };
          case PAUSE_NUMBER, HOLD_MARKETING -> Duration.ofHours(24);
          default -> null;
        };
    // When
    ErrorCatalogEntry entry = catalog.resolve(code, null);
    // Then
    assertThat(entry.retryAfter()).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"63016", "131047", "470"})
  void shouldTellToUseAnApprovedTemplateWhenTheWindowIsClosed(String code) {
    // Given
    // When
    ErrorCatalogEntry entry = catalog.resolve(code, null);
    // Then
    assertThat(entry.note()).contains("approved template");
  }

  @Test
  void shouldTellToConfirmOtherwiseOrSendSmsAndNameMinimumVersionsFor131026() {
    // Given
    // When
    ErrorCatalogEntry entry = catalog.resolve("131026", null);
    // Then
    assertThat(entry.note())
        .contains("by phone or email", "SMS")
        .contains("2.21.15.15", "2.21.170.4", "2.2130.10", "2.2132.6");
  }

  @Test
  void shouldLetTheOverrideWin() {
    // Given
    ErrorCatalogEntry override =
        new ErrorCatalogEntry(
            "63016", "Window closed", "Call {name} instead.", ErrorAction.NONE, null);
    // When
    ErrorCatalogEntry entry = catalog.resolve("63016", override);
    // Then
    assertThat(entry).isEqualTo(override);
  }

  @Test
  void shouldLetAnOverrideDefineACodeWithoutBuiltInEntry() {
    // Given
    ErrorCatalogEntry override =
        new ErrorCatalogEntry(
            "99001", "Custom", "Try later.", ErrorAction.RETRY, Duration.ofMinutes(5));
    // When
    ErrorCatalogEntry entry = catalog.resolve("99001", override, "Provider title");
    // Then
    assertThat(entry).isEqualTo(override);
  }

  @Test
  void shouldFillFieldsAnOverrideLeavesEmptyFromTheBuiltIn() {
    // Given
    ErrorCatalogEntry builtIn = catalog.resolve("63010", null);
    // As a wa.error-catalog record with only a note decodes: the other fields empty or null.
    ErrorCatalogEntry override = new ErrorCatalogEntry("63010", "", "Wait a bit.", null, null);
    // When
    ErrorCatalogEntry entry = catalog.resolve("63010", override);
    // Then
    assertThat(entry)
        .isEqualTo(
            new ErrorCatalogEntry(
                "63010", builtIn.title(), "Wait a bit.", ErrorAction.RETRY, Duration.ofMinutes(1)));
  }

  @Test
  void shouldGiveAnUnknownCodeAGenericNoteNamingTheCodeAndProviderTitle() {
    // Given
    // When
    ErrorCatalogEntry entry = catalog.resolve("99999", null, "Something odd happened");
    // Then
    assertThat(entry.code()).isEqualTo("99999");
    assertThat(entry.title()).isEqualTo("Something odd happened");
    assertThat(entry.note()).contains("error 99999");
    assertThat(entry.action()).isEqualTo(ErrorAction.NONE);
    assertThat(entry.retryAfter()).isNull();
    assertThat(catalog.codes()).doesNotContain("99999");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "  "})
  void shouldTitleAnUnknownCodeWithoutProviderTitleAsUnknown(String providerTitle) {
    // Given
    // When
    ErrorCatalogEntry withBlank = catalog.resolve("99999", null, providerTitle);
    ErrorCatalogEntry withNone = catalog.resolve("99999", null);
    // Then
    assertThat(withBlank.title()).isEqualTo("Unknown error");
    assertThat(withNone).isEqualTo(withBlank);
  }

  @Test
  void shouldIgnoreTheProviderTitleForAKnownCode() {
    // Given
    // When
    ErrorCatalogEntry entry = catalog.resolve("63016", null, "Provider wording");
    // Then
    assertThat(entry).isEqualTo(catalog.resolve("63016", null));
    assertThat(entry.title()).isNotEqualTo("Provider wording");
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 10})
  void shouldRetryFixedDelayCodesAfterTheirRetryAfterEveryTime(int attempt) {
    // Given
    ErrorCatalogEntry internalError = catalog.resolve("63010", null);
    ErrorCatalogEntry pairRateLimit = catalog.resolve("131056", null);
    // When
    Duration internalDelay = ErrorCatalog.retryDelay(internalError, attempt);
    Duration pairDelay = ErrorCatalog.retryDelay(pairRateLimit, attempt);
    // Then
    assertThat(internalDelay).isEqualTo(Duration.ofMinutes(1));
    assertThat(pairDelay).isEqualTo(Duration.ofSeconds(6));
  }

  @Test
  void shouldBackOffExponentiallyUpToTheCap() {
    // Given
    ErrorCatalogEntry entry = catalog.resolve("131000", null);
    // When
    Duration[] delays = new Duration[8];
    for (int attempt = 1; attempt <= delays.length; attempt++) {
      delays[attempt - 1] = ErrorCatalog.retryDelay(entry, attempt);
    }
    // Then
    assertThat(delays)
        .containsExactly(
            Duration.ofSeconds(30),
            Duration.ofMinutes(1),
            Duration.ofMinutes(2),
            Duration.ofMinutes(4),
            Duration.ofMinutes(8),
            Duration.ofMinutes(15),
            Duration.ofMinutes(15),
            Duration.ofMinutes(15));
  }

  @Test
  void shouldBackOffFromAnOverriddenRetryAfter() {
    // Given
    ErrorCatalogEntry override =
        new ErrorCatalogEntry("131016", "t", "n", ErrorAction.RETRY, Duration.ofSeconds(10));
    ErrorCatalogEntry entry = catalog.resolve("131016", override);
    // When
    Duration third = ErrorCatalog.retryDelay(entry, 3);
    // Then
    assertThat(third).isEqualTo(Duration.ofSeconds(40));
  }

  @Test
  void shouldBackOffFromTheDefaultWhenRetryAfterIsMissing() {
    // Given
    ErrorCatalogEntry entry = new ErrorCatalogEntry("1", "t", "n", ErrorAction.RETRY, null);
    // When
    Duration second = ErrorCatalog.retryDelay(entry, 2);
    // Then
    assertThat(second).isEqualTo(ErrorCatalog.DEFAULT_BACKOFF.multipliedBy(2));
  }

  @Test
  void shouldNotShortenARetryAfterLongerThanTheCap() {
    // Given
    ErrorCatalogEntry entry =
        new ErrorCatalogEntry("131000", "t", "n", ErrorAction.RETRY, Duration.ofHours(1));
    // When
    Duration delay = ErrorCatalog.retryDelay(entry, 5);
    // Then
    assertThat(delay).isEqualTo(Duration.ofHours(1));
  }

  @Test
  void shouldRefuseAnAttemptBelowOne() {
    // Given
    ErrorCatalogEntry entry = catalog.resolve("131000", null);
    // When
    // Then
    assertThatThrownBy(() -> ErrorCatalog.retryDelay(entry, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
