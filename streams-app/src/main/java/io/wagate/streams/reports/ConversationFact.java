package io.wagate.streams.reports;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.wagate.schemas.events.Category;
import io.wagate.schemas.events.OptInState;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** What the reports learn about one conversation; keyed by conversation key. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "fact")
@JsonSubTypes({
  @JsonSubTypes.Type(value = ConversationFact.Sent.class, name = "sent"),
  @JsonSubTypes.Type(value = ConversationFact.Received.class, name = "received"),
  @JsonSubTypes.Type(value = ConversationFact.ConsentSeen.class, name = "consent")
})
public sealed interface ConversationFact extends ReportUpdate {

  /**
   * wagate routed a message to the contact, for the first time (retries and records delivered again
   * never come here).
   *
   * @param businessNumber the line it is sent from
   * @param agentId the CRM user whose request it is
   * @param campaignId the campaign it belongs to
   * @param at when wagate routed it
   */
  record Sent(
      String businessNumber, @Nullable String agentId, @Nullable String campaignId, Instant at)
      implements ConversationFact {}

  /**
   * The contact wrote a message ({@code wa.inbound}).
   *
   * @param businessNumber the line it was written to
   * @param messageId the provider's message id, by which a webhook delivered twice counts once
   * @param at the provider's time
   */
  record Received(String businessNumber, @Nullable String messageId, Instant at)
      implements ConversationFact {}

  /**
   * The contact's consent as wagate recorded it ({@code wa.sessions}).
   *
   * @param optIn the consent state
   * @param optedOutCategories the categories opted out of while not opted out of all
   * @param at when wagate wrote the state
   */
  record ConsentSeen(OptInState optIn, List<Category> optedOutCategories, Instant at)
      implements ConversationFact {

    public ConsentSeen {
      optedOutCategories = List.copyOf(optedOutCategories);
    }
  }
}
