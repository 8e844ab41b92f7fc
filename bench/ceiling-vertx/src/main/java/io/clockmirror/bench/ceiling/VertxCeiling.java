package io.clockmirror.bench.ceiling;

import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerOptions;

/**
 * The fastest answer Vert.x core alone gives on this machine: every request gets the same fixed
 * JSON bytes. One HTTP server verticle per event loop, as Quarkus deploys its own.
 *
 * <p>Port from {@code -Dport} (default 18281); event loops from {@code -Devent.loops} (default
 * twice the processors, the Vert.x and Quarkus default).
 */
public final class VertxCeiling extends AbstractVerticle {

  private static final Buffer BODY =
      Buffer.buffer("{\"mirror_time\":\"12:22\",\"actual_time\":\"11:38\"}");
  private static final CharSequence APPLICATION_JSON =
      HttpHeaders.createOptimized("application/json");

  private final int port;

  private VertxCeiling(int port) {
    this.port = port;
  }

  @Override
  public void start() {
    vertx
        .createHttpServer(new HttpServerOptions().setPort(port).setHost("0.0.0.0"))
        .requestHandler(
            request ->
                request.response().putHeader(HttpHeaders.CONTENT_TYPE, APPLICATION_JSON).end(BODY))
        .listen()
        .onFailure(
            failure -> {
              failure.printStackTrace();
              System.exit(1);
            });
  }

  public static void main(String[] args) {
    int port = Integer.getInteger("port", 18281);
    int loops = Integer.getInteger("event.loops", 2 * Runtime.getRuntime().availableProcessors());
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(loops));
    vertx
        .deployVerticle(() -> new VertxCeiling(port), new DeploymentOptions().setInstances(loops))
        .onSuccess(id -> System.out.println("vertx ceiling listening on " + port + " with " + loops + " event loops"))
        .onFailure(
            failure -> {
              failure.printStackTrace();
              System.exit(1);
            });
  }
}
