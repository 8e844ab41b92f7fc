package io.clockmirror.web;

import io.clockmirror.metrics.RequestMetrics;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Singleton;

/**
 * Gets every answer into {@link RequestMetrics} exactly once, with its final status and the time
 * from the first handler that saw the request to the response headers being written.
 *
 * <p>A route that answers synchronously on the hot path times itself ({@link #timedByRoute}); its
 * requests cost a clock read and a counter increment, no allocation. Every other request, whichever
 * handler answers it (framework routes, static files, redirects, problems), gets a headers-end
 * handler, which costs a few small objects: a reroute drops the handler along with the headers, and
 * the rerouted pass adds a new one. {@link RequestGuard} records its own rejections directly.
 */
@Singleton
public final class ResponseTiming {

  /** Marks a request whose answer is already watched, for the failure handlers. */
  private static final String WATCHED = ResponseTiming.class.getName();

  private final RequestMetrics metrics;
  private final boolean enabled;

  /** The one path whose GET route times itself; set once while the routes are registered. */
  private volatile String selfTimedPath;

  ResponseTiming(RequestMetrics metrics) {
    this.metrics = metrics;
    this.enabled = metrics.enabled();
  }

  /** Declares that GET on {@code path} records its own answers through {@link #routeAnswered}. */
  public void timedByRoute(String path) {
    selfTimedPath = path;
  }

  /** True when the route handling {@code ctx} must time itself (and nothing else will). */
  public boolean timesItself(RoutingContext ctx) {
    return enabled
        && ctx.request().method() == HttpMethod.GET
        && ctx.normalizedPath().equals(selfTimedPath);
  }

  /** Called by the self-timed route once it has answered. */
  public void routeAnswered(RoutingContext ctx, long nanos) {
    metrics.record(ctx.response().getStatusCode(), nanos);
  }

  /** The start of a request's timing, or 0 when metrics are off (no clock read then). */
  long start() {
    return enabled ? System.nanoTime() : 0;
  }

  /** For an answer the caller has just written itself. */
  void answered(RoutingContext ctx, long start) {
    if (enabled && ctx.response().headWritten()) {
      metrics.record(ctx.response().getStatusCode(), System.nanoTime() - start);
    }
  }

  /** For a request about to be routed on: records its answer when the headers go out. */
  void watch(RoutingContext ctx, long start) {
    if (enabled && !timesItself(ctx)) {
      ctx.put(WATCHED, Boolean.TRUE);
      ctx.addHeadersEndHandler(
          ended -> metrics.record(ctx.response().getStatusCode(), System.nanoTime() - start));
    }
  }

  /**
   * For a failed request: watched unless an earlier pass already watches it. A request fails before
   * any route runs when its target is not a path, and a self-timed route that throws does not
   * record.
   */
  void watchFailure(RoutingContext ctx) {
    if (enabled && ctx.get(WATCHED) == null && !ctx.response().headWritten()) {
      long start = System.nanoTime();
      ctx.put(WATCHED, Boolean.TRUE);
      ctx.addHeadersEndHandler(
          ended -> metrics.record(ctx.response().getStatusCode(), System.nanoTime() - start));
    }
  }
}
