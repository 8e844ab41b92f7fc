package io.clockmirror.web;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The static mirror clock page and its way in; {@code MirrorPageIT} reruns it packaged. What the
 * page does in a browser is tested end to end in {@code e2e/}.
 */
@QuarkusTest
class MirrorPageTest {

  @Test
  void pageIsServedAsHtml() {
    given()
        .get("/mirror/")
        .then()
        .statusCode(200)
        .contentType(containsString("text/html"))
        .body(
            allOf(
                containsString("<title>The clock in the mirror"),
                containsString("<label for=\"mirror-time\">Time seen in the mirror</label>"),
                containsString("id=\"mirror-clock\""),
                containsString("<g class=\"reflection\" transform=\"scale(-1,1)\">"),
                containsString("id=\"real-clock\""),
                containsString("aria-live=\"polite\""),
                containsString("<script src=\"mirror.js\" defer></script>")));
  }

  @Test
  void pageLoadsNothingFromAnotherHost() {
    given()
        .get("/mirror/")
        .then()
        .statusCode(200)
        .body(allOf(not(containsString("http://")), not(containsString("https://"))));
  }

  @ParameterizedTest(name = "{0} is {1}")
  @CsvSource({
    "/mirror/index.html, text/html",
    "/mirror/mirror.css, text/css",
    "/mirror/mirror.js, text/javascript",
    "/mirror/favicon.svg, image/svg+xml",
  })
  void filesAreServedWithTheirContentType(String path, String type) {
    given().get(path).then().statusCode(200).contentType(containsString(type));
  }

  @Test
  void scriptAsksTheClockEndpoint() {
    given().get("/mirror/mirror.js").then().statusCode(200).body(containsString("'../clock'"));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "/mirror, /mirror/",
    "/mirror?mirror_time=12:22, /mirror/?mirror_time=12:22",
  })
  void shortAddressRedirectsToThePage(String path, String location) {
    given()
        .urlEncodingEnabled(false)
        .redirects()
        .follow(false)
        .get(path)
        .then()
        .statusCode(302)
        .header("Location", equalTo(location));
  }

  @Test
  void pageWithQueryIsServedNotRedirected() {
    given()
        .urlEncodingEnabled(false)
        .redirects()
        .follow(false)
        .get("/mirror/?mirror_time=12:22")
        .then()
        .statusCode(200)
        .contentType(containsString("text/html"));
  }

  @Test
  void otherPathsBelowTheShortAddressAreNotFound() {
    given().get("/mirrors").then().statusCode(404);
  }

  @Test
  void apiDescriptionLinksThePage() {
    given()
        .accept("application/json")
        .get("/openapi?format=json")
        .then()
        .statusCode(200)
        .body("info.description", containsString("[the clock in the mirror](/mirror/)"));
  }
}
