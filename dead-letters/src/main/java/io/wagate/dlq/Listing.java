package io.wagate.dlq;

import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Writes what {@code dlq list} and {@code dlq replay} print about dead letters. Keys and values
 * (which hold phone numbers, names and bodies) appear only with {@code --show-payloads}; without it
 * a key or value is its size, and error messages go through {@link Redaction}.
 */
public final class Listing {

  private static final int MAX_PAYLOAD_CHARS = 4_096;

  private final PrintWriter out;
  private final boolean showPayloads;

  /**
   * A listing.
   *
   * @param out where it goes
   * @param showPayloads whether keys and values are printed
   */
  public Listing(PrintWriter out, boolean showPayloads) {
    this.out = out;
    this.showPayloads = showPayloads;
  }

  /**
   * The groups of a scan.
   *
   * @param groups the groups
   * @param read how many records the scan read
   */
  public void groups(DeadLetterGroups groups, long read) {
    List<DeadLetterGroups.Group> list = groups.groups();
    long letters = list.stream().mapToLong(DeadLetterGroups.Group::count).sum();
    long replayed = list.stream().mapToLong(DeadLetterGroups.Group::replayed).sum();
    out.printf(
        "wa.dlq: %d dead letters in %d groups, %d of them replayed (%d records read, %d replay"
            + " markers)%n",
        letters, list.size(), replayed, read, groups.markers());
    for (DeadLetterGroups.Group group : list) {
      out.println();
      Origin origin = group.origin();
      out.printf(
          "%s%s  %s%n",
          origin.source(),
          group.target() == null || group.target().equals(origin.source())
              ? ""
              : " -> " + group.target(),
          origin.error());
      out.printf(
          "  count %d, replayed %d, truncated %d, first %s, last %s%n",
          group.count(), group.replayed(), group.truncated(), group.first(), group.last());
      out.printf("  example %s%n", describe(group.example(), origin));
      payloads(group.example().key(), group.example().value(), "  ");
    }
    out.flush();
  }

  /**
   * One line about a dead letter: where it sits and what its headers say, without payload.
   *
   * @param letter the dead letter
   * @param origin its origin
   * @return the description
   */
  public String describe(DeadLetter letter, Origin origin) {
    StringBuilder line = new StringBuilder(letter.position().toString()).append(':');
    if (origin instanceof Origin.Streams streams) {
      if (streams.topic() != null) {
        line.append(" read from ").append(streams.topic());
        if (streams.partition() != null && streams.offset() != null) {
          line.append('-').append(streams.partition()).append('@').append(streams.offset());
        }
        line.append(',');
      }
    } else if (origin instanceof Origin.Webhook webhook) {
      if (webhook.provider() != null) {
        line.append(' ').append(webhook.provider()).append(',');
      }
      if (webhook.receivedAt() != null) {
        line.append(" received ").append(webhook.receivedAt()).append(',');
      }
    }
    line.append(" key ").append(size(letter.key()));
    line.append(", value ").append(size(letter.value()));
    if (letter.truncated()) {
      line.append(" (truncated)");
    }
    String message = message(origin);
    if (message != null) {
      line.append(", message \"")
          .append(showPayloads ? message : Redaction.numbers(message))
          .append('"');
    }
    return line.toString();
  }

  /**
   * Prints a key and a value, only with {@code --show-payloads}.
   *
   * @param key the key bytes, or null
   * @param value the value bytes, or null
   * @param indent the indent of each line
   */
  public void payloads(byte @Nullable [] key, byte @Nullable [] value, String indent) {
    if (!showPayloads) {
      return;
    }
    out.printf("%skey:   %s%n", indent, text(key));
    out.printf("%svalue: %s%n", indent, text(value));
  }

  private static @Nullable String message(Origin origin) {
    if (origin instanceof Origin.Streams streams) {
      return streams.message();
    }
    if (origin instanceof Origin.Webhook webhook) {
      return webhook.message();
    }
    return null;
  }

  private static String size(byte @Nullable [] bytes) {
    return bytes == null ? "null" : bytes.length + " bytes";
  }

  private static String text(byte @Nullable [] bytes) {
    if (bytes == null) {
      return "null";
    }
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString();
    } catch (CharacterCodingException e) {
      text = "base64:" + Base64.getEncoder().encodeToString(bytes);
    }
    text = text.replace("\n", "\\n").replace("\r", "\\r");
    return text.length() > MAX_PAYLOAD_CHARS
        ? text.substring(0, MAX_PAYLOAD_CHARS) + "… (" + bytes.length + " bytes)"
        : text;
  }
}
