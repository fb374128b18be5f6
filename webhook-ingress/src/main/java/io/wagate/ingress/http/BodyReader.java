package io.wagate.ingress.http;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;

/**
 * Reads a request body asynchronously, chunk by chunk as the client sends it, and stops as soon as
 * it exceeds the limit: an oversize body is refused while it is being read, never buffered whole.
 */
final class BodyReader implements Runnable {

  private final Request request;
  private final int maxBytes;
  private final ByteArrayOutputStream body;
  private final CompletableFuture<byte[]> result = new CompletableFuture<>();

  private BodyReader(Request request, int maxBytes) {
    this.request = request;
    this.maxBytes = maxBytes;
    long length = request.getLength();
    this.body = new ByteArrayOutputStream(length > 0 && length <= maxBytes ? (int) length : 1024);
  }

  /**
   * Reads the body of {@code request}.
   *
   * @param request the request
   * @param maxBytes the largest body accepted
   * @return the body; fails with {@link BodyTooLargeException} past the limit, or with the read
   *     failure (e.g. the idle timeout)
   */
  static CompletableFuture<byte[]> read(Request request, int maxBytes) {
    BodyReader reader = new BodyReader(request, maxBytes);
    reader.run();
    return reader.result;
  }

  /** Reads what is available, then asks Jetty to call again when more arrives. */
  @Override
  public void run() {
    while (true) {
      Content.Chunk chunk = request.read();
      if (chunk == null) {
        request.demand(this);
        return;
      }
      if (Content.Chunk.isFailure(chunk)) {
        result.completeExceptionally(chunk.getFailure());
        return;
      }
      ByteBuffer buffer = chunk.getByteBuffer();
      int size = buffer.remaining();
      if (body.size() + (long) size > maxBytes) {
        chunk.release();
        result.completeExceptionally(new BodyTooLargeException(maxBytes));
        return;
      }
      byte[] bytes = new byte[size];
      buffer.get(bytes);
      body.write(bytes, 0, size);
      boolean last = chunk.isLast();
      chunk.release();
      if (last) {
        result.complete(body.toByteArray());
        return;
      }
    }
  }

  /** A body over the configured limit. */
  static final class BodyTooLargeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BodyTooLargeException(int maxBytes) {
      super("request body exceeds " + maxBytes + " bytes");
    }
  }
}
