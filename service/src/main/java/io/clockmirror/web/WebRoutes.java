package io.clockmirror.web;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

/**
 * Routes that are not a feature: the documentation entry points the original (the Flask reference
 * app) exposed, and the answers for paths and failures no feature claims. Every error leaves here
 * as problem+json.
 */
@Singleton
final class WebRoutes {

  static final String SWAGGER_UI = "/q/swagger-ui/";

  /** The mirror clock page, a static directory under META-INF/resources. */
  static final String MIRROR_PAGE = "/mirror/";

  private static final Logger LOG = Logger.getLogger(WebRoutes.class);

  void register(@Observes Router router) {
    router.get("/").handler(ctx -> ctx.redirect(SWAGGER_UI));
    router.get("/swagger.json").handler(ctx -> ctx.reroute("/openapi?format=json"));
    // The static handler only knows the directory with its slash, and the page's relative links
    // need it too, so the short form is sent there with its query intact. A regex because a
    // plain "/mirror" route also matches "/mirror/", which would redirect to itself.
    router
        .routeWithRegex("/mirror")
        .method(HttpMethod.GET)
        .method(HttpMethod.HEAD)
        .handler(WebRoutes::toMirrorPage);
    router.route().order(Integer.MAX_VALUE).handler(WebRoutes::notFound);
    router.route().failureHandler(WebRoutes::failure);
    // Failures the router raises outside any route's handler, e.g. a query it cannot decode while
    // matching; they would otherwise end as a bare status line.
    router.errorHandler(400, WebRoutes::failure);
  }

  private static void toMirrorPage(RoutingContext ctx) {
    String query = ctx.request().query();
    ctx.redirect(query == null ? MIRROR_PAGE : MIRROR_PAGE + "?" + query);
  }

  private static void notFound(RoutingContext ctx) {
    Problems.send(ctx, 404, "There is nothing at " + Problems.quote(ctx.request().path()));
  }

  /** Anything a handler failed with. Client errors keep their status; the rest is logged. */
  private static void failure(RoutingContext ctx) {
    int status = ctx.statusCode();
    if (status >= 400 && status < 500) {
      Problems.send(ctx, status, "The request could not be read");
      return;
    }
    LOG.error("Request failed", ctx.failure());
    Problems.send(ctx, 500, "The server could not answer this request");
  }
}
