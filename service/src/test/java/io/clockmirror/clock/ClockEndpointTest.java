package io.clockmirror.clock;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The HTTP contract of GET /clock; {@code ClockEndpointIT} reruns it on the packaged app. */
@QuarkusTest
class ClockEndpointTest {

  private static final String EXPECTED =
      " is not a valid time: expected H:MM or HH:MM with hour 1-12 and minutes 00-59";

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "12:22, 12:22, 11:38",
    "05:25, 05:25, 06:35",
    "01:50, 01:50, 10:10",
    "11:58, 11:58, 12:02",
    "12:01, 12:01, 11:59",
    "04:25, 04:25, 07:35",
    "10:00, 10:00, 02:00",
    "11:00, 11:00, 01:00",
    "12:00, 12:00, 12:00",
    "06:00, 06:00, 06:00",
    "2:11, 02:11, 09:49",
  })
  void answersWithTheRealTime(String query, String mirror, String actual) {
    given()
        .queryParam("mirror_time", query)
        .when()
        .get("/clock")
        .then()
        .statusCode(200)
        .contentType("application/json")
        // Exact bytes: keys in the documented order, nothing else.
        .body(equalTo("{\"mirror_time\":\"" + mirror + "\",\"actual_time\":\"" + actual + "\"}"));
  }

  @Test
  void acceptsARepeatedParameterWithTheSameValue() {
    given()
        .urlEncodingEnabled(false)
        .get("/clock?mirror_time=12:22&mirror_time=12:22")
        .then()
        .statusCode(200)
        .body("actual_time", equalTo("11:38"));
  }

  @Test
  void acceptsAPercentEncodedColon() {
    given()
        .urlEncodingEnabled(false)
        .get("/clock?mirror_time=12%3A22")
        .then()
        .statusCode(200)
        .body("actual_time", equalTo("11:38"));
  }

  @ParameterizedTest(name = "[{0}] is a 400")
  @ValueSource(
      strings = {
        "00:20",
        "13:20",
        "12:60",
        "1:5",
        " 12:22",
        "12:22 ",
        "01:20:00",
        "١٢:٢٢",
        "１２:２２",
        "12-22"
      })
  void rejectsAnInvalidTime(String value) {
    badRequest(given().queryParam("mirror_time", value).get("/clock"), value + EXPECTED);
  }

  @Test
  void rejectsAMissingParameter() {
    badRequest(
        given().get("/clock"),
        "mirror_time is required: expected H:MM or HH:MM with hour 1-12 and minutes 00-59");
  }

  @Test
  void rejectsAnEmptyValue() {
    badRequest(
        given().get("/clock?mirror_time="),
        "mirror_time is empty: expected H:MM or HH:MM with hour 1-12 and minutes 00-59");
  }

  @Test
  void rejectsARepeatedParameterWithDifferentValues() {
    badRequest(
        given().urlEncodingEnabled(false).get("/clock?mirror_time=12:22&mirror_time=01:00"),
        "mirror_time was given more than one value: expected exactly one time");
  }

  @Test
  void quotesAVeryLongValueShortened() {
    String value = "1".repeat(2_000);
    badRequest(
        given().queryParam("mirror_time", value).get("/clock"),
        "1".repeat(64) + "… (2000 characters)" + EXPECTED);
  }

  @Test
  void quotesALongValueWholeCharactersAndCountsThem() {
    String value = "a".repeat(63) + "\uD83D\uDE00" + "b";
    badRequest(
        given().queryParam("mirror_time", value).get("/clock"),
        "a".repeat(63) + "\uD83D\uDE00" + "… (65 characters)" + EXPECTED);
  }

  @Test
  void answersAnUnknownPathWith404Problem() {
    given()
        .get("/clocks")
        .then()
        .statusCode(404)
        .contentType("application/problem+json")
        .body("status", equalTo(404))
        .body("title", equalTo("Not Found"))
        .body("detail", equalTo("There is nothing at /clocks"))
        .body("instance", equalTo("/clocks"));
  }

  @Test
  void answersAWrongMethodWith405Problem() {
    given()
        .contentType(ContentType.JSON)
        .body("{}")
        .post("/clock")
        .then()
        .statusCode(405)
        .header("Allow", "GET, HEAD")
        .contentType("application/problem+json")
        .body("status", equalTo(405))
        .body("detail", equalTo("POST is not supported on this path: use GET or HEAD"));
    given().delete("/clock").then().statusCode(405).contentType("application/problem+json");
  }

  @Test
  void neverLeaksAStackTrace() {
    given()
        .urlEncodingEnabled(false)
        .get("/clock?mirror_time=%E2%91%A0:22")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("detail", startsWith("①:22 is not a valid time"));
  }

  private static void badRequest(io.restassured.response.Response response, String detail) {
    response
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("type", equalTo("about:blank"))
        .body("title", equalTo("Bad Request"))
        .body("status", equalTo(400))
        .body("detail", equalTo(detail))
        .body("instance", equalTo("/clock"));
  }
}
