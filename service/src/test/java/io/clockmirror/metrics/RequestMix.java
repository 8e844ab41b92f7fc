package io.clockmirror.metrics;

import io.clockmirror.web.RawHttp;
import java.io.IOException;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * A known mix of requests, each on its own connection, touching every way an answer leaves the
 * service: the self-timed {@code /clock} route (answers and problems, HEAD through the reroute),
 * the request guard's own rejections, a target the router fails before any route, framework routes,
 * redirects, reroutes, static files and the catch-all 404. It counts the answers by the outcome of
 * the status each one came back with.
 */
final class RequestMix {

  private static final String HOST = " HTTP/1.1\r\nHost: localhost\r\n";

  static final List<String> REQUESTS =
      List.of(
          "GET /clock?mirror_time=12:22" + HOST + "\r\n",
          "GET /clock?mirror_time=2:11" + HOST + "\r\n",
          "GET /clock?mirror_time=13:20" + HOST + "\r\n",
          "GET /clock" + HOST + "\r\n",
          "GET /clock?mirror_time=1%3A05" + HOST + "\r\n",
          "HEAD /clock?mirror_time=1:05" + HOST + "\r\n",
          "HEAD /clock?mirror_time=99:99" + HOST + "\r\n",
          "GET /clock/?mirror_time=12:22" + HOST + "\r\n",
          "GET //clock?mirror_time=12:22" + HOST + "\r\n",
          "POST /clock" + HOST + "Content-Length: 0\r\n\r\n",
          "DELETE /clock" + HOST + "\r\n",
          "GET /nothing/here" + HOST + "\r\n",
          "GET /clock?mirror_time=%zz" + HOST + "\r\n",
          "GET /clock?mirror_time=12:22" + HOST + "Content-Length: 5000\r\n\r\n",
          "OPTIONS *" + HOST + "\r\n",
          "GET %3D" + HOST + "\r\n",
          "GET /" + HOST + "\r\n",
          "GET /swagger.json" + HOST + "\r\n",
          "GET /openapi" + HOST + "\r\n",
          "GET /q/health/ready" + HOST + "\r\n",
          "GET /mirror" + HOST + "\r\n",
          "GET /mirror/" + HOST + "\r\n",
          "HEAD /mirror/mirror.css" + HOST + "\r\n");

  private RequestMix() {}

  /** Sends every request {@code rounds} times; the answers by outcome. */
  static Map<Outcome, Long> send(int port, int rounds) throws IOException {
    Map<Outcome, Long> answered = new EnumMap<>(Outcome.class);
    for (int round = 0; round < rounds; round++) {
      for (String request : REQUESTS) {
        try (RawHttp connection = RawHttp.connect(port, 10_000)) {
          RawHttp.Response response = connection.exchange(request);
          if (response == null) {
            throw new AssertionError("no answer to " + request.lines().findFirst().orElseThrow());
          }
          answered.merge(Outcome.of(response.status()), 1L, Long::sum);
        }
      }
    }
    return answered;
  }
}
