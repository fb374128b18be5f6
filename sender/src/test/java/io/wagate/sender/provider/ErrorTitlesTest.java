package io.wagate.sender.provider;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ErrorTitlesTest {

  @Test
  void shouldRemoveThePhoneNumberTwilioQuotes() {
    // When
    String title = ErrorTitles.clean("The 'To' number +15005550001 is not a valid phone number.");

    // Then
    assertThat(title).isEqualTo("The 'To' number <number> is not a valid phone number.");
  }

  @Test
  void shouldRemoveMetasCodePrefixAndNumbersWithSeparators() {
    // When
    String title = ErrorTitles.clean("(#131026) Message undeliverable to 06 1234-5678");

    // Then
    assertThat(title).isEqualTo("Message undeliverable to <number>");
  }

  @Test
  void shouldKeepShortNumbersSuchAsErrorCodes() {
    // When
    String title = ErrorTitles.clean("Error 63016 after 24 hours");

    // Then
    assertThat(title).isEqualTo("Error 63016 after 24 hours");
  }
}
