package io.wagate.streams.topology;

/**
 * The names of wagate's state stores. They name changelog topics and the query API's stores, so
 * they never change once released; a test pins them.
 */
public final class StoreNames {

  /** Conversation state, keyed by conversation. */
  public static final String CONVERSATIONS = "conversation-store";

  /** Requests seen, parked and in flight, keyed by request id (in the conversation's task). */
  public static final String REQUESTS = "request-store";

  /** Every request id seen, keyed by request id (in the request id's task): one outcome per id. */
  public static final String REQUEST_IDS = "request-id-store";

  /** Inbound message ids seen, for as long as providers retry a webhook. */
  public static final String INBOUND_IDS = "inbound-id-store";

  /** Provider message ids (wamid…, SM…) of routed messages, to their request ids. */
  public static final String MESSAGE_IDS = "message-id-store";

  /** Wall-clock timers, keyed by due time. */
  public static final String TIMERS = "timer-store";

  /** What wagate learned about each business number, keyed by it (one writer per key). */
  public static final String NUMBER_STATE = "number-state-store";

  /** What wagate learned about each template, keyed {@code name:language} (one writer per key). */
  public static final String TEMPLATE_STATE = "template-state-store";

  /** What wagate learned about each template (global, from {@code wa.template-state}). */
  public static final String TEMPLATE_STATES = "template-state-registry";

  /** Business portfolios and their messaging limits (global, from {@code wa.portfolios}). */
  public static final String PORTFOLIOS = "portfolio-registry";

  /** Contacts each portfolio reached in the moving 24 hours, keyed {@code portfolio|contact}. */
  public static final String LIMIT_CONTACTS = "limit-contact-store";

  /**
   * The same contacts in the order they leave the 24 hours, keyed {@code portfolio|time|contact}.
   */
  public static final String LIMIT_EXPIRIES = "limit-expiry-store";

  /** Each portfolio's count and held requests' sequence, keyed by portfolio. */
  public static final String LIMIT_LEDGERS = "limit-ledger-store";

  /** Templates held for their portfolio, keyed {@code portfolio|sequence}. */
  public static final String LIMIT_HELD = "limit-held-store";

  /** Registered templates (global), keyed {@code name:language}. */
  public static final String TEMPLATES = "template-registry";

  /** Business number settings of the operators (global), keyed by business number. */
  public static final String BUSINESS_NUMBERS = "business-number-registry";

  /** What wagate learned about each business number (global, from {@code wa.number-state}). */
  public static final String NUMBER_STATES = "number-state-registry";

  /** Error catalog overrides (global), keyed by code. */
  public static final String ERROR_CATALOG = "error-catalog-registry";

  private StoreNames() {}
}
