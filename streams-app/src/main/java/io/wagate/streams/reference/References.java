package io.wagate.streams.reference;

import io.wagate.schemas.events.BusinessNumberConfig;
import io.wagate.schemas.events.ErrorCatalogEntry;
import io.wagate.schemas.events.NumberState;
import io.wagate.schemas.events.Portfolio;
import io.wagate.schemas.events.TemplateContent;
import io.wagate.schemas.events.TemplateDefinition;
import io.wagate.schemas.events.TemplateState;
import io.wagate.streams.policy.TemplateStatePolicy;
import io.wagate.streams.topology.StoreNames;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.jspecify.annotations.Nullable;

/**
 * The reference data every decision may consult, read from the global stores that every instance
 * builds from the compacted reference topics: what operators set and what wagate learned, combined.
 */
public final class References {

  private final ReadOnlyKeyValueStore<String, TemplateDefinition> templates;
  private final ReadOnlyKeyValueStore<String, TemplateState> templateStates;
  private final ReadOnlyKeyValueStore<String, BusinessNumberConfig> numbers;
  private final ReadOnlyKeyValueStore<String, NumberState> numberStates;
  private final ReadOnlyKeyValueStore<String, Portfolio> portfolios;
  private final ReadOnlyKeyValueStore<String, ErrorCatalogEntry> catalog;

  /** The global stores of {@code context}'s topology. */
  public static References of(ProcessorContext<?, ?> context) {
    return new References(
        context.getStateStore(StoreNames.TEMPLATES),
        context.getStateStore(StoreNames.TEMPLATE_STATES),
        context.getStateStore(StoreNames.BUSINESS_NUMBERS),
        context.getStateStore(StoreNames.NUMBER_STATES),
        context.getStateStore(StoreNames.PORTFOLIOS),
        context.getStateStore(StoreNames.ERROR_CATALOG));
  }

  public References(
      ReadOnlyKeyValueStore<String, TemplateDefinition> templates,
      ReadOnlyKeyValueStore<String, TemplateState> templateStates,
      ReadOnlyKeyValueStore<String, BusinessNumberConfig> numbers,
      ReadOnlyKeyValueStore<String, NumberState> numberStates,
      ReadOnlyKeyValueStore<String, Portfolio> portfolios,
      ReadOnlyKeyValueStore<String, ErrorCatalogEntry> catalog) {
    this.templates = templates;
    this.templateStates = templateStates;
    this.numbers = numbers;
    this.numberStates = numberStates;
    this.portfolios = portfolios;
    this.catalog = catalog;
  }

  /** The business number as routing sees it; the defaults of an unregistered line if unknown. */
  public BusinessNumber number(String businessNumber) {
    BusinessNumberConfig operator = numbers.get(businessNumber);
    NumberState line = numberStates.get(businessNumber);
    String wabaId =
        operator != null && operator.wabaId() != null
            ? operator.wabaId()
            : line == null ? null : line.wabaId();
    NumberState account = wabaId == null ? null : numberStates.get(NumberState.wabaKey(wabaId));
    return BusinessNumber.of(businessNumber, operator, line, account);
  }

  /** The registered or learned template a request names, or null. */
  public @Nullable TemplateDefinition template(@Nullable TemplateContent template) {
    if (template == null || template.name() == null || template.language() == null) {
      return null;
    }
    String key = TemplateDefinition.key(template.name(), template.language());
    return TemplateStatePolicy.combine(templates.get(key), templateStates.get(key));
  }

  /** The operator's settings of portfolio {@code portfolioId}, or null. */
  public @Nullable Portfolio portfolio(String portfolioId) {
    return portfolios.get(portfolioId);
  }

  /** An operator's override of the catalog entry of {@code code}, or null. */
  public @Nullable ErrorCatalogEntry catalogOverride(String code) {
    return catalog.get(code);
  }
}
