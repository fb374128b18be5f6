package io.wagate.dlq;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class ListingTest {

  private static final String CONTACT = "31698765432";
  private static final String BODY =
      "{\"entry\":[{\"changes\":[{\"value\":{\"messages\":[{\"from\":\"" + CONTACT + "\"}]}}]}]}";

  @Test
  void shouldPrintNoKeyValueOrNumberWithoutShowPayloads() {
    // Given
    DeadLetter letter =
        DeadLetter.of(
            new Position(0, 7),
            Letters.AT,
            ("+31201234567|+" + CONTACT).getBytes(java.nio.charset.StandardCharsets.UTF_8),
            BODY.getBytes(java.nio.charset.StandardCharsets.UTF_8),
            List.of(
                new String[] {"wagate.error.reason", "unparseable-payload"},
                new String[] {
                  "wagate.error.message",
                  "entry[0].changes[0].value.messages[0].from is not a contact: +" + CONTACT
                },
                new String[] {"wagate.error.source", "POST /webhooks/meta"}));

    // When
    String printed = list(letter, false);

    // Then
    assertThat(printed)
        .contains("POST /webhooks/meta  unparseable-payload")
        .contains("count 1, replayed 0, truncated 0")
        .contains("example wa.dlq-0@7:")
        .contains("value " + BODY.length() + " bytes")
        .contains("is not a contact: •••")
        .doesNotContain(CONTACT);
  }

  @Test
  void shouldPrintKeyAndValueWithShowPayloads() {
    // Given
    DeadLetter letter =
        Letters.streams(new Position(1, 3), "wa.send.requests", "crm-7f3a", Letters.REQUEST);

    // When
    String printed = list(letter, true);

    // Then
    assertThat(printed)
        .contains("wa.send.requests  java.lang.IllegalArgumentException")
        .contains("read from wa.send.requests-1@42")
        .contains("key:   crm-7f3a")
        .contains("value: " + Letters.REQUEST);
  }

  @Test
  void shouldShowWhereARepartitionedDeadLetterGoesBack() {
    // Given
    DeadLetter letter =
        Letters.streams(
            new Position(1, 3), "wagate-consent-by-conversation-repartition", "k", "{}");

    // When
    String printed = list(letter, false);

    // Then
    assertThat(printed)
        .contains("wagate-consent-by-conversation-repartition -> wa.consent  java.lang.");
  }

  private static String list(DeadLetter letter, boolean showPayloads) {
    DeadLetterGroups groups = new DeadLetterGroups();
    groups.add(letter, Origin.of(letter), true);
    StringWriter text = new StringWriter();
    new Listing(new PrintWriter(text), showPayloads).groups(groups, 1);
    return text.toString();
  }
}
