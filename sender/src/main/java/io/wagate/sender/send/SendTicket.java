package io.wagate.sender.send;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Whether a message's send may still be called off. While it waits (for its pacing or a retry) it
 * may: nothing of it is at the provider. While an HTTP exchange is under way it may not: its answer
 * must be recorded, or the next owner of the partition would send it again.
 */
public final class SendTicket {

  private static final int WAITING = 0;
  private static final int AT_PROVIDER = 1;
  private static final int CANCELLED = 2;

  private final AtomicInteger state = new AtomicInteger(WAITING);

  /** Called before an HTTP exchange; false when the send was called off, so nothing is sent. */
  boolean beginExchange() {
    return state.compareAndSet(WAITING, AT_PROVIDER);
  }

  /** Called when an HTTP exchange ended, with or without an answer. */
  void endExchange() {
    state.compareAndSet(AT_PROVIDER, WAITING);
  }

  /** Calls the send off unless an HTTP exchange is under way; true when it is now called off. */
  public boolean cancelIfWaiting() {
    return state.compareAndSet(WAITING, CANCELLED) || state.get() == CANCELLED;
  }

  /** Whether the send was called off. */
  public boolean cancelled() {
    return state.get() == CANCELLED;
  }

  /** Whether an HTTP exchange is under way. */
  public boolean atProvider() {
    return state.get() == AT_PROVIDER;
  }
}
