package io.wagate.ingress.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wagate.schemas.Json;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** Writes the ingress's responses: JSON bodies for answers and errors, plain text, TwiML. */
public final class Responses {

  /** {@code application/json}. */
  public static final String JSON = "application/json";

  /** {@code text/plain; charset=utf-8}. */
  public static final String TEXT = "text/plain; charset=utf-8";

  /** {@code text/xml; charset=utf-8}, what Twilio expects from a webhook. */
  public static final String XML = "text/xml; charset=utf-8";

  private Responses() {}

  /**
   * Writes an error body {@code {"error": code, "message": message}}.
   *
   * @param response the response
   * @param callback completed when written
   * @param status the HTTP status
   * @param code a stable machine-readable code, e.g. {@code unauthorized}
   * @param message a human-readable explanation without payload data
   */
  public static void error(
      Response response, Callback callback, int status, String code, String message) {
    ObjectNode body = Json.MAPPER.createObjectNode().put("error", code).put("message", message);
    writeJson(response, callback, status, body);
  }

  /**
   * Writes a JSON object.
   *
   * @param response the response
   * @param callback completed when written
   * @param status the HTTP status
   * @param fields the object's fields, in order
   */
  public static void json(Response response, Callback callback, int status, Map<String, ?> fields) {
    // Written straight from the map: a tree in between cost every 200 answer a second pass.
    writeJson(response, callback, status, fields);
  }

  private static void writeJson(Response response, Callback callback, int status, Object body) {
    try {
      write(response, callback, status, JSON, Json.MAPPER.writeValueAsBytes(body));
    } catch (JsonProcessingException e) {
      callback.failed(e);
    }
  }

  /**
   * Writes a body of the given type.
   *
   * @param response the response
   * @param callback completed when written
   * @param status the HTTP status
   * @param contentType the content type
   * @param body the body
   */
  public static void write(
      Response response, Callback callback, int status, String contentType, String body) {
    write(response, callback, status, contentType, body.getBytes(StandardCharsets.UTF_8));
  }

  private static void write(
      Response response, Callback callback, int status, String contentType, byte[] body) {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, (long) body.length);
    response.write(true, ByteBuffer.wrap(body), callback);
  }
}
