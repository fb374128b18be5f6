package io.wagate.ingress.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.wagate.ingress.corpus.WebhookCorpus.Case;
import io.wagate.ingress.publish.WebhookRecord;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every body of the corpus maps to exactly the records of its expected file, field by field, each
 * stamped with the receive time; the corpus covers what issue 12 asks for, and says where every
 * body came from.
 */
class WebhookCorpusTest {

  private static final Instant RECEIVED = Instant.parse("2026-11-22T10:00:00.123Z");

  /** What issue 12 requires the corpus to cover. */
  private static final Set<String> REQUIRED =
      Set.of(
          "message:text",
          "message:image",
          "message:audio",
          "message:video",
          "message:document",
          "message:sticker",
          "message:location",
          "message:contacts",
          "message:interactive:button_reply",
          "message:interactive:list_reply",
          "message:button",
          "message:reaction",
          "message:order",
          "message:system",
          "message:system:user_changed_number",
          "message:unsupported",
          "message:errors",
          "status:sent",
          "status:delivered",
          "status:read",
          "status:failed",
          "status:pricing",
          "user_preferences:stop",
          "user_preferences:resume",
          "user_preferences:signup",
          "account:phone_number_quality_update",
          "account:account_update",
          "account:business_capability_update",
          "account:message_template_quality_update",
          "account:message_template_status_update",
          "account:template_category_update",
          "account:calls",
          "account:smb_message_echoes",
          "brazil:12-digit",
          "bsuid:linked",
          "bsuid:only",
          "twilio:inbound:text",
          "twilio:inbound:media",
          "twilio:inbound:location",
          "twilio:inbound:quick-reply",
          "twilio:status:sent",
          "twilio:status:delivered",
          "twilio:status:read",
          "twilio:status:failed",
          "twilio:status:undelivered");

  static Stream<Case> cases() {
    return WebhookCorpus.cases().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void shouldMapTheBodyToExactlyTheExpectedRecords(Case webhook) throws Exception {
    // Given
    List<JsonNode> expected = webhook.expectedRecords(RECEIVED);

    // When
    List<WebhookRecord<?, ?>> records = webhook.map(RECEIVED);

    // Then
    assertThat(records).allSatisfy(r -> assertThat(r.timestamp()).isEqualTo(RECEIVED));
    assertThat(records.stream().map(WebhookCorpus::asJson).toList())
        .containsExactlyElementsOf(expected);
  }

  @Test
  void shouldCoverEveryMessageTypeStatusAndAccountFieldTheIssueNames() {
    // Given
    Set<String> covered =
        WebhookCorpus.cases().stream()
            .flatMap(webhook -> webhook.covers().stream())
            .collect(Collectors.toCollection(TreeSet::new));

    // When
    Set<String> missing = new TreeSet<>(REQUIRED);
    missing.removeAll(covered);

    // Then
    assertThat(missing).isEmpty();
  }

  @Test
  void shouldNameTheSourceOfEveryBodyAndListEveryFileOfTheCorpus()
      throws IOException, URISyntaxException {
    // Given
    Path directory = Path.of(WebhookCorpusTest.class.getResource("/corpus/").toURI());
    Set<String> files;
    try (Stream<Path> walk = Files.walk(directory)) {
      files =
          walk.filter(Files::isRegularFile)
              .map(path -> directory.relativize(path).toString().replace('\\', '/'))
              .filter(name -> !name.equals("manifest.json"))
              .collect(Collectors.toCollection(TreeSet::new));
    }

    // When
    Set<String> listed = new TreeSet<>();
    for (Case webhook : WebhookCorpus.cases()) {
      listed.add(webhook.body());
      listed.add(webhook.expected());
    }

    // Then
    assertThat(files).isEqualTo(listed);
    assertThat(WebhookCorpus.cases())
        .allSatisfy(
            webhook -> {
              assertThat(webhook.source()).as(webhook.name()).startsWith("http");
              assertThat(webhook.personalData()).as(webhook.name()).isNotBlank();
              assertThat(webhook.covers()).as(webhook.name()).isNotEmpty();
            });
    assertThat(WebhookCorpus.cases()).extracting(Case::name).doesNotHaveDuplicates();
  }
}
