package io.clockmirror.web;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.core.json.JsonObject;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Security headers on every kind of answer, problem+json for targets that are not URIs, no version
 * leaked, CORS off. {@code SecurityHeadersIT} reruns these against the packaged app.
 */
@QuarkusTest
class SecurityHeadersTest {

  private static final String API_POLICY =
      "default-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none';"
          + " object-src 'none'";

  @TestHTTPResource("/")
  URL root;

  @Test
  void everyKindOfAnswerCarriesTheHeaders() {
    List<Response> answers =
        List.of(
            given().get("/clock?mirror_time=12:22"),
            given().get("/clock?mirror_time=13:20"),
            given().get("/nope"),
            given().post("/clock"),
            given().get("/q/health/ready"),
            given().get("/q/metrics"),
            given().get("/openapi"),
            given().get("/swagger.json"),
            given().redirects().follow(false).get("/"));
    assertThat(answers)
        .extracting(Response::statusCode)
        .containsExactly(200, 400, 404, 405, 200, 200, 200, 200, 302);
    for (Response answer : answers) {
      assertThat(answer.header("X-Content-Type-Options")).isEqualTo("nosniff");
      assertThat(answer.header("X-Frame-Options")).isEqualTo("DENY");
      assertThat(answer.header("Referrer-Policy")).isEqualTo("no-referrer");
      assertThat(answer.header("Content-Security-Policy")).isEqualTo(API_POLICY);
      assertThat(answer.headers().getValues("Content-Security-Policy")).hasSize(1);
    }
  }

  @Test
  void noServerSoftwareOrVersionIsAnnounced() {
    for (String path : List.of("/clock?mirror_time=12:22", "/nope", "/q/health/ready")) {
      given().get(path).then().header("Server", nullValue()).header("X-Powered-By", nullValue());
    }
  }

  @Test
  void swaggerUiPolicyAllowsExactlyItsInlineScripts() throws Exception {
    Response page = given().get("/q/swagger-ui/");
    page.then().statusCode(200).header("X-Frame-Options", equalTo("DENY"));
    String policy = page.header("Content-Security-Policy");
    assertThat(policy).contains("frame-ancestors 'none'").doesNotContain("'unsafe-eval'");
    assertThat(policy)
        .contains("script-src 'self' 'sha256-")
        .doesNotContain("script-src 'self' 'unsafe-inline'");

    Matcher inline =
        Pattern.compile("<script(?![^>]*\\bsrc=)[^>]*>(.*?)</script>", Pattern.DOTALL)
            .matcher(page.body().asString());
    int scripts = 0;
    while (inline.find()) {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(inline.group(1).getBytes(StandardCharsets.UTF_8));
      assertThat(policy)
          .as("inline script %d of Swagger UI must be allowed by its hash", scripts)
          .contains("'sha256-" + Base64.getEncoder().encodeToString(digest) + "'");
      scripts++;
    }
    assertThat(scripts).isPositive();
  }

  @Test
  void malformedTargetsAreProblemJsonAndTheConnectionStaysUsable() throws Exception {
    List<String> targets =
        List.of(
            "/clock?mirror_time=%zz",
            "/nope?x=%zz",
            "/q/health/ready?x=%zz",
            "/cl%zzock",
            "/%",
            "/clock?mirror_time=12:2%",
            "/clock?mirror_time=12:22|",
            "/clock?mirror_time={12:22}",
            "/caf\u00e9");
    try (RawHttp connection = RawHttp.connect(root.getPort(), 10_000)) {
      for (String target : targets) {
        RawHttp.Response answer =
            connection.exchange("GET " + target + " HTTP/1.1\r\nHost: localhost\r\n\r\n");
        assertThat(answer).as(target).isNotNull();
        assertThat(answer.status()).as(target).isEqualTo(400);
        assertThat(answer.header("content-type")).isEqualTo(Problem.MEDIA_TYPE);
        assertThat(answer.header("x-content-type-options")).isEqualTo("nosniff");
        assertThat(answer.header("content-security-policy")).isNotNull();
        JsonObject problem = new JsonObject(answer.body());
        assertThat(problem.getInteger("status")).isEqualTo(400);
        assertThat(problem.getString("title")).isEqualTo("Bad Request");
        assertThat(problem.getString("detail")).startsWith("The request target is not a valid URI");
      }
      RawHttp.Response after =
          connection.exchange("GET /clock?mirror_time=12:22 HTTP/1.1\r\nHost: localhost\r\n\r\n");
      assertThat(after.status()).isEqualTo(200);
      assertThat(after.body()).isEqualTo("{\"mirror_time\":\"12:22\",\"actual_time\":\"11:38\"}");
    }
  }

  @Test
  void encodedCharactersThatAreValidStillWork() {
    given()
        .urlEncodingEnabled(false)
        .get("/clock?mirror_time=12%3A22")
        .then()
        .statusCode(200)
        .body("actual_time", equalTo("11:38"));
  }

  @Test
  void targetThatIsNotAPathIsProblemJsonWithHeaders() throws Exception {
    try (RawHttp connection = RawHttp.connect(root.getPort(), 10_000)) {
      RawHttp.Response answer = connection.exchange("GET * HTTP/1.1\r\nHost: localhost\r\n\r\n");
      assertThat(answer.status()).isEqualTo(404);
      assertThat(answer.header("content-type")).isEqualTo(Problem.MEDIA_TYPE);
      assertThat(answer.header("x-frame-options")).isEqualTo("DENY");
    }
  }

  @Test
  void corsIsOffByDefault() {
    given()
        .header("Origin", "https://elsewhere.example")
        .header("Access-Control-Request-Method", "GET")
        .options("/clock")
        .then()
        .header("Access-Control-Allow-Origin", nullValue());
    given()
        .header("Origin", "https://elsewhere.example")
        .get("/clock?mirror_time=12:22")
        .then()
        .statusCode(200)
        .header("Access-Control-Allow-Origin", nullValue())
        .body(containsString("11:38"));
  }
}
