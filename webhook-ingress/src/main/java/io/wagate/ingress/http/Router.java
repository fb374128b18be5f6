package io.wagate.ingress.http;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** Dispatches on exact path and method; 404 and 405 answers carry a JSON error body. */
public final class Router extends Handler.Abstract {

  private final Map<String, Map<String, Request.Handler>> routes;

  private Router(Map<String, Map<String, Request.Handler>> routes) {
    this.routes = routes;
  }

  /** A router without routes; add them with {@link Builder#route}. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    Map<String, Request.Handler> byMethod = routes.get(Request.getPathInContext(request));
    if (byMethod == null) {
      Responses.error(response, callback, 404, "not_found", "no such endpoint");
      return true;
    }
    Request.Handler handler = byMethod.get(request.getMethod());
    if (handler == null) {
      response
          .getHeaders()
          .put(HttpHeader.ALLOW, String.join(", ", new TreeSet<>(byMethod.keySet())));
      Responses.error(
          response,
          callback,
          405,
          "method_not_allowed",
          request.getMethod() + " is not allowed here");
      return true;
    }
    return handler.handle(request, response, callback);
  }

  /** Collects routes. */
  public static final class Builder {
    private final Map<String, Map<String, Request.Handler>> routes = new LinkedHashMap<>();

    private Builder() {}

    /**
     * Routes {@code method path} to {@code handler}.
     *
     * @param method the HTTP method
     * @param path the exact path
     * @param handler the handler
     * @return this builder
     */
    public Builder route(String method, String path, Request.Handler handler) {
      routes.computeIfAbsent(path, ignored -> new LinkedHashMap<>()).put(method, handler);
      return this;
    }

    /** The router. */
    public Router build() {
      Map<String, Map<String, Request.Handler>> copy = new LinkedHashMap<>();
      routes.forEach((path, byMethod) -> copy.put(path, Map.copyOf(byMethod)));
      return new Router(Map.copyOf(copy));
    }
  }
}
