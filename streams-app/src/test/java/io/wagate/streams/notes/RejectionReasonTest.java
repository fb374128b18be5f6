package io.wagate.streams.notes;

import static org.assertj.core.api.Assertions.assertThat;

import io.wagate.schemas.events.RejectionReason;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class RejectionReasonTest {

  /** A copy of CONTRACT.md's "Rejection reasons" table: reason, code. */
  private static final String[][] CONTRACT_TABLE = {
    {"INVALID_REQUEST", "WAGATE-INVALID-REQUEST"},
    {"INVALID_PHONE", "WAGATE-INVALID-PHONE"},
    {"NUMBER_DISABLED", "63020"},
    {"CONTACT_UNREACHABLE", "131026"},
    {"CONTACT_BLOCKED", "63033"},
    {"OPTED_OUT", "WAGATE-OPTED-OUT"},
    {"OPT_IN_DECLINED", "WAGATE-OPT-IN-DECLINED"},
    {"NO_OPT_IN", "WAGATE-NO-OPT-IN"},
    {"OUTSIDE_WINDOW", "63016"},
    {"TOO_LONG", "WAGATE-TOO-LONG"},
    {"TEMPLATE_NOT_APPROVED", "132001"},
    {"TEMPLATE_PARAMS_MISMATCH", "63028"},
    // wagate's additions to the contract table, in the same spirit (provider codes where any).
    {"NUMBER_PAUSED", "63018"},
    {"MARKETING_HELD", "131049"},
    {"NUMBER_RESTRICTED", "WAGATE-NUMBER-RESTRICTED"},
  };

  static Stream<Arguments> contractTable() {
    return Arrays.stream(CONTRACT_TABLE).map(row -> Arguments.of(row[0], row[1]));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("contractTable")
  void shouldCarryTheContractReasonAndCode(String reason, String code) {
    // Given
    // When
    RejectionReason rejection = RejectionReason.valueOf(reason);
    // Then
    assertThat(rejection.name()).isEqualTo(reason);
    assertThat(rejection.code()).isEqualTo(code);
  }

  @Test
  void shouldHaveExactlyOneConstantPerContractRow() {
    // Given
    Set<String> contractReasons =
        Arrays.stream(CONTRACT_TABLE).map(row -> row[0]).collect(Collectors.toSet());
    // When
    Set<String> reasons =
        Arrays.stream(RejectionReason.values())
            .map(RejectionReason::name)
            .collect(Collectors.toSet());
    // Then
    assertThat(reasons).isEqualTo(contractReasons);
    assertThat(RejectionReason.values()).hasSize(CONTRACT_TABLE.length);
  }

  @ParameterizedTest
  @EnumSource(RejectionReason.class)
  void shouldGiveEveryReasonAnActionWordAndANote(RejectionReason reason) {
    // Given
    // When
    String action = reason.action();
    String note = RejectionNotes.of(reason).note();
    // Then
    assertThat(action).matches("[A-Z]+(_[A-Z]+)*");
    assertThat(RejectionNotes.of(reason).cause()).isNotBlank().doesNotEndWith(".");
    assertThat(RejectionNotes.of(reason).advice()).isNotBlank().endsWith(".");
    assertThat(note)
        .startsWithIgnoringCase(RejectionNotes.of(reason).cause())
        .endsWith(". " + RejectionNotes.of(reason).advice());
  }

  @Test
  void shouldGiveEveryReasonItsOwnAction() {
    // Given
    // When
    long distinct =
        Arrays.stream(RejectionReason.values()).map(RejectionReason::action).distinct().count();
    // Then
    assertThat(distinct).isEqualTo(RejectionReason.values().length);
  }

  @Test
  void shouldTellToUseAnApprovedTemplateOutsideTheWindow() {
    // Given
    // When
    // Then
    assertThat(RejectionReason.OUTSIDE_WINDOW.action()).isEqualTo("USE_TEMPLATE");
    assertThat(RejectionNotes.of(RejectionReason.OUTSIDE_WINDOW).advice())
        .contains("approved template");
  }

  @Test
  void shouldNameTheCodesOfTheNotesOutsideTheTable() {
    // Given
    // When
    // Then
    assertThat(RejectionNotes.OPT_IN_EXPIRED_CODE).isEqualTo("WAGATE-OPT-IN-EXPIRED");
    assertThat(RejectionNotes.OPT_IN_EXPIRED_ACTION).isNotBlank();
    assertThat(RejectionNotes.RETRIES_EXHAUSTED_ACTION).isNotBlank();
  }
}
