package io.clockmirror.infra;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Template;

/** The task definition switches the service's own metrics on or off per environment. */
class ServiceMetricsTest {

  @Test
  void devWritesEmfForItsOwnEnvironmentName() {
    hasEnvironment(AppTemplate.rolling(), "true", "dev");
  }

  @Test
  void anEnvironmentWithoutServiceMetricsTurnsThemOff() {
    hasEnvironment(Synth.template(Synth.variant().app()), "false", "qa");
  }

  private static void hasEnvironment(Template template, String enabled, String environment) {
    AppTemplate.hasContainer(
        template,
        Map.of(
            "Name",
            "clockmirror",
            "Environment",
            List.of(
                Map.of("Name", "CLOCKMIRROR_METRICS_EMF_ENABLED", "Value", enabled),
                Map.of("Name", "CLOCKMIRROR_METRICS_ENVIRONMENT", "Value", environment))));
  }
}
