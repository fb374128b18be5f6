package io.wagate.local.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.wagate.local.demo.WebhookSigning;
import io.wagate.schemas.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays Meta's Cloud API ({@code POST /{version}/{phone-number-id}/messages}) and Twilio's Messages
 * API ({@code POST /2010-04-01/Accounts/{AccountSid}/Messages.json}) on 127.0.0.1: it accepts every
 * message with the providers' answer bodies, then, when callbacks are on, posts the delivery
 * statuses the real providers would: Meta's {@code sent} and {@code delivered} webhooks with {@code
 * biz_opaque_callback_data}, signed with the app secret, to the ingress; Twilio's {@code sent} and
 * {@code delivered} status callbacks, signed with the auth token, to the {@code StatusCallback} URL
 * the sender gave. {@link #failNext} makes the next message to a contact fail with a provider code
 * instead, as an asynchronous failure does.
 */
public final class ProviderSimulator implements AutoCloseable {

  private static final Logger LOGGER = LoggerFactory.getLogger(ProviderSimulator.class);

  static {
    // The JDK server writes headers and body apart; with Nagle's algorithm each answer then waits
    // for the client's delayed ACK (tens of milliseconds), which capped the benchmark's sends.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  /** Where the delivery webhooks go, and how they are signed. */
  public record Callbacks(String ingressUrl, String metaAppSecret, String twilioAuthToken) {}

  private final HttpServer server;
  private final ExecutorService handlers;
  private final @Nullable Callbacks callbacks;
  private final @Nullable ExecutorService posting;
  private final HttpClient client;
  private final Map<String, Deque<String>> failures = new ConcurrentHashMap<>();
  private final AtomicLong accepted = new AtomicLong();
  private final AtomicLong webhooks = new AtomicLong();

  private ProviderSimulator(HttpServer server, @Nullable Callbacks callbacks) {
    this.server = server;
    this.callbacks = callbacks;
    this.handlers =
        Executors.newFixedThreadPool(
            4,
            runnable -> {
              Thread thread = new Thread(runnable, "provider-simulator");
              thread.setDaemon(true);
              return thread;
            });
    this.posting =
        callbacks == null
            ? null
            : Executors.newSingleThreadExecutor(
                runnable -> {
                  Thread thread = new Thread(runnable, "provider-simulator-webhooks");
                  thread.setDaemon(true);
                  return thread;
                });
    this.client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  }

  /**
   * Starts the simulator on 127.0.0.1.
   *
   * @param port the port; 0 for any free one
   * @param callbacks where to post delivery webhooks, or null to only answer (benchmarks)
   * @return the running simulator
   * @throws IOException when the port cannot be bound
   */
  public static ProviderSimulator start(int port, @Nullable Callbacks callbacks)
      throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 256);
    ProviderSimulator simulator = new ProviderSimulator(server, callbacks);
    server.createContext("/", simulator::handle);
    server.setExecutor(simulator.handlers);
    server.start();
    return simulator;
  }

  /** The simulator's base URL, for {@code WAGATE_SENDER_META_BASE_URL} and the Twilio one. */
  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /**
   * Makes the next message to {@code contact} fail after it was accepted, with {@code code} and no
   * error text, as Twilio reports 63016 and Meta 131047 for a window that closed.
   */
  public void failNext(String contact, String code) {
    failures.computeIfAbsent(contact, key -> new ArrayDeque<>()).addLast(code);
  }

  /** Messages accepted so far. */
  public long accepted() {
    return accepted.get();
  }

  /** Delivery webhooks posted so far. */
  public long webhooksPosted() {
    return webhooks.get();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      byte[] body = exchange.getRequestBody().readAllBytes();
      if (!"POST".equals(exchange.getRequestMethod())) {
        respond(exchange, 405, "{}");
      } else if (path.matches("/v[0-9.]+/[^/]+/messages")) {
        meta(exchange, path.split("/")[2], body);
      } else if (path.matches("/2010-04-01/Accounts/[^/]+/Messages.json")) {
        twilio(exchange, path.split("/")[3], body);
      } else {
        respond(exchange, 404, "{\"error\":\"not_found\"}");
      }
    }
  }

  // ------------------------------------------------------------------ Meta

  private void meta(HttpExchange exchange, String phoneNumberId, byte[] body) throws IOException {
    JsonNode request = Json.MAPPER.readTree(body);
    String to = request.path("to").asText(request.path("recipient").asText(""));
    String wamid = "wamid.SIM" + HexFormat.of().formatHex(randomBytes(16));
    ObjectNode answer = Json.MAPPER.createObjectNode();
    answer.put("messaging_product", "whatsapp");
    ObjectNode contact = answer.putArray("contacts").addObject();
    contact.put("input", to);
    contact.put("wa_id", to.startsWith("+") ? to.substring(1) : to);
    ObjectNode message = answer.putArray("messages").addObject();
    message.put("id", wamid);
    message.put("message_status", "accepted");
    respond(exchange, 200, Json.MAPPER.writeValueAsString(answer));
    accepted.incrementAndGet();
    if (callbacks != null) {
      String requestId = request.path("biz_opaque_callback_data").asText(null);
      String failure = nextFailure("+" + (to.startsWith("+") ? to.substring(1) : to));
      post(() -> metaStatuses(phoneNumberId, to, wamid, requestId, failure));
    }
  }

  private void metaStatuses(
      String phoneNumberId,
      String to,
      String wamid,
      @Nullable String requestId,
      @Nullable String failure) {
    if (failure != null) {
      postMeta(metaStatus(phoneNumberId, to, wamid, requestId, "failed", failure));
      return;
    }
    postMeta(metaStatus(phoneNumberId, to, wamid, requestId, "sent", null));
    postMeta(metaStatus(phoneNumberId, to, wamid, requestId, "delivered", null));
  }

  private static byte[] metaStatus(
      String phoneNumberId,
      String to,
      String wamid,
      @Nullable String requestId,
      String status,
      @Nullable String errorCode) {
    ObjectNode body = Json.MAPPER.createObjectNode();
    body.put("object", "whatsapp_business_account");
    ObjectNode entry = body.putArray("entry").addObject();
    entry.put("id", "102290129340398");
    ObjectNode change = entry.putArray("changes").addObject();
    change.put("field", "messages");
    ObjectNode value = change.putObject("value");
    value.put("messaging_product", "whatsapp");
    ObjectNode metadata = value.putObject("metadata");
    metadata.put("display_phone_number", "31201234567");
    metadata.put("phone_number_id", phoneNumberId);
    ObjectNode update = value.putArray("statuses").addObject();
    update.put("id", wamid);
    update.put("status", status);
    update.put("timestamp", Long.toString(Instant.now().getEpochSecond()));
    update.put("recipient_id", to.startsWith("+") ? to.substring(1) : to);
    if (requestId != null) {
      update.put("biz_opaque_callback_data", requestId);
    }
    if (errorCode != null) {
      ArrayNode errors = update.putArray("errors");
      ObjectNode error = errors.addObject();
      error.put("code", Integer.parseInt(errorCode));
      error.put("title", "");
    }
    return bytes(body);
  }

  private void postMeta(byte[] body) {
    Callbacks target = callbacks;
    if (target == null) {
      return;
    }
    send(
        HttpRequest.newBuilder(URI.create(target.ingressUrl() + "/webhooks/meta"))
            .header("Content-Type", "application/json")
            .header("X-Hub-Signature-256", WebhookSigning.meta(target.metaAppSecret(), body))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
  }

  // ------------------------------------------------------------------ Twilio

  private void twilio(HttpExchange exchange, String accountSid, byte[] body) throws IOException {
    Map<String, String> form = form(new String(body, StandardCharsets.UTF_8));
    String sid = "SM" + HexFormat.of().formatHex(randomBytes(16));
    ObjectNode answer = Json.MAPPER.createObjectNode();
    answer.put("account_sid", accountSid);
    answer.put("api_version", "2010-04-01");
    answer.put("body", form.getOrDefault("Body", ""));
    answer.putNull("date_sent");
    answer.put("direction", "outbound-api");
    answer.putNull("error_code");
    answer.putNull("error_message");
    answer.put("from", form.getOrDefault("From", ""));
    answer.putNull("messaging_service_sid");
    answer.put("num_media", "0");
    answer.put("num_segments", "1");
    answer.put("sid", sid);
    answer.put("status", "queued");
    answer.put("to", form.getOrDefault("To", ""));
    answer.put("uri", "/2010-04-01/Accounts/" + accountSid + "/Messages/" + sid + ".json");
    respond(exchange, 201, Json.MAPPER.writeValueAsString(answer));
    accepted.incrementAndGet();
    String callbackUrl = form.get("StatusCallback");
    if (callbacks != null && callbackUrl != null) {
      String to = form.getOrDefault("To", "");
      String failure = nextFailure(to.startsWith("whatsapp:") ? to.substring(9) : to);
      post(() -> twilioStatuses(callbackUrl, accountSid, sid, form, failure));
    }
  }

  private void twilioStatuses(
      String url,
      String accountSid,
      String sid,
      Map<String, String> form,
      @Nullable String failure) {
    if (failure != null) {
      postTwilio(url, twilioStatus(accountSid, sid, form, "failed", failure));
      return;
    }
    postTwilio(url, twilioStatus(accountSid, sid, form, "sent", null));
    postTwilio(url, twilioStatus(accountSid, sid, form, "delivered", null));
  }

  private static Map<String, String> twilioStatus(
      String accountSid,
      String sid,
      Map<String, String> form,
      String status,
      @Nullable String errorCode) {
    Map<String, String> parameters = new LinkedHashMap<>();
    parameters.put("AccountSid", accountSid);
    parameters.put("ApiVersion", "2010-04-01");
    parameters.put("ChannelPrefix", "whatsapp");
    parameters.put("From", form.getOrDefault("From", ""));
    parameters.put("MessageSid", sid);
    parameters.put("MessageStatus", status);
    parameters.put("SmsSid", sid);
    parameters.put("SmsStatus", status);
    parameters.put("To", form.getOrDefault("To", ""));
    if (errorCode != null) {
      // Twilio often leaves the text empty: the error catalog writes the note.
      parameters.put("ErrorCode", errorCode);
      parameters.put("ErrorMessage", "");
    }
    return parameters;
  }

  private void postTwilio(String url, Map<String, String> parameters) {
    Callbacks target = callbacks;
    if (target == null) {
      return;
    }
    String form =
        parameters.entrySet().stream()
            .map(
                parameter ->
                    URLEncoder.encode(parameter.getKey(), StandardCharsets.UTF_8)
                        + "="
                        + URLEncoder.encode(parameter.getValue(), StandardCharsets.UTF_8))
            .collect(Collectors.joining("&"));
    send(
        HttpRequest.newBuilder(URI.create(url))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header(
                "X-Twilio-Signature",
                WebhookSigning.twilio(target.twilioAuthToken(), url, parameters))
            .POST(HttpRequest.BodyPublishers.ofString(form, StandardCharsets.UTF_8)));
  }

  // ------------------------------------------------------------------ common

  private @Nullable String nextFailure(String contact) {
    Deque<String> queue = failures.get(contact);
    if (queue == null) {
      return null;
    }
    synchronized (queue) {
      return queue.pollFirst();
    }
  }

  /** Posts after the answer went out, as providers do, one webhook after the other. */
  private void post(Runnable webhooks) {
    ExecutorService executor = posting;
    if (executor != null) {
      executor.execute(webhooks);
    }
  }

  private void send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> response =
          client.send(
              request.timeout(Duration.ofSeconds(30)).build(),
              HttpResponse.BodyHandlers.ofString());
      webhooks.incrementAndGet();
      if (response.statusCode() != 200) {
        LOGGER.warn("The ingress answered a simulated webhook with {}", response.statusCode());
      }
    } catch (IOException e) {
      LOGGER.warn("A simulated webhook could not be posted: {}", e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static Map<String, String> form(String body) {
    Map<String, String> form = new LinkedHashMap<>();
    for (String pair : body.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int equals = pair.indexOf('=');
      String name = equals < 0 ? pair : pair.substring(0, equals);
      String value = equals < 0 ? "" : pair.substring(equals + 1);
      form.put(
          URLDecoder.decode(name, StandardCharsets.UTF_8),
          URLDecoder.decode(value, StandardCharsets.UTF_8));
    }
    return form;
  }

  private static void respond(HttpExchange exchange, int status, String json) throws IOException {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static byte[] randomBytes(int count) {
    byte[] bytes = new byte[count];
    ThreadLocalRandom.current().nextBytes(bytes);
    return bytes;
  }

  private static byte[] bytes(JsonNode node) {
    try {
      return Json.MAPPER.writeValueAsBytes(node);
    } catch (IOException e) {
      throw new IllegalStateException("a JSON tree cannot fail to serialise", e);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    handlers.shutdownNow();
    if (posting != null) {
      posting.shutdown();
    }
  }
}
