package io.wagate.streams.topology;

/**
 * The names of wagate's state stores. They name changelog topics and the query API's stores, so
 * they never change once released; a test pins them.
 */
public final class StoreNames {

  /** Conversation state, keyed by conversation. */
  public static final String CONVERSATIONS = "conversation-store";

  /** Requests seen, parked and in flight, keyed by request id. */
  public static final String REQUESTS = "request-store";

  /** Wall-clock timers, keyed by due time. */
  public static final String TIMERS = "timer-store";

  /** Registered templates (global), keyed {@code name:language}. */
  public static final String TEMPLATES = "template-registry";

  /** Business number settings (global), keyed by business number. */
  public static final String BUSINESS_NUMBERS = "business-number-registry";

  /** Error catalog overrides (global), keyed by code. */
  public static final String ERROR_CATALOG = "error-catalog-registry";

  private StoreNames() {}
}
