package io.wagate.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A lean HTTP/1.1 load generator: one thread, one NIO selector, a pool of keep-alive connections
 * with one request in flight on each, and requests built as bytes in advance.
 *
 * <p>Why not {@code java.net.http.HttpClient}: its per-request CPU cost (a request object, header
 * validation, several futures, a hand-off from its selector thread to an executor per response)
 * saturated a core of the two-core benchmark machine before the bare handler it was meant to
 * measure did, so the "baseline" measured the client; and its connection pool is unbounded, so
 * under overload it opened connections until the process ran out of file descriptors. Here a
 * request costs a buffer duplicate and a write, and a response a read and a scan of its head.
 *
 * <p>What it understands of a response is what the ingress and the bench's bare handler send: a
 * status line, a {@code Content-Length} body (a chunked response is refused as a protocol error),
 * and {@code Connection: close}, after which the connection is closed, counted and replaced by a
 * new one on demand. A non-200 answer, an I/O error or no answer within 30 s fails the request: it
 * is counted, not timed. Not thread-safe: one benchmark thread drives it.
 */
final class HttpLoad implements AutoCloseable {

  private static final Logger LOGGER = LoggerFactory.getLogger(HttpLoad.class);
  private static final int BUFFER_BYTES = 16 * 1024;
  private static final long REQUEST_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(30);
  private static final long DRAIN_NANOS = TimeUnit.SECONDS.toNanos(60);
  private static final long MAX_SELECT_MILLIS = 100;

  private final InetSocketAddress address;
  private final ByteBuffer[] requests;
  private final int maxConnections;
  private final Selector selector;
  private final ArrayDeque<Connection> idle = new ArrayDeque<>();
  private final List<Connection> all = new ArrayList<>();
  private int next;
  private int inFlight;
  private long failures;
  private long closes;
  private long expiredAt;
  private Listener listener = (slot, intended, ok, now) -> {};

  /**
   * A generator against one server.
   *
   * @param address the server
   * @param requests complete requests (head and body), sent in turn; see {@link #post}
   * @param maxConnections the most connections it opens
   * @throws IOException when the selector cannot be opened
   */
  HttpLoad(InetSocketAddress address, List<byte[]> requests, int maxConnections)
      throws IOException {
    this.address = address;
    this.requests = new ByteBuffer[requests.size()];
    for (int i = 0; i < requests.size(); i++) {
      this.requests[i] = ByteBuffer.wrap(requests.get(i)).asReadOnlyBuffer();
    }
    this.maxConnections = maxConnections;
    this.selector = Selector.open();
  }

  /**
   * The bytes of an HTTP/1.1 POST with a {@code Content-Length} body.
   *
   * @param address the server, for the {@code Host} header
   * @param path the request target
   * @param headers further headers, in order
   * @param body the body
   * @return head and body
   */
  static byte[] post(
      InetSocketAddress address, String path, Map<String, String> headers, byte[] body) {
    StringBuilder head = new StringBuilder(256);
    head.append("POST ").append(path).append(" HTTP/1.1\r\n");
    head.append("Host: ")
        .append(address.getHostString())
        .append(':')
        .append(address.getPort())
        .append("\r\n");
    headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
    head.append("Content-Length: ").append(body.length).append("\r\n\r\n");
    byte[] headBytes = head.toString().getBytes(StandardCharsets.ISO_8859_1);
    byte[] request = Arrays.copyOf(headBytes, headBytes.length + body.length);
    System.arraycopy(body, 0, request, headBytes.length, body.length);
    return request;
  }

  /** Requests that failed so far (non-200 or I/O error), in every run. */
  long failures() {
    return failures;
  }

  /** Connections the server closed so far ({@code Connection: close} or end of stream). */
  long closes() {
    return closes;
  }

  /**
   * The closed loop: {@code concurrency} connections, each sending its next request as soon as the
   * previous answer arrived, for {@code seconds}.
   *
   * @return successful responses per second within the run
   * @throws IOException when the selector fails
   */
  double closedLoop(int concurrency, int seconds) throws IOException {
    if (concurrency > maxConnections) {
      throw new IllegalArgumentException(concurrency + " in flight over " + maxConnections);
    }
    long start = System.nanoTime();
    long end = start + TimeUnit.SECONDS.toNanos(seconds);
    long[] done = new long[1];
    listener =
        (slot, intended, ok, now) -> {
          if (ok && now <= end) {
            done[0]++;
          }
          if (now < end) {
            dispatch(now, -1);
          }
        };
    for (int i = 0; i < concurrency; i++) {
      dispatch(start, -1);
    }
    while (inFlight > 0) {
      long now = System.nanoTime();
      deadline(now, end);
      poll(Math.max(end - now, TimeUnit.MILLISECONDS.toNanos(1)));
    }
    return done[0] / ((end - start) / 1e9);
  }

