package io.wagate.streams.reports;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.wagate.schemas.events.LifecycleState;
import io.wagate.schemas.events.Purpose;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** What the reports learn about one request from wagate's topics; keyed by request id. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "fact")
@JsonSubTypes({
  @JsonSubTypes.Type(value = RequestFact.Requested.class, name = "requested"),
  @JsonSubTypes.Type(value = RequestFact.Routed.class, name = "routed"),
  @JsonSubTypes.Type(value = RequestFact.StatusChanged.class, name = "status")
})
public sealed interface RequestFact {

  /**
   * A CRM asked for it ({@code wa.send.requests}), for a campaign.
   *
   * @param campaignId the campaign it names
   */
  record Requested(String campaignId) implements RequestFact {}

  /**
   * wagate routed it to a sender ({@code wa.send.template}, {@code wa.send.freeform}): a first
   * send, a retry, or a record delivered again.
   *
   * @param conversationKey its conversation
   * @param businessNumber the line it is sent from
   * @param agentId the CRM user, for requests that name one
   * @param campaignId the campaign, for requests that name one
   * @param purpose why it is sent
   * @param routedAt when wagate routed it
   */
  record Routed(
      String conversationKey,
      String businessNumber,
      @Nullable String agentId,
      @Nullable String campaignId,
      Purpose purpose,
      Instant routedAt)
      implements RequestFact {}

  /**
   * A step of its lifecycle ({@code wa.status}).
   *
   * @param state the state wagate recorded
   * @param reason the rejection reason, or why it expired or failed
   * @param code the rejection's or failure's code
   */
  record StatusChanged(LifecycleState state, @Nullable String reason, @Nullable String code)
      implements RequestFact {}
}
