package io.wagate.streams.state;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import io.wagate.schemas.events.Category;
import io.wagate.schemas.events.OptInState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A contact's consent as a history (DOMAIN.md §2): for each category the latest expression of the
 * contact's will by the time it was expressed, and the trail of every expression with what captured
 * it. An expression older than the one in force for a category (a CRM replaying last month's
 * checkbox over a STOP) is kept in the trail and changes nothing; a STOP is undone only by an
 * opt-in expressed after it.
 *
 * <p>Mutable, like the {@link Conversation} it belongs to.
 */
@JsonAutoDetect(
    fieldVisibility = JsonAutoDetect.Visibility.ANY,
    getterVisibility = JsonAutoDetect.Visibility.NONE,
    isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public final class ConsentLedger {

  /** How many expressions the trail keeps, newest last; the decisions in force are kept apart. */
  static final int TRAIL_LENGTH = 32;

  /** What a contact said. */
  public enum Will {
    /** Opted in. */
    OPTED_IN,
    /** Opted out. */
    OPTED_OUT,
    /** Declined an opt-in request: no templates until they opt in. */
    DECLINED
  }

  /**
   * The expression in force for one category.
   *
   * @param will what the contact said
   * @param at when they said it
   */
  public record Decision(Will will, Instant at) {}

  /**
   * One expression of the contact's will, as attestation.
   *
   * @param will what they said
   * @param categories the categories it covered; empty means all
   * @param source what captured it ({@code booking-form}, {@code whatsapp-keyword}, …)
   * @param expressedAt when the contact expressed it
   * @param messageId the WhatsApp message that carried it, if any
   * @param reference the CRM's reference of the consent record, if any
   * @param recordedAt when wagate recorded it
   * @param effective whether it was the latest for at least one category when it arrived
   */
  public record Entry(
      Will will,
      List<Category> categories,
      String source,
      Instant expressedAt,
      @Nullable String messageId,
      @Nullable String reference,
      Instant recordedAt,
      boolean effective) {}

  Map<Category, Decision> latest = new EnumMap<>(Category.class);
  List<Entry> trail = new ArrayList<>();

  /**
   * Records an expression and applies it to every category for which it is the latest.
   *
   * @param will what the contact said
   * @param categories the categories it covers; empty means all
   * @param source what captured it
   * @param expressedAt when the contact expressed it
   * @param messageId the message that carried it, if any
   * @param reference the CRM's reference, if any
   * @param recordedAt now
   * @return the categories it now decides; empty when a later expression is in force for all
   */
  public Set<Category> express(
      Will will,
      Set<Category> categories,
      String source,
      Instant expressedAt,
      @Nullable String messageId,
      @Nullable String reference,
      Instant recordedAt) {
    Set<Category> covered = categories.isEmpty() ? EnumSet.copyOf(Category.KNOWN) : categories;
    Set<Category> decided = EnumSet.noneOf(Category.class);
    for (Category category : covered) {
      Decision current = latest.get(category);
      // Equal times: the one that arrived later wins, as a correction would.
      if (current == null || !expressedAt.isBefore(current.at())) {
        latest.put(category, new Decision(will, expressedAt));
        decided.add(category);
      }
    }
    trail.add(
        new Entry(
            will,
            List.copyOf(categories.isEmpty() ? Set.of() : EnumSet.copyOf(categories)),
            source,
            expressedAt,
            messageId,
            reference,
            recordedAt,
            !decided.isEmpty()));
    while (trail.size() > TRAIL_LENGTH) {
      trail.remove(0);
    }
    return decided;
  }

  /** Whether templates of {@code category} may go out on consent alone. */
  public boolean consentsTo(Category category) {
    return is(category, Will.OPTED_IN);
  }

  /** Whether the contact opted out of {@code category}. */
  public boolean optedOutOf(Category category) {
    return is(category, Will.OPTED_OUT);
  }

  /** Whether the contact opted out of every category (free-form texts are refused then too). */
  public boolean optedOutOfAll() {
    return Category.KNOWN.stream().allMatch(this::optedOutOf);
  }

  /** Whether the contact's latest word on {@code category} declines an opt-in request. */
  public boolean declined(Category category) {
    return is(category, Will.DECLINED);
  }

  /** Whether the contact ever expressed anything wagate must remember. */
  public boolean decided() {
    return !latest.isEmpty();
  }

  /** The categories opted out of while not opted out of all; empty after a full opt-out. */
  public List<Category> optedOutCategories() {
    if (optedOutOfAll()) {
      return List.of();
    }
    return Category.KNOWN.stream().filter(this::optedOutOf).toList();
  }

  /** The categories opted in to. */
  public Set<Category> optedInCategories() {
    Set<Category> in = EnumSet.noneOf(Category.class);
    Category.KNOWN.stream().filter(this::consentsTo).forEach(in::add);
    return in;
  }

  /**
   * The consent state as the contract names it.
   *
   * @param requestPending whether an opt-in request awaits the contact's answer
   */
  public OptInState state(boolean requestPending) {
    if (optedOutOfAll()) {
      return OptInState.OPTED_OUT;
    }
    if (Category.KNOWN.stream().anyMatch(this::consentsTo)) {
      return OptInState.OPTED_IN;
    }
    if (Category.KNOWN.stream().anyMatch(this::declined)) {
      return OptInState.DECLINED;
    }
    return requestPending ? OptInState.REQUESTED : OptInState.UNKNOWN;
  }

  /**
   * The expression in force that was expressed last: the attestation of the current state; null
   * when nothing was ever expressed.
   */
  public @Nullable Entry inForce() {
    Decision newest = null;
    for (Decision decision : latest.values()) {
      if (newest == null || decision.at().isAfter(newest.at())) {
        newest = decision;
      }
    }
    if (newest == null) {
      return null;
    }
    for (int i = trail.size() - 1; i >= 0; i--) {
      Entry entry = trail.get(i);
      if (entry.will() == newest.will() && entry.expressedAt().equals(newest.at())) {
        return entry;
      }
    }
    return null;
  }

  /** Every expression recorded, oldest first (at most the last {@value #TRAIL_LENGTH}). */
  public List<Entry> trail() {
    return List.copyOf(trail);
  }

  private boolean is(Category category, Will will) {
    Decision decision = latest.get(category);
    return decision != null && decision.will() == will;
  }
}
