package io.clockmirror.clock;

import io.clockmirror.web.Problems;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * {@code GET /clock?mirror_time=HH:MM}: HTTP concerns only. It reads the one parameter, asks {@link
 * ClockTime} for the reflection and writes the answer, on the I/O thread.
 *
 * <p>Every one of the 720 answers is serialised once at start-up; a request writes shared bytes.
 */
@Singleton
final class ClockRoute {

  static final String PATH = "/clock";
  static final String PARAMETER = "mirror_time";

  private static final CharSequence APPLICATION_JSON =
      HttpHeaders.createOptimized("application/json");

  /** Response bodies indexed by {@link ClockTime#minuteOfFace()} of the mirror time. */
  private final Buffer[] bodies;

  ClockRoute() {
    List<ClockTime> all = ClockTime.all();
    bodies = new Buffer[all.size()];
    for (ClockTime mirror : all) {
      byte[] json = ClockAnswer.of(mirror).toJson().getBytes(StandardCharsets.US_ASCII);
      bodies[mirror.minuteOfFace()] = Buffer.buffer(json);
    }
  }

  void register(@Observes Router router) {
    router.get(PATH).handler(this::answer);
    router.route(PATH).handler(ctx -> Problems.methodNotAllowed(ctx, "GET"));
  }

  void answer(RoutingContext ctx) {
    List<String> values = ctx.queryParam(PARAMETER);
    if (values.isEmpty()) {
      Problems.send(ctx, 400, PARAMETER + " is required: " + ClockTime.EXPECTED);
      return;
    }
    String value = values.get(0);
    for (int i = 1; i < values.size(); i++) {
      if (!value.equals(values.get(i))) {
        Problems.send(
            ctx, 400, PARAMETER + " was given more than one value: expected exactly one time");
        return;
      }
    }
    if (value.isEmpty()) {
      Problems.send(ctx, 400, PARAMETER + " is empty: " + ClockTime.EXPECTED);
      return;
    }
    Optional<ClockTime> mirror = ClockTime.parse(value);
    if (mirror.isEmpty()) {
      Problems.send(
          ctx, 400, Problems.quote(value) + " is not a valid time: " + ClockTime.EXPECTED);
      return;
    }
    ctx.response()
        .putHeader(HttpHeaders.CONTENT_TYPE, APPLICATION_JSON)
        .end(bodies[mirror.get().minuteOfFace()]);
  }
}
