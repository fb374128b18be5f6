package io.wagate.local.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.wagate.local.DemoSecrets;
import io.wagate.schemas.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The demo's HTTP side: signed webhooks to the ingress, as Meta and Twilio send them, and the
 * streams app's query API and both services' metrics.
 */
final class WagateHttp {

  /** The ingress answers only after Kafka acknowledged, within its publish timeout (10 s). */
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String streamsUrl;
  private final String ingressUrl;
  private final String publicBaseUrl;
  private final DemoSecrets secrets;
  private final String senderUrl;

  /** An answer: its status code and body. */
  record Reply(int status, String body) {}

  /**
   * @param streamsUrl the streams app's base URL, e.g. {@code http://127.0.0.1:8081}
   * @param ingressUrl where to reach the ingress, e.g. {@code http://127.0.0.1:8080}
   * @param publicBaseUrl the ingress's {@code WAGATE_PUBLIC_BASE_URL}, which Twilio signs
   * @param secrets the ingress's secrets
   * @param senderUrl the sender's base URL
   */
  WagateHttp(
      String streamsUrl,
      String ingressUrl,
      String publicBaseUrl,
      DemoSecrets secrets,
      String senderUrl) {
    this.streamsUrl = streamsUrl;
    this.ingressUrl = ingressUrl;
    this.publicBaseUrl = publicBaseUrl;
    this.secrets = secrets;
    this.senderUrl = senderUrl;
  }

  /** Posts {@code body} to {@code /webhooks/meta}, signed with the Meta app secret. */
  Reply postMeta(byte[] body) {
    return send(
        HttpRequest.newBuilder(URI.create(ingressUrl + "/webhooks/meta"))
            .header("Content-Type", "application/json")
            .header("X-Hub-Signature-256", WebhookSigning.meta(secrets.metaAppSecret(), body))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
  }

  /** The query API's path for one conversation; {@code +} is a plus in a path. */
  static String conversationPath(String businessNumber, String contact) {
    return "/v1/conversations/" + businessNumber + "/" + contact;
  }

  /** The query API's answer for a conversation, or the failing reply as an exception. */
  JsonNode conversation(String businessNumber, String contact) {
    Reply reply =
        send(
            HttpRequest.newBuilder(
                    URI.create(streamsUrl + conversationPath(businessNumber, contact)))
                .GET());
    if (reply.status() != 200) {
      throw new IllegalStateException(
          "the query API answered " + reply.status() + ": " + reply.body());
    }
    try {
      return Json.MAPPER.readTree(reply.body());
    } catch (IOException e) {
      throw new UncheckedIOException("the query API answered something that is not JSON", e);
    }
  }

  /** An answer of the streams app's query API at {@code pathAndQuery}. */
  Reply query(String pathAndQuery) {
    return send(HttpRequest.newBuilder(URI.create(streamsUrl + pathAndQuery)).GET());
  }

  /** The streams app's {@code /metrics}. */
  Reply streamsMetrics() {
    return send(HttpRequest.newBuilder(URI.create(streamsUrl + "/metrics")).GET());
  }

  /** The ingress's {@code /metrics}. */
  Reply ingressMetrics() {
    return send(HttpRequest.newBuilder(URI.create(ingressUrl + "/metrics")).GET());
  }

  /** The sender's {@code /metrics}. */
  Reply senderMetrics() {
    return send(HttpRequest.newBuilder(URI.create(senderUrl + "/metrics")).GET());
  }

  private Reply send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> response =
          client.send(
              request.timeout(REQUEST_TIMEOUT).build(),
              HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      return new Reply(response.statusCode(), response.body());
    } catch (IOException e) {
      throw new UncheckedIOException("HTTP request failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted during an HTTP request", e);
    }
  }
}
