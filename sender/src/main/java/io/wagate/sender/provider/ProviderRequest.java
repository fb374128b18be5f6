package io.wagate.sender.provider;

import java.net.URI;
import java.util.Map;

/**
 * One HTTP request to a provider, built before it is sent so that it can be checked without one.
 *
 * @param uri where it goes
 * @param headers its headers, the credentials among them
 * @param contentType the body's type
 * @param body the body
 */
public record ProviderRequest(
    URI uri, Map<String, String> headers, String contentType, byte[] body) {

  /** Copies the headers. */
  public ProviderRequest {
    headers = Map.copyOf(headers);
  }

  /** Never prints a header: they carry the credentials. */
  @Override
  public String toString() {
    return "ProviderRequest[POST " + uri.getPath() + ", " + body.length + " bytes]";
  }
}
