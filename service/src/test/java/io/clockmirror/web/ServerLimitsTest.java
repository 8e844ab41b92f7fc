package io.clockmirror.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import java.net.URL;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/** The size limits of application.properties, each just inside and just outside. */
@QuarkusTest
class ServerLimitsTest {

  private static final String VALID =
      "GET /clock?mirror_time=12:22 HTTP/1.1\r\nHost: localhost\r\n";

  @TestHTTPResource("/")
  URL root;

  private static long limit(String name) {
    return ConfigProvider.getConfig().getValue(name, MemorySize.class).asLongValue();
  }

  /** A request line of exactly {@code length} characters for /clock with a long invalid value. */
  private static String requestLine(int length) {
    String head = "GET /clock?mirror_time=";
    String tail = " HTTP/1.1";
    return head + "1".repeat(length - head.length() - tail.length()) + tail;
  }

  @Test
  void requestLineOverTheLimitIs414() throws Exception {
    int max =
        ConfigProvider.getConfig()
            .getValue("quarkus.http.limits.max-initial-line-length", Integer.class);
    assertThat(max).isEqualTo(2048);
    try (RawHttp connection = RawHttp.connect(root.getPort(), 10_000)) {
      RawHttp.Response inside =
          connection.exchange(requestLine(max) + "\r\nHost: localhost\r\n\r\n");
      assertThat(inside.status()).isEqualTo(400);
      assertThat(inside.header("content-type")).isEqualTo(Problem.MEDIA_TYPE);
      RawHttp.Response outside =
          connection.exchange(requestLine(max + 1) + "\r\nHost: localhost\r\n\r\n");
      assertThat(outside.status()).isEqualTo(414);
      assertBareAnswerFromTheHttpLayer(outside);
      assertThat(connection.closedByServer()).isTrue();
    }
  }

  @Test
  void headersOverTheLimitAre431() throws Exception {
    long max = limit("quarkus.http.limits.max-header-size");
    assertThat(max).isEqualTo(8 * 1024);
    try (RawHttp connection = RawHttp.connect(root.getPort(), 10_000)) {
      RawHttp.Response inside =
          connection.exchange(VALID + "X-Pad: " + "a".repeat((int) max - 200) + "\r\n\r\n");
      assertThat(inside.status()).isEqualTo(200);
      RawHttp.Response outside =
          connection.exchange(VALID + "X-Pad: " + "a".repeat((int) max) + "\r\n\r\n");
      assertThat(outside.status()).isEqualTo(431);
      assertBareAnswerFromTheHttpLayer(outside);
      assertThat(connection.closedByServer()).isTrue();
    }
  }

  @Test
  void smallBodiesOnGetAreSkippedAndTheNextRequestIsAnswered() throws Exception {
    try (RawHttp connection = RawHttp.connect(root.getPort(), 10_000)) {
      String withBody = VALID + "Content-Length: 11\r\n\r\nhello world";
      String chunked = VALID + "Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n";
      connection.send(RawHttp.bytes(withBody + chunked + VALID + "\r\n"));
      for (int i = 0; i < 3; i++) {
        RawHttp.Response answer = connection.read(false);
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body()).contains("\"actual_time\":\"11:38\"");
      }
    }
  }

  @Test
  void declaredBodiesOverTheLimitAre413() throws Exception {
    long max = limit("quarkus.http.limits.max-body-size");
    assertThat(max).isEqualTo(1024);
    try (RawHttp connection = RawHttp.connect(root.getPort(), 10_000)) {
      RawHttp.Response answer =
          connection.exchange(VALID + "Content-Length: " + (max + 1) + "\r\n\r\n");
      assertThat(answer.status()).isEqualTo(413);
      assertThat(answer.header("x-content-type-options")).isEqualTo("nosniff");
      assertThat(answer.header("content-security-policy")).isNotNull();
      assertThat(answer.header("content-type")).isEqualTo(Problem.MEDIA_TYPE);
      assertThat(answer.closesConnection()).isTrue();
      JsonObject problem = new JsonObject(answer.body());
      assertThat(problem.getInteger("status")).isEqualTo(413);
      assertThat(problem.getString("title")).isEqualTo("Request Entity Too Large");
      assertThat(problem.getString("detail"))
          .isEqualTo("The request declares a body of 1025 bytes: at most 1024 are accepted");
      assertThat(problem.getString("instance")).isEqualTo("/clock");
      assertThat(connection.closedByServer()).isTrue();
    }
  }

  /**
   * What the HTTP layer sends for a request it cannot parse: Vert.x answers it before any route and
   * Quarkus gives no way to replace that answer (see docs/api.md, Limits). Kept in a test so that
   * the documentation is corrected when an upgrade changes it.
   */
  private static void assertBareAnswerFromTheHttpLayer(RawHttp.Response answer) {
    assertThat(answer.body()).isEmpty();
    assertThat(answer.header("content-length")).isEqualTo("0");
    assertThat(answer.header("content-type")).isNull();
    assertThat(answer.header("x-content-type-options")).isNull();
  }
}
