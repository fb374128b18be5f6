package io.wagate.ingress.meta;

import static io.wagate.ingress.meta.MetaJson.optionalArray;
import static io.wagate.ingress.meta.MetaJson.text;

import com.fasterxml.jackson.databind.JsonNode;
import io.wagate.ingress.UnparseablePayloadException;
import io.wagate.schemas.contact.Contacts;
import io.wagate.schemas.contact.InvalidContactException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Who a message, status or preference of a Meta change is about. A user may come with a phone
 * number ({@code from}, {@code recipient_id}, {@code wa_id}), a business-scoped user id ({@code
 * from_user_id}, {@code recipient_user_id}, {@code user_id}) or both, on the item itself or in the
 * change's {@code contacts[]}. The phone number, when any part of the change carries it, is the
 * contact, so a user who starts using a username keeps the conversation their number had; the user
 * id goes along as {@code userId}, linking the two. A user without a number is keyed by the user
 * id, verbatim.
 */
final class Identities {

  /**
   * Who it is.
   *
   * @param contact the canonical phone number, or the business-scoped user id
   * @param userId the business-scoped user id, verbatim, when the change carries one
   */
  record Identity(String contact, @Nullable String userId) {}

  /** A {@code contacts[]} entry. */
  private record Profile(
      @Nullable String waId,
      @Nullable String phone,
      @Nullable String userId,
      @Nullable String name) {}

  private final List<Profile> profiles;

  private Identities(List<Profile> profiles) {
    this.profiles = profiles;
  }

  /** The {@code contacts[]} of a change's value. */
  static Identities of(MetaChange change) throws UnparseablePayloadException {
    List<Profile> profiles = new ArrayList<>();
    for (JsonNode contact : optionalArray(change.value(), "contacts", change.at("contacts"))) {
      String waId = text(contact, "wa_id");
      profiles.add(
          new Profile(
              waId,
              waId == null ? null : Contacts.tryCanonicalize(waId, null),
              text(contact, "user_id"),
              text(contact.path("profile"), "name")));
    }
    return new Identities(profiles);
  }

  /**
   * Who {@code item} is about.
   *
   * @param item a message, status or preference
   * @param phoneField the item's phone field, e.g. {@code from}
   * @param userIdField the item's user id field, e.g. {@code from_user_id}
   * @param at the item's place in the body
   * @return the identity
   * @throws UnparseablePayloadException when neither is there, or the one keyed by is not a contact
   */
  Identity resolve(JsonNode item, String phoneField, String userIdField, String at)
      throws UnparseablePayloadException {
    String phone = text(item, phoneField);
    String phoneAt = at + "." + phoneField;
    String userId = text(item, userIdField);
    if (phone == null && userId != null) {
      for (Profile profile : profiles) {
        if (userId.equals(profile.userId()) && profile.waId() != null) {
          phone = profile.waId();
          phoneAt = "the contacts[] wa_id of " + at + "." + userIdField;
          break;
        }
      }
    }
    String contact;
    if (phone != null) {
      contact = canonical(phone, phoneAt);
    } else if (userId != null) {
      contact = canonical(userId, at + "." + userIdField);
    } else {
      throw new UnparseablePayloadException(
          at + " has neither " + phoneField + " nor " + userIdField);
    }
    if (userId == null) {
      for (Profile profile : profiles) {
        if (contact.equals(profile.phone()) && profile.userId() != null) {
          userId = profile.userId();
          break;
        }
      }
    }
    return new Identity(contact, userId);
  }

  /** The profile name of the {@code contacts[]} entry that is {@code identity}, or null. */
  @Nullable String profileName(Identity identity) {
    for (Profile profile : profiles) {
      if (identity.contact().equals(profile.phone())
          || (profile.userId() != null && profile.userId().equals(identity.userId()))) {
        return profile.name();
      }
    }
    return null;
  }

  private static String canonical(String raw, String at) throws UnparseablePayloadException {
    try {
      return Contacts.canonicalize(raw, null);
    } catch (InvalidContactException e) {
      throw new UnparseablePayloadException(at + " is not a contact: " + e.getMessage(), e);
    }
  }
}