  /**
   * The open loop: {@code rate × seconds} requests at fixed intended send times, each timed from
   * its intended send time to the end of its response, so a late send or a wait for a free
   * connection counts against the server (no coordinated omission). While every connection is busy,
   * due requests queue in order.
   *
   * @return each request's latency in nanoseconds by its index, or -1 where it failed
   * @throws IOException when the selector fails
   */
  long[] openLoop(int rate, int seconds) throws IOException {
    int count = rate * seconds;
    double period = 1e9 / rate;
    long[] latencies = new long[count];
    long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20);
    listener = (slot, intended, ok, now) -> latencies[slot] = ok ? now - intended : -1;
    int sent = 0;
    int due = 0;
    while (sent < count || inFlight > 0) {
      long now = System.nanoTime();
      deadline(now, start + TimeUnit.SECONDS.toNanos(seconds));
      while (due < count && intended(start, period, due) <= now) {
        due++;
      }
      while (sent < due && dispatch(intended(start, period, sent), sent)) {
        sent++;
      }
      // Queued requests wait for a connection to free up; otherwise wait for the next send time.
      poll(sent < due || sent == count ? Long.MAX_VALUE : intended(start, period, sent) - now);
    }
    return latencies;
  }

  private static long intended(long start, double period, int i) {
    return start + (long) (i * period);
  }

  private void deadline(long now, long end) throws IOException {
    expire(now);
    if (now - end > DRAIN_NANOS) {
      throw new IllegalStateException(
          inFlight + " requests to " + address + " unanswered 60 s after the run");
    }
  }

  /** Fails requests unanswered for too long (checked once a second), saying what they lack. */
  private void expire(long now) throws IOException {
    if (now - expiredAt < TimeUnit.SECONDS.toNanos(1)) {
      return;
    }
    expiredAt = now;
    for (Connection connection : new ArrayList<>(all)) {
      if (connection.busy && now - connection.sentAt > REQUEST_TIMEOUT_NANOS) {
        LOGGER.warn(
            "No answer from {} within 30 s: {} request bytes unsent, {} response bytes read, {}",
            address,
            connection.out.remaining(),
            connection.in.position(),
            connection.channel.isConnected() ? "connected" : "not connected");
        connection.fail();
      }
    }
  }

  /**
   * Sends the next request on an idle connection, or on a new one while there are fewer than the
   * maximum.
   *
   * @return false when every connection is busy
   */
  private boolean dispatch(long intended, int slot) throws IOException {
    Connection connection = idle.pollFirst();
    if (connection == null) {
      if (all.size() >= maxConnections) {
        return false;
      }
      connection = new Connection();
    }
    inFlight++;
    connection.send(requests[next].duplicate(), intended, slot);
    next = (next + 1) % requests.length;
    return true;
  }

  /** Handles what is ready, waiting at most {@code nanos} (to about a millisecond) for it. */
  private void poll(long nanos) throws IOException {
    if (nanos >= TimeUnit.MILLISECONDS.toNanos(1)) {
      selector.select(
          this::ready, Math.min(MAX_SELECT_MILLIS, TimeUnit.NANOSECONDS.toMillis(nanos)));
    } else if (selector.selectNow(this::ready) == 0 && nanos > 0) {
      // The selector's timeout has millisecond steps; below one, sleep to the send time.
      LockSupport.parkNanos(nanos);
    }
  }

  private void ready(SelectionKey key) {
    ((Connection) key.attachment()).ready(key);
  }

  private void completed(Connection connection, boolean ok) throws IOException {
    inFlight--;
    if (!ok) {
      failures++;
    }
    listener.completed(connection.slot, connection.intended, ok, System.nanoTime());
  }

  @Override
  public void close() throws IOException {
    for (Connection connection : new ArrayList<>(all)) {
      connection.channel.close();
    }
    selector.close();
  }

  /** What a run does when a request is answered or failed. */
  private interface Listener {
    void completed(int slot, long intended, boolean ok, long now) throws IOException;
  }

  /** One keep-alive connection with at most one request in flight. */
  private final class Connection {
    private final SocketChannel channel;
    private final SelectionKey key;
    private final ByteBuffer in = ByteBuffer.allocate(BUFFER_BYTES);
    private ByteBuffer out = ByteBuffer.allocate(0);
    private boolean busy;
    private long sentAt;
    private long intended;
    private int slot;
    private int bodyStart = -1;
    private int contentLength;
    private int status;
    private boolean closeAfter;

    Connection() throws IOException {
      channel = SocketChannel.open();
      channel.configureBlocking(false);
      channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
      boolean connected = channel.connect(address);
      key = channel.register(selector, connected ? SelectionKey.OP_READ : SelectionKey.OP_CONNECT);
      key.attach(this);
      all.add(this);
    }

    void send(ByteBuffer request, long intended, int slot) throws IOException {
      this.busy = true;
      this.sentAt = System.nanoTime();
      this.out = request;
      this.intended = intended;
      this.slot = slot;
      if (channel.isConnected()) {
        write();
      }
    }

    private void write() throws IOException {
      try {
        channel.write(out);
      } catch (IOException e) {
        fail();
        return;
      }
      key.interestOps(
          out.hasRemaining() ? SelectionKey.OP_READ | SelectionKey.OP_WRITE : SelectionKey.OP_READ);
    }

    void ready(SelectionKey selected) {
      try {
        if (!selected.isValid()) {
          return;
        }
        if (selected.isConnectable()) {
          boolean connected;
          try {
            connected = channel.finishConnect();
          } catch (IOException e) {
            fail();
            return;
          }
          if (connected) {
            write();
          }
          return;
        }
        if (selected.isWritable()) {
          write();
        }
        if (selected.isValid() && selected.isReadable()) {
          read();
        }
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }

    private void read() throws IOException {
      int n;
      try {
        n = channel.read(in);
      } catch (IOException e) {
        fail();
        return;
      }
      if (!busy) {
        // Idle: the server closed it (e.g. its idle timeout), or sent bytes nobody asked for.
        if (n < 0) {
          discard();
          closes++;
        } else {
          fail();
        }
        return;
      }
      if (n < 0) {
        fail();
        return;
      }
      if (bodyStart < 0 && !parseHead()) {
        if (!in.hasRemaining()) {
          fail();
        }
        return;
      }
      if (contentLength < 0) {
        // No Content-Length, e.g. chunked: not sent by the servers measured here.
        fail();
        return;
      }
      int end = bodyStart + contentLength;
      if (in.position() < end) {
        return;
      }
      if (in.position() > end) {
        fail();
        return;
      }
      boolean ok = status == 200;
      in.clear();
      bodyStart = -1;
      busy = false;
      if (closeAfter) {
        discard();
        closes++;
      } else {
        idle.addFirst(this);
      }
      completed(this, ok);
    }

    /**
     * Finds the end of the head and reads the status, Content-Length (-1 when absent or with a
     * Transfer-Encoding) and Connection from it.
     *
     * @return false while the head is incomplete
     */
    private boolean parseHead() {
      byte[] bytes = in.array();
      int limit = in.position();
      int headEnd = -1;
      for (int i = 3; i < limit; i++) {
        if (bytes[i] == '\n'
            && bytes[i - 1] == '\r'
            && bytes[i - 2] == '\n'
            && bytes[i - 3] == '\r') {
          headEnd = i - 3;
          break;
        }
      }
      if (headEnd < 0) {
        return false;
      }
      String head = new String(bytes, 0, headEnd, StandardCharsets.ISO_8859_1);
      status = head.startsWith("HTTP/1.1 ") && head.length() >= 12 ? parse(head, 9, 12) : -1;
      contentLength = -1;
      closeAfter = false;
      boolean chunked = false;
      int line = head.indexOf("\r\n");
      while (line >= 0) {
        int from = line + 2;
        line = head.indexOf("\r\n", from);
        int to = line < 0 ? head.length() : line;
        if (head.regionMatches(true, from, "Content-Length:", 0, 15)) {
          contentLength = parse(head, from + 15, to);
        } else if (head.regionMatches(true, from, "Connection:", 0, 11)) {
          closeAfter = head.substring(from + 11, to).trim().equalsIgnoreCase("close");
        } else if (head.regionMatches(true, from, "Transfer-Encoding:", 0, 18)) {
          chunked = true;
        }
      }
      if (chunked) {
        contentLength = -1;
      }
      bodyStart = headEnd + 4;
      return true;
    }

    private static int parse(String text, int from, int to) {
      try {
        return Integer.parseInt(text.substring(from, to).trim());
      } catch (NumberFormatException e) {
        return -1;
      }
    }

    /** The request in flight failed: count it, drop the connection, let the run go on. */
    private void fail() throws IOException {
      boolean wasBusy = busy;
      busy = false;
      discard();
      if (wasBusy) {
        completed(this, false);
      } else {
        failures++;
      }
    }

    /**
     * Closes it and forgets it, also as an idle one: a closed connection left in the idle pool
     * would take a request that then waits for a connect that never comes.
     */
    private void discard() throws IOException {
      idle.remove(this);
      key.cancel();
      channel.close();
      all.remove(this);
    }
  }
}
