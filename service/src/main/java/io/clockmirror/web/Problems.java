package io.clockmirror.web;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/** Writes problem+json responses; the only place that turns an error into a response body. */
public final class Problems {

  /** Longest request text quoted back in a detail; longer values are cut and marked. */
  static final int MAX_QUOTED_LENGTH = 64;

  private static final CharSequence PROBLEM_JSON = HttpHeaders.createOptimized(Problem.MEDIA_TYPE);

  private Problems() {}

  /** Ends the exchange with the given status and detail, unless a response is already under way. */
  public static void send(RoutingContext ctx, int status, String detail) {
    HttpServerResponse response = ctx.response();
    if (response.headWritten() || response.closed()) {
      return;
    }
    String title = HttpResponseStatus.valueOf(status).reasonPhrase();
    String path = quote(ctx.request().path() == null ? "" : ctx.request().path());
    response
        .setStatusCode(status)
        .putHeader(HttpHeaders.CONTENT_TYPE, PROBLEM_JSON)
        .end(new Problem(status, title, detail, path).toJson());
  }

  /** 405 for a path that exists, naming the methods it does accept. */
  public static void methodNotAllowed(RoutingContext ctx, String allowed) {
    ctx.response().putHeader(HttpHeaders.ALLOW, allowed);
    send(
        ctx, 405, ctx.request().method().name() + " is not supported on this path: use " + allowed);
  }

  /** Request text as it may appear inside a detail: at most {@link #MAX_QUOTED_LENGTH} chars. */
  public static String quote(String text) {
    if (text.length() <= MAX_QUOTED_LENGTH) {
      return text;
    }
    return text.substring(0, MAX_QUOTED_LENGTH) + "… (" + text.length() + " characters)";
  }
}
