package io.wagate.streams.topology;

import io.wagate.schemas.Topics;
import io.wagate.schemas.events.AccountEvent;
import io.wagate.schemas.events.TemplateDefinition;
import io.wagate.streams.policy.AccountEventPolicy;
import io.wagate.streams.reference.NumberAction;
import io.wagate.streams.reference.TemplateAction;
import io.wagate.streams.state.StoreFormat;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Turns each account-level webhook into what it tells about numbers, accounts and templates, each
 * keyed by what it is about (the number, {@code waba:<id>}, {@code name:language}), on its way to
 * the one task that keeps that key's learned state. An event that says nothing wagate decides on
 * yields nothing; one that cannot be decoded goes to {@code wa.dlq}.
 */
public final class AccountEventInputs extends ContextualProcessor<byte[], byte[], String, Output> {

  @Override
  public void process(Record<byte[], byte[]> record) {
    AccountEvent event =
        Topics.ACCOUNT_EVENTS
            .valueSerde()
            .deserializer()
            .deserialize(Topics.ACCOUNT_EVENTS.name(), record.value());
    if (event == null || event.field() == null || event.occurredAt() == null) {
      throw new InvalidRecordException("account event lacks its field or time");
    }
    for (NumberAction action : AccountEventPolicy.numberActions(event)) {
      context()
          .forward(
              record
                  .withKey(action.businessNumber())
                  .withValue(
                      new Output(
                          Output.NUMBER_ACTIONS,
                          StoreFormat.serde(NumberAction.class)
                              .serialize(Output.NUMBER_ACTIONS, action))));
    }
    TemplateAction template = AccountEventPolicy.templateAction(event);
    if (template != null) {
      context()
          .forward(
              record
                  .withKey(TemplateDefinition.key(template.name(), template.language()))
                  .withValue(
                      new Output(
                          Output.TEMPLATE_ACTIONS,
                          StoreFormat.serde(TemplateAction.class)
                              .serialize(Output.TEMPLATE_ACTIONS, template))));
    }
  }
}
