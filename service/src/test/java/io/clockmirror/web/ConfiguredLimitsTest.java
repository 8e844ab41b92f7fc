package io.clockmirror.web;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Idle timeout, connection limit and CORS, with the values of {@link TightLimitsProfile}. */
@QuarkusTest
@TestProfile(TightLimitsProfile.class)
class ConfiguredLimitsTest {

  private static final String VALID =
      "GET /clock?mirror_time=12:22 HTTP/1.1\r\nHost: localhost\r\n\r\n";

  @TestHTTPResource("/")
  URL root;

  @Test
  void aConnectionThatStopsMidRequestIsClosedAfterTheIdleTimeout() throws Exception {
    try (RawHttp connection = RawHttp.connect(root.getPort(), 20_000)) {
      long start = System.nanoTime();
      connection.send(RawHttp.bytes("GET /clock?mirror_time=12:22 HTTP/1.1\r\nHost: loc"));
      assertThat(connection.closedByServer()).isTrue();
      double seconds = (System.nanoTime() - start) / 1e9;
      assertThat(seconds).isBetween(TightLimitsProfile.IDLE_SECONDS - 0.5, 15.0);
    }
  }

  @Test
  void connectionsBeyondTheLimitAreClosedAndAFreedSlotIsReused() throws Exception {
    List<RawHttp> open = new ArrayList<>();
    try {
      for (int i = 0; i < TightLimitsProfile.MAX_CONNECTIONS; i++) {
        RawHttp connection = RawHttp.connect(root.getPort(), 10_000);
        open.add(connection);
        assertThat(connection.exchange(VALID).status()).isEqualTo(200);
      }
      try (RawHttp extra = RawHttp.connect(root.getPort(), 10_000)) {
        assertThat(answerOrNull(extra)).as("answer beyond the limit").isNull();
      }
      open.remove(0).close();
      Integer status = null;
      for (int attempt = 0; attempt < 20 && status == null; attempt++) {
        Thread.sleep(100);
        try (RawHttp next = RawHttp.connect(root.getPort(), 10_000)) {
          status = answerOrNull(next);
        }
      }
      assertThat(status).isEqualTo(200);
    } finally {
      for (RawHttp connection : open) {
        connection.close();
      }
    }
  }

  private static Integer answerOrNull(RawHttp connection) {
    try {
      RawHttp.Response answer = connection.exchange(VALID);
      return answer == null ? null : answer.status();
    } catch (IOException e) {
      return null;
    }
  }

  @Test
  void corsAnswersTheConfiguredOriginOnly() {
    given()
        .header("Origin", TightLimitsProfile.ALLOWED_ORIGIN)
        .header("Access-Control-Request-Method", "GET")
        .options("/clock")
        .then()
        .statusCode(200)
        .header("Access-Control-Allow-Origin", equalTo(TightLimitsProfile.ALLOWED_ORIGIN));
    given()
        .header("Origin", TightLimitsProfile.ALLOWED_ORIGIN)
        .get("/clock?mirror_time=12:22")
        .then()
        .statusCode(200)
        .header("Access-Control-Allow-Origin", equalTo(TightLimitsProfile.ALLOWED_ORIGIN));
    given()
        .header("Origin", "https://elsewhere.example")
        .get("/clock?mirror_time=12:22")
        .then()
        .header("Access-Control-Allow-Origin", nullValue());
  }
}
