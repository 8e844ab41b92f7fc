package io.clockmirror.web;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.vertx.core.buffer.Buffer;
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
    Buffer body = Buffer.buffer(new Problem(status, title, detail, path).toJson());
    // Set here, not left to the server, which leaves it out of the answer to HEAD.
    response
        .setStatusCode(status)
        .putHeader(HttpHeaders.CONTENT_TYPE, PROBLEM_JSON)
        .putHeader(HttpHeaders.CONTENT_LENGTH, Integer.toString(body.length()))
        .end(body);
  }

  /** 405 for a path that exists, naming the methods it does accept. */
  public static void methodNotAllowed(RoutingContext ctx, String... allowed) {
    ctx.response().putHeader(HttpHeaders.ALLOW, String.join(", ", allowed));
    send(
        ctx,
        405,
        ctx.request().method().name()
            + " is not supported on this path: use "
            + String.join(" or ", allowed));
  }

  /**
   * Request text as it may appear inside a detail: at most {@link #MAX_QUOTED_LENGTH} characters
   * (code points, so a character outside the BMP is never cut in half), then the full count.
   */
  public static String quote(String text) {
    if (text.length() <= MAX_QUOTED_LENGTH) {
      return text;
    }
    int characters = text.codePointCount(0, text.length());
    if (characters <= MAX_QUOTED_LENGTH) {
      return text;
    }
    return text.substring(0, text.offsetByCodePoints(0, MAX_QUOTED_LENGTH))
        + "… ("
        + characters
        + " characters)";
  }
}
