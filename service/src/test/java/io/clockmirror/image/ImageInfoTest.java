package io.clockmirror.image;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

/**
 * A service given an identity reports it in {@code /q/info}; without one it reports {@value
 * ImageIdentity#UNNAMED} ({@code PlatformEndpointsTest}).
 */
@QuarkusTest
@TestProfile(NamedImageProfile.class)
class ImageInfoTest {

  @Test
  void infoReportsTheImageItWasGiven() {
    given()
        .get("/q/info")
        .then()
        .statusCode(200)
        .body("image.size()", equalTo(2))
        .body("image.tag", equalTo(NamedImageProfile.TAG))
        .body("image.commit", equalTo(NamedImageProfile.COMMIT))
        .body("build.artifact", equalTo("clockmirror-service"));
  }
}
