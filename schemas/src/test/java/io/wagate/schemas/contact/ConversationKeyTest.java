package io.wagate.schemas.contact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.node.TextNode;
import io.wagate.schemas.JsonSchemas;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class ConversationKeyTest {

  private static final String SCHEMA = "conversation-key.schema.json";

  @Test
  void shouldWriteTheBusinessNumberAPipeAndTheContact() {
    // Given
    ConversationKey key = new ConversationKey("+31201234567", "+31612345678");

    // When
    String written = key.toString();

    // Then
    assertThat(written).isEqualTo("+31201234567|+31612345678");
  }

  @ParameterizedTest(name = "[{index}] {0} in {1}")
  @CsvSource(
      delimiter = ';',
      nullValues = "-",
      textBlock =
          """
          06 12345678                       ; NL
          whatsapp:+5215512345678           ; -
          +54 11 2345 6789                  ; -
          US.13491208655302741918           ; -
          """)
  void shouldWriteKeysOfCanonicalContactsThatTheSchemaAccepts(String raw, String region) {
    // Given
    String contact = Contacts.canonicalize(raw, region);

    // When
    String key = new ConversationKey("+31201234567", contact).toString();

    // Then
    assertThat(JsonSchemas.validate(SCHEMA, TextNode.valueOf(key))).isEmpty();
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(strings = {"+31201234567|+31612345678", "+31201234567|US.13491208655302741918"})
  void shouldParseWhatItWrote(String written) {
    // Given
    String key = written;

    // When
    ConversationKey parsed = ConversationKey.parse(key);

    // Then
    assertThat(parsed.toString()).isEqualTo(written);
    assertThat(parsed.businessNumber()).isEqualTo("+31201234567");
    assertThat(parsed.contact()).isEqualTo(written.substring(written.indexOf('|') + 1));
  }

  @ParameterizedTest(name = "[{index}] ''{0}''")
  @NullAndEmptySource
  @ValueSource(
      strings = {
        "+31201234567",
        "|+31612345678",
        "+31201234567|",
        "|",
        "+31201234567|+31612345678|+31612345679",
        "+31201234567+31612345678"
      })
  void shouldRefuseWhatIsNotAConversationKeyWithoutRepeatingIt(String key) {
    // Given
    String malformed = key;

    // When
    IllegalArgumentException failure =
        catchThrowableOfType(
            IllegalArgumentException.class, () -> ConversationKey.parse(malformed));

    // Then
    assertThat(failure).isNotNull();
    assertThat(failure.getMessage()).isEqualTo("not a conversation key");
  }

  @Test
  void shouldRefuseAKeyWithoutAContact() {
    // Given
    String businessNumber = "+31201234567";

    // When
    NullPointerException failure =
        catchThrowableOfType(
            NullPointerException.class, () -> new ConversationKey(businessNumber, null));

    // Then
    assertThat(failure).hasMessage("contact");
  }
}
