package io.clockmirror.web;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;

/**
 * The response headers that tell a browser how little this service needs: no MIME sniffing, no
 * framing, no referrer, and a Content-Security-Policy allowing only this origin's own files.
 *
 * <p>Swagger UI's page (served by the framework) boots with two inline scripts, so its path gets a
 * policy that allows exactly those two by hash instead of allowing inline script in general; a test
 * recomputes the hashes from the served page. Names and values are built once; a response costs
 * four header sets.
 */
final class SecurityHeaders {

  static final String SWAGGER_UI_PREFIX = "/q/swagger-ui";

  /** SHA-256 of the two inline scripts of the Swagger UI page, in page order. */
  static final String SWAGGER_UI_SCRIPT_HASHES =
      "'sha256-9nZ1ZtDf/g5sxdMAHHdKZuiqle2KbOLZKQ3aNQvgJuA='"
          + " 'sha256-c2SnDTlVlN4RcTsLhEX4EgtqFqfIKNZCnmBfSTkN6RI='";

  static final String CSP =
      "default-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none';"
          + " object-src 'none'";

  static final String SWAGGER_UI_CSP =
      "default-src 'self'; script-src 'self' "
          + SWAGGER_UI_SCRIPT_HASHES
          + "; style-src 'self' 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; form-action 'self';"
          + " frame-ancestors 'none'; object-src 'none'";

  private static final CharSequence X_CONTENT_TYPE_OPTIONS =
      HttpHeaders.createOptimized("X-Content-Type-Options");
  private static final CharSequence NOSNIFF = HttpHeaders.createOptimized("nosniff");
  private static final CharSequence X_FRAME_OPTIONS =
      HttpHeaders.createOptimized("X-Frame-Options");
  private static final CharSequence DENY = HttpHeaders.createOptimized("DENY");
  private static final CharSequence REFERRER_POLICY =
      HttpHeaders.createOptimized("Referrer-Policy");
  private static final CharSequence NO_REFERRER = HttpHeaders.createOptimized("no-referrer");
  private static final CharSequence CONTENT_SECURITY_POLICY =
      HttpHeaders.createOptimized("Content-Security-Policy");
  private static final CharSequence CSP_VALUE = HttpHeaders.createOptimized(CSP);
  private static final CharSequence SWAGGER_UI_CSP_VALUE =
      HttpHeaders.createOptimized(SWAGGER_UI_CSP);

  private SecurityHeaders() {}

  /** Sets the headers; {@code set}, not {@code add}, so a rerouted request keeps one copy. */
  static void apply(MultiMap headers, String path) {
    headers
        .set(X_CONTENT_TYPE_OPTIONS, NOSNIFF)
        .set(X_FRAME_OPTIONS, DENY)
        .set(REFERRER_POLICY, NO_REFERRER)
        .set(
            CONTENT_SECURITY_POLICY,
            path != null && path.startsWith(SWAGGER_UI_PREFIX) ? SWAGGER_UI_CSP_VALUE : CSP_VALUE);
  }
}
