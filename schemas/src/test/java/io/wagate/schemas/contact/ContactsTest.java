package io.wagate.schemas.contact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ContactsTest {

  @ParameterizedTest(name = "[{index}] ''{0}'' in {1} is {2}")
  @CsvSource(
      delimiter = ';',
      nullValues = "-",
      textBlock =
          """
          # raw                               ; region ; canonical
          +31612345678                          ; -      ; +31612345678
          06 12345678                           ; NL     ; +31612345678
          06-12345678                           ; NL     ; +31612345678
          0612345678                            ; nl     ; +31612345678
          0031 6 12345678                       ; -      ; +31612345678
          0031612345678                         ; -      ; +31612345678
          0031612345678                         ; DE     ; +31612345678
          whatsapp:+31612345678                 ; -      ; +31612345678
          WhatsApp:+31 6 1234 5678              ; -      ; +31612345678
          ' +31 (0)6 1234 5678 '                ; -      ; +31612345678
          31612345678                           ; -      ; +31612345678
          31612345678                           ; NL     ; +31612345678
          31612345678                           ; US     ; +31612345678
          +31 20 123 4567                       ; -      ; +31201234567
          # Mexico: wa_id +521 for mobiles, people write +52
          5215512345678                         ; -      ; +525512345678
          5215512345678                         ; MX     ; +525512345678
          +52 1 55 1234 5678                    ; -      ; +525512345678
          whatsapp:+5215512345678               ; -      ; +525512345678
          +52 55 1234 5678                      ; -      ; +525512345678
          525512345678                          ; -      ; +525512345678
          55 1234 5678                          ; MX     ; +525512345678
          # Argentina: mobiles with and without the 9 after +54
          +54 9 11 2345 6789                    ; -      ; +5491123456789
          5491123456789                         ; -      ; +5491123456789
          5491123456789                         ; AR     ; +5491123456789
          +54 11 2345 6789                      ; -      ; +5491123456789
          541123456789                          ; -      ; +5491123456789
          011 15 2345-6789                      ; AR     ; +5491123456789
          # Brazil: 12-digit WhatsApp ids (mobiles from before the ninth digit) are the 13-digit mobile
          558299990001                          ; -      ; +5582999990001
          558299990001                          ; BR     ; +5582999990001
          +558299990001                         ; -      ; +5582999990001
          whatsapp:+558299990001                ; -      ; +5582999990001
          +55 82 9999-0001                      ; -      ; +5582999990001
          5582999990001                         ; -      ; +5582999990001
          5582999990001                         ; BR     ; +5582999990001
          +55 82 99999-0001                     ; -      ; +5582999990001
          whatsapp:+5582999990001               ; -      ; +5582999990001
          0055 82 99999 0001                    ; -      ; +5582999990001
          (82) 99999-0001                       ; BR     ; +5582999990001
          82 99999-0001                         ; BR     ; +5582999990001
          (82) 9999-0001                        ; br     ; +5582999990001
          82 9999-0001                          ; BR     ; +5582999990001
          8299990001                            ; BR     ; +5582999990001
          0 82 99999-0001                       ; BR     ; +5582999990001
          0 82 9999-0001                        ; BR     ; +5582999990001
          0 21 82 99999-0001                    ; BR     ; +5582999990001
          556199887766                          ; -      ; +5561999887766
          # Brazil: every first digit of a mobile from 6 to 9, and landlines (2 to 5) unchanged
          558269990001                          ; -      ; +5582969990001
          558279990001                          ; -      ; +5582979990001
          558289990001                          ; -      ; +5582989990001
          551133334444                          ; -      ; +551133334444
          +55 11 3333-4444                      ; -      ; +551133334444
          (11) 3333-4444                        ; BR     ; +551133334444
          558222220001                          ; -      ; +558222220001
          558255550001                          ; -      ; +558255550001
          # users without a phone number keep their business-scoped id
          US.13491208655302741918               ; -      ; US.13491208655302741918
          BR.1502576394655843                   ; -      ; BR.1502576394655843
          US.ENT.11815799212886844830           ; -      ; US.ENT.11815799212886844830
          user.4f3a9c0d12e8b7a6                 ; -      ; user.4f3a9c0d12e8b7a6
          whatsapp:user.4f3a9c0d12e8b7a6        ; -      ; user.4f3a9c0d12e8b7a6
          user.4F3A9C0D12E8B7A6                 ; BR     ; user.4F3A9C0D12E8B7A6
          US.13491208655302741918               ; NL     ; US.13491208655302741918
          whatsapp:US.13491208655302741918      ; -      ; US.13491208655302741918
          # elsewhere
          +1 (415) 555-2671                     ; -      ; +14155552671
          (415) 555-2671                        ; US     ; +14155552671
          14155552671                           ; -      ; +14155552671
          07911 123456                          ; GB     ; +447911123456
          +44 7911 123456                       ; -      ; +447911123456
          """)
  void shouldCanonicalizeEveryFormOfANumber(String raw, String region, String canonical) {
    // Given
    String defaultRegion = region;

    // When
    String contact = Contacts.canonicalize(raw, defaultRegion);

    // Then
    assertThat(contact).isEqualTo(canonical);
  }

  @ParameterizedTest(name = "[{index}] ''{0}'' in {1} is refused: {2}")
  @CsvSource(
      delimiter = ';',
      nullValues = "-",
      textBlock =
          """
          # raw                 ; region ; message mentions
          -                       ; -      ; empty
          ''                      ; -      ; empty
          '   '                   ; NL     ; empty
          abc                     ; -      ; neither a phone number nor a user id
          +31 6 1234 abc          ; -      ; neither a phone number nor a user id
          us.13491208655302741918 ; -      ; neither a phone number nor a user id
          user.xyz                ; -      ; neither a phone number nor a user id
          USER.4f3a9c             ; -      ; neither a phone number nor a user id
          US.ENT.                 ; -      ; neither a phone number nor a user id
          55829999                ; -      ; not a valid international number
          12                      ; -      ; not a valid international number
          +999 1234567            ; -      ; not a valid phone number
          06 12345678             ; -      ; no default region
          +31 6 1234              ; -      ; not a valid phone number
          +31 6 1234 5678 9       ; -      ; not a valid phone number
          06 12345678             ; XX     ; unknown region XX
          06 1234                 ; NL     ; not a valid phone number of region NL
          whatsapp:               ; -      ; empty
          """)
  void shouldRefuseWhatIsNotAContactWithoutRevealingIt(String raw, String region, String mentions) {
    // Given
    String defaultRegion = region;

    // When
    InvalidContactException failure =
        catchThrowableOfType(
            InvalidContactException.class, () -> Contacts.canonicalize(raw, defaultRegion));

    // Then
    assertThat(failure).isNotNull();
    assertThat(failure.getMessage()).contains(mentions);
    if (raw != null && !raw.isBlank()) {
      String digits = raw.replaceAll("[^0-9]", "");
      assertThat(failure.getMessage()).doesNotContain(raw.strip());
      if (!digits.isEmpty()) {
        assertThat(failure.getMessage().replaceAll("[^0-9]", "")).doesNotContain(digits);
      }
    }
    assertThat(Contacts.tryCanonicalize(raw, defaultRegion)).isNull();
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource({
    "+31201234567, +31201234567",
    "15550783881, +15550783881",
    "whatsapp:+1 555 078 3881, +15550783881",
    "0031 20 123 4567, +31201234567",
    "+31-20-123-4567, +31201234567"
  })
  void shouldCanonicaliseBusinessNumberByShapeOnly(String raw, String expected) {
    // Given a business line, possibly one of Meta's test lines outside any numbering plan
    // When
    String canonical = Contacts.canonicalizeBusinessNumber(raw);
    // Then
    assertThat(canonical).isEqualTo(expected);
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"", "abc", "+0123456789", "12345"})
  void shouldRefuseBusinessNumberOfWrongShape(String raw) {
    // Given
    // When
    // Then
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> Contacts.canonicalizeBusinessNumber(raw))
        .isInstanceOf(InvalidContactException.class);
  }

  @Test
  void shouldKeepABusinessScopedIdOfTheLongestDocumentedLengthAndRefuseALongerOne() {
    // Given Meta's limit: a country code, a dot and up to 128 letters and digits
    String longest = "BR." + "7".repeat(128);
    String tooLong = "BR." + "7".repeat(129);
    // When
    String kept = Contacts.canonicalize(longest, null);
    String refused = Contacts.tryCanonicalize(tooLong, null);
    // Then
    assertThat(kept).isEqualTo(longest);
    assertThat(refused).isNull();
  }

  @Test
  void shouldGiveTheSameContactToBothWhatsAppIdsOfABrazilianMobile() {
    // Given the 12-digit id of an account from before the ninth digit, and the number as written
    String twelveDigits = "558299990001";
    String written = "+55 82 99999-0001";
    // When
    String fromWhatsApp = Contacts.canonicalize(twelveDigits, null);
    String fromCrm = Contacts.canonicalize(written, "BR");
    // Then
    assertThat(fromWhatsApp).isEqualTo(fromCrm).isEqualTo("+5582999990001");
  }

  @Test
  void shouldReadTheSameNationalNumberByItsRegionEachTimeItIsSeen() {
    // Given the same digits, canonicalised before under another region (answers are remembered)
    String dutch = Contacts.canonicalize("0612345678", "NL");
    // When
    String british = Contacts.tryCanonicalize("0612345678", "GB");
    String dutchAgain = Contacts.canonicalize("0612345678", "NL");
    // Then
    assertThat(dutch).isEqualTo("+31612345678").isEqualTo(dutchAgain);
    assertThat(british).isNotEqualTo(dutch);
  }

  @Test
  void shouldRefuseAnInvalidNumberEveryTimeItIsSeen() {
    // Given
    InvalidContactException first =
        catchThrowableOfType(
            InvalidContactException.class, () -> Contacts.canonicalize("+1 555 123 4567", null));
    // When
    InvalidContactException second =
        catchThrowableOfType(
            InvalidContactException.class, () -> Contacts.canonicalize("+1 555 123 4567", null));
    // Then
    assertThat(first).isNotNull();
    assertThat(second).isNotNull().hasMessage(first.getMessage());
  }
}
