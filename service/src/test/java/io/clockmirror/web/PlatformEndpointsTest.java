package io.clockmirror.web;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.matchesRegex;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** Documentation and operations endpoints; {@code PlatformEndpointsIT} reruns them packaged. */
@QuarkusTest
class PlatformEndpointsTest {

  @Test
  void openApiDescribesTheOperation() {
    given()
        .accept("application/json")
        .get("/openapi?format=json")
        .then()
        .statusCode(200)
        .body("openapi", equalTo("3.1.0"))
        .body("paths.'/clock'.get.operationId", equalTo("readMirrorClock"))
        .body("paths.'/clock'.get.parameters.name", hasItem("mirror_time"))
        .body("paths.'/clock'.get.parameters[0].required", equalTo(true))
        .body(
            "paths.'/clock'.get.responses.'200'.content.'application/json'.examples.puzzle.value.actual_time",
            equalTo("11:38"))
        .body(
            "paths.'/clock'.get.responses.'400'.content.'application/problem+json'.schema.'$ref'",
            equalTo("#/components/schemas/Problem"))
        .body("components.schemas.ClockAnswer.required", hasItem("actual_time"));
  }

  @Test
  void openApiIsServedAsYamlByDefault() {
    given()
        .get("/openapi")
        .then()
        .statusCode(200)
        .body(containsString("operationId: readMirrorClock"));
  }

  @Test
  void swaggerJsonServesTheSameDocumentAtTheOriginalPath() {
    given()
        .get("/swagger.json")
        .then()
        .statusCode(200)
        .contentType(containsString("application/json"))
        .body("paths", hasKey("/clock"))
        .body("info.title", equalTo("clockmirror"));
  }

  @Test
  void rootRedirectsToSwaggerUi() {
    given()
        .redirects()
        .follow(false)
        .get("/")
        .then()
        .statusCode(302)
        .header("Location", equalTo("/q/swagger-ui/"));
    given()
        .get("/q/swagger-ui/")
        .then()
        .statusCode(200)
        .contentType(containsString("text/html"))
        .body(containsString("swagger-ui"))
        .body(containsString("/openapi"));
  }

  @Test
  void readinessAndLivenessAreUp() {
    given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
  }

  @Test
  void metricsHaveARequestDurationHistogramForClock() {
    given().get("/clock?mirror_time=12:22").then().statusCode(200);
    given().get("/clock?mirror_time=13:22").then().statusCode(400);
    given()
        .get("/q/metrics")
        .then()
        .statusCode(200)
        .body(
            containsString(
                "http_server_requests_seconds_bucket{method=\"GET\",outcome=\"SUCCESS\","
                    + "status=\"200\",uri=\"/clock\",le=\"0.005\"}"))
        // The /clock timers exist from start-up, so the counts prove the requests were recorded.
        .body(
            matchesRegex(
                "(?s).*http_server_requests_seconds_count\\{method=\"GET\",outcome=\"SUCCESS\","
                    + "status=\"200\",uri=\"/clock\"} [1-9].*"))
        .body(
            matchesRegex(
                "(?s).*http_server_requests_seconds_count\\{method=\"GET\","
                    + "outcome=\"CLIENT_ERROR\",status=\"400\",uri=\"/clock\"} [1-9].*"))
        .body(containsString("http_server_requests_seconds_count{method=\"GET\""));
  }

  @Test
  void infoShowsTheBuild() {
    given()
        .get("/q/info")
        .then()
        .statusCode(200)
        .body("build.artifact", equalTo("clockmirror-service"))
        .body("build.version", notNullValue())
        .body("git.commit.id", matchesPattern("[0-9a-f]{40}"))
        // Started without an image identity: the build is unnamed.
        .body("image.tag", equalTo("local"))
        .body("image.commit", equalTo("local"));
  }
}
