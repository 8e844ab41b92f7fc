package io.clockmirror.clock;

import io.clockmirror.web.Problems;
import io.clockmirror.web.ResponseTiming;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * {@code GET /clock?mirror_time=HH:MM}: HTTP concerns only. It reads the one parameter, asks {@link
 * ClockTime} for the reflection and writes the answer, on the I/O thread.
 *
 * <p>Every one of the 720 answers is serialised once at start-up; a request writes shared bytes.
 *
 * <p>The route times itself into {@code http.server.requests} (uri {@code /clock}) rather than
 * leaving it to the generic HTTP server binder, which builds tags and looks meters up on every
 * request of every path: about 8% of the CPU samples under load (see docs/performance.md). For the
 * same reason it records its answers into the EMF metrics itself ({@link ResponseTiming}).
 */
@Singleton
final class ClockRoute {

  static final String PATH = "/clock";
  static final String PARAMETER = "mirror_time";

  /** The raw query of nearly every request: the parameter alone, its value plain digits. */
  private static final String PLAIN_QUERY_PREFIX = PARAMETER + "=";

  private static final CharSequence APPLICATION_JSON =
      HttpHeaders.createOptimized("application/json");

  static final String METRIC = "http.server.requests";

  /** Response bodies indexed by {@link ClockTime#minuteOfFace()} of the mirror time. */
  private final Buffer[] bodies;

  /**
   * Their lengths, same index. Sent by the route because the server leaves Content-Length out of
   * the answer to HEAD, which must carry GET's headers; the server's own would be a new string.
   */
  private final CharSequence[] lengths;

  private final Timer answered;
  private final Timer rejected;
  private final ResponseTiming timing;

  ClockRoute(MeterRegistry registry, ResponseTiming timing) {
    this.timing = timing;
    answered = timer(registry, 200, "SUCCESS");
    rejected = timer(registry, 400, "CLIENT_ERROR");
    List<ClockTime> all = ClockTime.all();
    bodies = new Buffer[all.size()];
    lengths = new CharSequence[all.size()];
    for (ClockTime mirror : all) {
      byte[] json = ClockAnswer.of(mirror).toJson().getBytes(StandardCharsets.US_ASCII);
      bodies[mirror.minuteOfFace()] = Buffer.buffer(json);
      lengths[mirror.minuteOfFace()] = HttpHeaders.createOptimized(Integer.toString(json.length));
    }
  }

  /** HEAD reaches this route as GET (see RequestGuard); the server then drops the body. */
  void register(@Observes Router router) {
    timing.timedByRoute(PATH);
    router.get(PATH).handler(this::answer);
    router.route(PATH).handler(ctx -> Problems.methodNotAllowed(ctx, "GET", "HEAD"));
  }

  private static Timer timer(MeterRegistry registry, int status, String outcome) {
    return Timer.builder(METRIC)
        .description("GET /clock from the handler's start to the response written")
        .tags("method", "GET", "uri", PATH, "status", Integer.toString(status), "outcome", outcome)
        .register(registry);
  }

  void answer(RoutingContext ctx) {
    long start = System.nanoTime();
    Timer timer = respond(ctx) ? answered : rejected;
    long elapsed = System.nanoTime() - start;
    timer.record(elapsed, TimeUnit.NANOSECONDS);
    if (timing.timesItself(ctx)) {
      timing.routeAnswered(ctx, elapsed);
    }
  }

  /** Writes the answer or the problem; true when it was an answer. */
  private boolean respond(RoutingContext ctx) {
    Optional<ClockTime> plain = parsePlainQuery(ctx.request().query());
    if (plain.isPresent()) {
      return write(ctx, plain.get());
    }
    return respondDecoded(ctx);
  }

  /**
   * The mirror time when the raw query is {@code mirror_time=} followed by a valid time in digits
   * and a colon, and nothing else: there is then nothing to percent-decode, no {@code +}, no second
   * parameter, so the general decoder would find exactly this one value. Anything else is empty and
   * left to {@link #respondDecoded}, which also words every error. Reading the raw query skips
   * building a decoded parameter map for each request.
   */
  static Optional<ClockTime> parsePlainQuery(String query) {
    if (query == null || !query.startsWith(PLAIN_QUERY_PREFIX)) {
      return Optional.empty();
    }
    int start = PLAIN_QUERY_PREFIX.length();
    for (int i = start; i < query.length(); i++) {
      char c = query.charAt(i);
      if ((c < '0' || c > '9') && c != ':') {
        return Optional.empty();
      }
    }
    return ClockTime.parse(query, start, query.length());
  }

  /** The general path: the decoded parameters, with every rule about them. */
  private boolean respondDecoded(RoutingContext ctx) {
    List<String> values = ctx.queryParam(PARAMETER);
    if (values.isEmpty()) {
      Problems.send(ctx, 400, PARAMETER + " is required: " + ClockTime.EXPECTED);
      return false;
    }
    String value = values.get(0);
    for (int i = 1; i < values.size(); i++) {
      if (!value.equals(values.get(i))) {
        Problems.send(
            ctx, 400, PARAMETER + " was given more than one value: expected exactly one time");
        return false;
      }
    }
    if (value.isEmpty()) {
      Problems.send(ctx, 400, PARAMETER + " is empty: " + ClockTime.EXPECTED);
      return false;
    }
    Optional<ClockTime> mirror = ClockTime.parse(value);
    if (mirror.isEmpty()) {
      Problems.send(
          ctx, 400, Problems.quote(value) + " is not a valid time: " + ClockTime.EXPECTED);
      return false;
    }
    return write(ctx, mirror.get());
  }

  private boolean write(RoutingContext ctx, ClockTime mirror) {
    int index = mirror.minuteOfFace();
    ctx.response()
        .putHeader(HttpHeaders.CONTENT_TYPE, APPLICATION_JSON)
        .putHeader(HttpHeaders.CONTENT_LENGTH, lengths[index])
        .end(bodies[index]);
    return true;
  }
}
