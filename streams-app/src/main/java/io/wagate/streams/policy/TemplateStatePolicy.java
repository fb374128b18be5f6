package io.wagate.streams.policy;

import io.wagate.schemas.events.TemplateDefinition;
import io.wagate.schemas.events.TemplateState;
import io.wagate.schemas.events.TemplateStatus;
import io.wagate.streams.reference.TemplateAction;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * How Meta's template webhooks change what wagate knows of a template, and how that combines with
 * the operator's registration. Each part keeps the latest word by the time it was said. Pure.
 */
public final class TemplateStatePolicy {

  private TemplateStatePolicy() {}

  /**
   * The state after {@code action}; the same instance when nothing changed.
   *
   * @param state the state so far
   * @param action what a webhook said
   * @param now when wagate learned it
   */
  public static TemplateState apply(TemplateState state, TemplateAction action, Instant now) {
    Instant at = action.occurredAt();
    TemplateStatus status = state.status();
    Instant statusAt = state.statusAt();
    String reason = state.reason();
    var category = state.category();
    Instant categoryAt = state.categoryAt();
    String quality = state.quality();
    boolean changed = false;
    if (action.status() != null && notBefore(at, statusAt)) {
      changed |= action.status() != status || !at.equals(statusAt);
      status = action.status();
      statusAt = at;
      reason = action.reason();
    }
    if (action.category() != null && notBefore(at, categoryAt)) {
      changed |= action.category() != category || !at.equals(categoryAt);
      category = action.category();
      categoryAt = at;
    }
    if (action.quality() != null && !action.quality().equals(quality)) {
      changed = true;
      quality = action.quality();
    }
    String templateId = action.templateId() != null ? action.templateId() : state.templateId();
    changed |= templateId != null && !templateId.equals(state.templateId());
    if (!changed) {
      return state;
    }
    return new TemplateState(
        state.name(),
        state.language(),
        templateId,
        status,
        statusAt,
        reason,
        category,
        categoryAt,
        quality,
        now);
  }

  /**
   * The template as routing sees it: the operator's registration, with the status and category Meta
   * announced after it; a template only Meta spoke of is known by what Meta said (its body and
   * parameter count unknown, so unchecked).
   *
   * @param operator the registration on {@code wa.templates}, stamped with its time, or null
   * @param learned what wagate learned from webhooks, or null
   * @return the template, or null when neither knows it
   */
  public static @Nullable TemplateDefinition combine(
      @Nullable TemplateDefinition operator, @Nullable TemplateState learned) {
    if (learned == null) {
      return operator;
    }
    if (operator == null) {
      return new TemplateDefinition(
          learned.name(),
          learned.language(),
          learned.category(),
          learned.status() == null ? TemplateStatus.APPROVED : learned.status(),
          null,
          null,
          learned.statusAt());
    }
    Instant registered = operator.updatedAt();
    boolean statusNewer = learned.status() != null && saidAfter(learned.statusAt(), registered);
    boolean categoryNewer =
        learned.category() != null && saidAfter(learned.categoryAt(), registered);
    if (!statusNewer && !categoryNewer) {
      return operator;
    }
    return new TemplateDefinition(
        operator.name(),
        operator.language(),
        categoryNewer ? learned.category() : operator.category(),
        statusNewer ? learned.status() : operator.status(),
        operator.bodyParameterCount(),
        operator.body(),
        registered);
  }

  private static boolean notBefore(Instant candidate, @Nullable Instant current) {
    return current == null || !candidate.isBefore(current);
  }

  private static boolean saidAfter(@Nullable Instant learned, @Nullable Instant registered) {
    return learned != null && (registered == null || learned.isAfter(registered));
  }
}
