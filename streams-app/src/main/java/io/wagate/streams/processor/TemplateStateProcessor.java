package io.wagate.streams.processor;

import io.wagate.schemas.Topics;
import io.wagate.schemas.events.TemplateState;
import io.wagate.streams.policy.TemplateStatePolicy;
import io.wagate.streams.reference.TemplateAction;
import io.wagate.streams.state.StoreFormat;
import io.wagate.streams.topology.Output;
import io.wagate.streams.topology.StoreNames;
import java.time.Instant;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps what Meta's webhooks said about each template. It is the only writer of a template's {@code
 * wa.template-state} record and writes every record whole from its own store, so after compaction
 * the topic still holds each template's latest status, category and quality; the operator's
 * registration on {@code wa.templates}, with body and parameter count, is never touched.
 */
public final class TemplateStateProcessor
    extends ContextualProcessor<String, byte[], String, Output> {

  private KeyValueStore<String, TemplateState> states;

  @Override
  public void init(ProcessorContext<String, Output> context) {
    super.init(context);
    states = context.getStateStore(StoreNames.TEMPLATE_STATE);
  }

  @Override
  public void process(Record<String, byte[]> record) {
    TemplateAction action =
        StoreFormat.serde(TemplateAction.class)
            .deserialize(Output.TEMPLATE_ACTIONS, record.value());
    Instant now =
        Instant.ofEpochMilli(Math.max(record.timestamp(), context().currentSystemTimeMs()));
    TemplateState stored = states.get(record.key());
    TemplateState before =
        stored == null ? TemplateState.unknown(action.name(), action.language(), now) : stored;
    TemplateState after = TemplateStatePolicy.apply(before, action, now);
    if (after == before && stored != null) {
      return;
    }
    states.put(record.key(), after);
    context()
        .forward(
            new Record<>(
                record.key(), Output.to(Topics.TEMPLATE_STATE, after), now.toEpochMilli()));
  }
}
