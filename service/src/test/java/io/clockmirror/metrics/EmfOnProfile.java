package io.clockmirror.metrics;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** EMF on, with an interval long enough that only the test ends one. */
public final class EmfOnProfile implements QuarkusTestProfile {

  static final String ENVIRONMENT = "component-test";

  @Override
  public Map<String, String> getConfigOverrides() {
    return Map.of(
        "clockmirror.metrics.emf.enabled", "true",
        "clockmirror.metrics.emf.interval", "1h",
        "clockmirror.metrics.environment", ENVIRONMENT);
  }
}
