package io.wagate.streams.processor;

import io.wagate.schemas.Topics;
import io.wagate.schemas.events.NumberState;
import io.wagate.streams.policy.NumberStatePolicy;
import io.wagate.streams.reference.NumberAction;
import io.wagate.streams.state.StoreFormat;
import io.wagate.streams.topology.Output;
import io.wagate.streams.topology.StoreNames;
import java.time.Instant;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps what wagate learned about each business number. It is the only writer of a number's {@code
 * wa.number-state} record, and it writes every record whole from its own store, so the compacted
 * topic's latest record of a number is always complete and never a stale copy.
 */
public final class NumberStateProcessor
    extends ContextualProcessor<String, byte[], String, Output> {

  private KeyValueStore<String, NumberState> states;

  @Override
  public void init(ProcessorContext<String, Output> context) {
    super.init(context);
    states = context.getStateStore(StoreNames.NUMBER_STATE);
  }

  @Override
  public void process(Record<String, byte[]> record) {
    NumberAction action =
        StoreFormat.serde(NumberAction.class).deserialize(Output.NUMBER_ACTIONS, record.value());
    Instant now =
        Instant.ofEpochMilli(Math.max(record.timestamp(), context().currentSystemTimeMs()));
    NumberState state = states.get(action.businessNumber());
    NumberState before = state == null ? NumberState.unknown(action.businessNumber(), now) : state;
    NumberState after = NumberStatePolicy.apply(before, action, now);
    if (after == before) {
      return;
    }
    states.put(action.businessNumber(), after);
    context()
        .forward(
            new Record<>(
                action.businessNumber(),
                Output.to(Topics.NUMBER_STATE, after),
                now.toEpochMilli()));
  }
}
