package io.wagate.ingress;

import static org.assertj.core.api.Assertions.assertThat;

import io.wagate.ingress.config.IngressConfig;
import io.wagate.schemas.config.Environment;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The ingress in this JVM on a real broker, with test secrets, and the signed posts a provider
 * would make to it. Signed with {@link Signing}, written apart from the ingress's verifiers.
 */
public final class RunningIngress implements AutoCloseable {

  /** The Meta app secret of the test ingress. */
  public static final String APP_SECRET = "it-app-secret";

  /** The Twilio auth token of the test ingress. */
  public static final String AUTH_TOKEN = "it-auth-token";

  /** The public URL Twilio signatures are computed over. */
  public static final String PUBLIC_BASE_URL = "https://hooks.example.com";

  private static final HttpClient CLIENT =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private final IngressService service;

  private RunningIngress(IngressService service) {
    this.service = service;
  }

  /**
   * Starts an ingress on {@code bootstrapServers} and waits until it is ready.
   *
   * @param bootstrapServers the broker, whose contract topics exist
   * @return the running ingress
   * @throws Exception when it does not start or become ready within a minute
   */
  public static RunningIngress start(String bootstrapServers) throws Exception {
    RunningIngress ingress =
        new RunningIngress(
            IngressService.start(
                IngressConfig.from(
                    Environment.of(
                        Map.of(
                            "KAFKA_BOOTSTRAP_SERVERS",
                            bootstrapServers,
                            "WAGATE_INGRESS_HOST",
                            "127.0.0.1",
                            "WAGATE_INGRESS_PORT",
                            "0",
                            "WAGATE_META_APP_SECRET",
                            APP_SECRET,
                            "WAGATE_META_VERIFY_TOKEN",
                            "it-verify-token",
                            "WAGATE_TWILIO_AUTH_TOKEN",
                            AUTH_TOKEN,
                            "WAGATE_PUBLIC_BASE_URL",
                            PUBLIC_BASE_URL,
                            "WAGATE_INGRESS_READINESS_INTERVAL",
                            "PT1S")))));
    ingress.awaitReady();
    return ingress;
  }

  /**
   * Posts a Meta webhook body, signed with the app secret.
   *
   * @param body the raw body
   * @return the answer
   * @throws Exception when the request fails
   */
  public HttpResponse<String> postMeta(byte[] body) throws Exception {
    return CLIENT.send(
        request("/webhooks/meta")
            .header("Content-Type", "application/json")
            .header("X-Hub-Signature-256", Signing.meta(APP_SECRET, body))
            .POST(BodyPublishers.ofByteArray(body))
            .build(),
        BodyHandlers.ofString());
  }

  /**
   * Posts a Twilio form, signed with the auth token over the public URL, path and query.
   *
   * @param pathAndQuery e.g. {@code /webhooks/twilio/status?requestId=crm-1}
   * @param params the form parameters, in posting order
   * @return the answer
   * @throws Exception when the request fails
   */
  public HttpResponse<String> postTwilio(
      String pathAndQuery, List<Map.Entry<String, String>> params) throws Exception {
    Map<String, String> byName = new java.util.HashMap<>();
    params.forEach(param -> byName.put(param.getKey(), param.getValue()));
    return CLIENT.send(
        request(pathAndQuery)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header(
                "X-Twilio-Signature",
                Signing.twilio(AUTH_TOKEN, PUBLIC_BASE_URL + pathAndQuery, byName))
            .POST(BodyPublishers.ofString(Signing.form(params)))
            .build(),
        BodyHandlers.ofString());
  }

  private HttpRequest.Builder request(String pathAndQuery) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.port() + pathAndQuery))
        .timeout(Duration.ofSeconds(30));
  }

  private void awaitReady() throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      HttpResponse<String> ready =
          CLIENT.send(request("/health/ready").GET().build(), BodyHandlers.ofString());
      if (ready.statusCode() == 200) {
        return;
      }
      assertThat(System.nanoTime()).as("ready in time: " + ready.body()).isLessThan(deadline);
      Thread.onSpinWait();
    }
  }

  @Override
  public void close() {
    service.close();
  }
}
