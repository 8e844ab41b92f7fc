package io.clockmirror.image;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** The identity an image build gives the service, set the way the image sets it. */
public final class NamedImageProfile implements QuarkusTestProfile {

  static final String TAG = "1.0.0-1a2b3c4";
  static final String COMMIT = "1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d";

  @Override
  public Map<String, String> getConfigOverrides() {
    return Map.of("clockmirror.image.tag", TAG, "clockmirror.image.commit", COMMIT);
  }
}
