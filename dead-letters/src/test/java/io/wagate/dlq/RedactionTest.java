package io.wagate.dlq;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RedactionTest {

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "to is not a number: +31698765432|to is not a number: •••",
        "from 06 98765432 failed|from ••• failed",
        "wa_id 5215512345678 (+52 1 55 1234 5678)|wa_id ••• (•••)",
        "at line 1, column 12|at line 1, column 12",
        "partition 2 offset 123456|partition 2 offset 123456"
      })
  void shouldHideNumbersOfSevenDigitsOrMoreAndKeepTheRest(String text, String redacted) {
    // When
    String result = Redaction.numbers(text);

    // Then
    assertThat(result).isEqualTo(redacted);
  }
}
