package io.clockmirror.image;

import static org.assertj.core.api.Assertions.assertThat;

import io.clockmirror.PackagedApp;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The packaged application reads its identity from the environment variables the image sets
 * (Dockerfile), and refuses to start with one that is not an image tag and commit.
 */
class ImageInfoIT {

  private static final Duration START = Duration.ofSeconds(30);

  @Test
  void infoReportsTheIdentityTheEnvironmentGives() throws Exception {
    try (PackagedApp app =
        PackagedApp.start(
            Map.of(
                "CLOCKMIRROR_IMAGE_TAG", NamedImageProfile.TAG,
                "CLOCKMIRROR_IMAGE_COMMIT", NamedImageProfile.COMMIT),
            false)) {
      app.awaitReady(START, status -> {});
      JsonPath info = JsonPath.from(app.body("/q/info"));
      assertThat(info.getMap("image"))
          .containsExactlyInAnyOrderEntriesOf(
              Map.of("tag", NamedImageProfile.TAG, "commit", NamedImageProfile.COMMIT));
    }
  }

  @Test
  void aMalformedIdentityIsAFailedStart() throws Exception {
    try (PackagedApp app = PackagedApp.start(Map.of("CLOCKMIRROR_IMAGE_COMMIT", "main"), true)) {
      assertThat(app.awaitStop(START)).isNotZero();
      assertThat(app.output()).contains("clockmirror.image.commit is [main]: not a commit id");
    }
  }
}
