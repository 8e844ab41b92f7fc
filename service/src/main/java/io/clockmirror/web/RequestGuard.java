package io.clockmirror.web;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The first route every request meets: it puts the security headers on the response, so that every
 * answer carries them whichever handler writes it, turns away request targets that are not valid
 * URIs before any route tries to decode them, answers a declared body over the limit, and sends
 * HEAD through the routes as GET.
 */
@Singleton
final class RequestGuard {

  /** Ahead of the framework's own routes (body limit, metrics) and of every feature route. */
  static final int ORDER = Integer.MIN_VALUE;

  /** More digits than this are over any limit a long can hold. */
  private static final int MAX_LENGTH_DIGITS = 18;

  private final long maxBodySize;
  private final ResponseTiming timing;

  RequestGuard(
      @ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBodySize,
      ResponseTiming timing) {
    this.maxBodySize = maxBodySize.asLongValue();
    this.timing = timing;
  }

  void register(@Observes Router router) {
    router.route().order(ORDER).handler(this::handle).failureHandler(this::failed);
  }

  void handle(RoutingContext ctx) {
    long start = timing.start();
    HttpServerRequest request = ctx.request();
    SecurityHeaders.apply(ctx.response().headers(), request.path());
    String target = request.uri();
    int invalid = RequestTarget.firstInvalid(target);
    if (invalid >= 0) {
      Problems.send(ctx, 400, RequestTarget.describe(target, invalid));
      timing.answered(ctx, start);
      return;
    }
    String declared = request.headers().get(HttpHeaders.CONTENT_LENGTH);
    if (declared != null && tooLarge(declared)) {
      bodyTooLarge(ctx, declared);
      timing.answered(ctx, start);
      return;
    }
    // A target that is not a path (such as "%3D") routes to no GET route, and reroute refuses it.
    if (request.method() == HttpMethod.HEAD && target.charAt(0) == '/') {
      // RFC 9110 9.3.2: HEAD is GET without the body. Every GET route then answers it with GET's
      // status and headers (framework routes included), and the server, which knows the request
      // was HEAD, sends no body.
      // The rerouted pass is the one that is timed.
      ctx.reroute(HttpMethod.GET, target);
      return;
    }
    timing.watch(ctx, start);
    ctx.next();
  }

  /** A Content-Length that is not plain digits is left to the framework, which rejects it. */
  private boolean tooLarge(String declared) {
    if (declared.isEmpty()) {
      return false;
    }
    for (int i = 0; i < declared.length(); i++) {
      char c = declared.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return declared.length() > MAX_LENGTH_DIGITS || Long.parseLong(declared) > maxBodySize;
  }

  /**
   * The framework's own limit answers with an empty body; this one says what the limit is. The body
   * is not read, so the connection cannot carry another request and is closed.
   */
  private void bodyTooLarge(RoutingContext ctx, String declared) {
    ctx.response()
        .putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE)
        .endHandler(ended -> ctx.request().connection().close());
    Problems.send(
        ctx,
        413,
        "The request declares a body of "
            + Problems.quote(declared)
            + " bytes: at most "
            + maxBodySize
            + " are accepted");
  }

  /**
   * The router fails some requests before the first route runs (a target that is not a path, such
   * as {@code *}); the headers go on those too, then the error handlers take over.
   */
  void failed(RoutingContext ctx) {
    SecurityHeaders.apply(ctx.response().headers(), ctx.request().path());
    timing.watchFailure(ctx);
    ctx.next();
  }
}
