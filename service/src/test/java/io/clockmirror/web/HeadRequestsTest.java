package io.clockmirror.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * RFC 9110 section 9.3.2: HEAD answers as GET would, same status and header fields, without the
 * body. {@code HeadRequestsIT} reruns these against the packaged app.
 *
 * <p>The server leaves Content-Length out of an answer to HEAD unless the route sets it, which RFC
 * 9110 allows (a field whose value is determined while generating the content MAY be omitted); the
 * service's own routes and the static files set it; health, info and Swagger UI's page do not.
 */
@QuarkusTest
class HeadRequestsTest {

  @TestHTTPResource("/")
  URL root;

  @ParameterizedTest(name = "HEAD {0}")
  @ValueSource(
      strings = {
        "/clock?mirror_time=12:22",
        "/clock?mirror_time=2:11",
        "/clock?mirror_time=13:20",
        "/clock",
        "/nope",
        "/openapi",
        "*",
        "+",
        "%3D",
        "%20?mirror_time=12:22"
      })
  void serviceRoutesAnswerHeadWithGetsHeadersIncludingTheLength(String target) throws Exception {
    Exchange exchange = exchange(target);
    assertThat(exchange.head().status()).isEqualTo(exchange.get().status());
    assertThat(exchange.head().headers()).isEqualTo(exchange.get().headers());
    assertThat(exchange.head().header("content-length"))
        .isEqualTo(Integer.toString(exchange.get().body().getBytes(StandardCharsets.UTF_8).length));
  }

  @ParameterizedTest(name = "HEAD {0}")
  @ValueSource(
      strings = {
        "/",
        "/swagger.json",
        "/openapi?format=json",
        "/mirror",
        "/mirror?mirror_time=12:22",
        "/mirror/",
        "/mirror/mirror.js",
        "/q/swagger-ui/",
        "/q/health/ready",
        "/q/health/live",
        "/q/info"
      })
  void frameworkRoutesAnswerHeadWithGetsHeaders(String target) throws Exception {
    Exchange exchange = exchange(target);
    assertThat(exchange.head().status()).isEqualTo(exchange.get().status());
    assertThat(comparable(exchange.head())).isEqualTo(comparable(exchange.get()));
    // RFC 9110 section 8.6: if HEAD's answer carries a length, it is the length GET's body has.
    String length = exchange.head().header("content-length");
    if (length != null) {
      assertThat(length).isEqualTo(exchange.get().header("content-length"));
    }
  }

  private record Exchange(RawHttp.Response get, RawHttp.Response head) {}

  private Exchange exchange(String target) throws Exception {
    try (RawHttp connection = RawHttp.connect(root.getPort(), 10_000)) {
      RawHttp.Response get = connection.exchange(request("GET", target));
      RawHttp.Response head = connection.exchange(request("HEAD", target));
      // A body after the HEAD answer would be read here as the next status line.
      RawHttp.Response after = connection.exchange(request("GET", "/clock?mirror_time=12:22"));
      assertThat(after.status()).isEqualTo(200);
      assertThat(after.body()).isEqualTo("{\"mirror_time\":\"12:22\",\"actual_time\":\"11:38\"}");
      return new Exchange(get, head);
    }
  }

  /**
   * The headers HEAD must share with GET: all but the length (compared on its own) and the date,
   * which names the second each answer was made in, and two answers may fall either side of one.
   */
  private static Map<String, List<String>> comparable(RawHttp.Response response) {
    Map<String, List<String>> headers = new TreeMap<>(response.headers());
    headers.remove("content-length");
    headers.remove("date");
    return headers;
  }

  private static String request(String method, String target) {
    return method + " " + target + " HTTP/1.1\r\nHost: localhost\r\n\r\n";
  }
}
