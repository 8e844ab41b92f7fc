package io.clockmirror.bench.ceiling;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/** The fastest answer a bare Quarkus HTTP layer gives: fixed JSON bytes on one raw route. */
@Singleton
final class FixedRoute {

  private static final Buffer BODY =
      Buffer.buffer("{\"mirror_time\":\"12:22\",\"actual_time\":\"11:38\"}");
  private static final CharSequence APPLICATION_JSON =
      HttpHeaders.createOptimized("application/json");

  void register(@Observes Router router) {
    router
        .get("/clock")
        .handler(
            ctx ->
                ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, APPLICATION_JSON).end(BODY));
  }
}
