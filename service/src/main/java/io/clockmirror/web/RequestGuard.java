package io.clockmirror.web;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/**
 * The first route every request meets: it puts the security headers on the response, so that every
 * answer carries them whichever handler writes it, and turns away request targets that are not
 * valid URIs before any route tries to decode them.
 */
@Singleton
final class RequestGuard {

  /** Ahead of the framework's own routes (body limit, metrics) and of every feature route. */
  static final int ORDER = Integer.MIN_VALUE;

  void register(@Observes Router router) {
    router.route().order(ORDER).handler(RequestGuard::handle).failureHandler(RequestGuard::failed);
  }

  static void handle(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    SecurityHeaders.apply(ctx.response().headers(), request.path());
    String target = request.uri();
    int invalid = RequestTarget.firstInvalid(target);
    if (invalid >= 0) {
      Problems.send(ctx, 400, RequestTarget.describe(target, invalid));
      return;
    }
    ctx.next();
  }

  /**
   * The router fails some requests before the first route runs (a target that is not a path, such
   * as {@code *}); the headers go on those too, then the error handlers take over.
   */
  static void failed(RoutingContext ctx) {
    SecurityHeaders.apply(ctx.response().headers(), ctx.request().path());
    ctx.next();
  }
}
