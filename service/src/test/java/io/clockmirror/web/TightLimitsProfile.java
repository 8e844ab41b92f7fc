package io.clockmirror.web;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * Small connection and time limits so that tests can reach them quickly, and CORS switched on for
 * one origin the way an operator would through environment variables.
 */
public final class TightLimitsProfile implements QuarkusTestProfile {

  static final int MAX_CONNECTIONS = 4;
  static final int IDLE_SECONDS = 3;
  static final String ALLOWED_ORIGIN = "https://clock.example";

  @Override
  public Map<String, String> getConfigOverrides() {
    return Map.of(
        "quarkus.http.limits.max-connections",
        Integer.toString(MAX_CONNECTIONS),
        "quarkus.http.idle-timeout",
        IDLE_SECONDS + "s",
        "quarkus.http.cors.enabled",
        "true",
        "quarkus.http.cors.origins",
        ALLOWED_ORIGIN);
  }
}
