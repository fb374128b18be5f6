package io.wagate.local.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.wagate.schemas.contact.Contacts;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DemoContactTest {

  @Test
  void shouldPickCanonicalDutchMobileNumbersThatDifferFromRunToRun() {
    // Given
    Random random = new Random(42);
    Set<String> numbers = new HashSet<>();

    // When
    for (int i = 0; i < 200; i++) {
      numbers.add(DemoContact.random(random, "p-1", "Anna", "Jansen").number());
    }

    // Then
    assertThat(numbers).hasSizeGreaterThan(195);
    assertThat(numbers)
        .allSatisfy(
            number -> {
              assertThat(number).matches("\\+316[1-5]\\d{7}");
              assertThat(Contacts.canonicalize(number, null)).isEqualTo(number);
            });
  }

  @Test
  void shouldWriteTheNationalFormatThatCanonicalisesBackWithRegionNl() {
    // Given
    DemoContact contact = DemoContact.random(new Random(7), "p-1", "Anna", "Jansen");

    // When
    String national = contact.nationalFormat();

    // Then
    assertThat(national).matches("06 \\d{4} \\d{4}");
    assertThat(Contacts.canonicalize(national, "NL")).isEqualTo(contact.number());
  }

  @Test
  void shouldNameThePersonByFirstAndLastName() {
    // Given
    DemoContact contact = DemoContact.random(new Random(1), "p-ben", "Ben", "Bakker");

    // When
    String name = contact.fullName();

    // Then
    assertThat(name).isEqualTo("Ben Bakker");
    assertThat(contact.person().id()).isEqualTo("p-ben");
    assertThat(contact.profileName()).isEqualTo("Ben");
  }
}
