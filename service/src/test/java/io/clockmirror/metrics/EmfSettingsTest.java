package io.clockmirror.metrics;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class EmfSettingsTest {

  @Test
  void rejectsWhatCloudWatchWouldRefuseAtStartUp() {
    Duration minute = Duration.ofSeconds(60);
    assertThatCode(() -> new EmfSettings(true, minute, "prod")).doesNotThrowAnyException();
    for (String environment : new String[] {"", "   ", "pr\u00f6d", "a\tb", "x".repeat(1025)}) {
      assertThatThrownBy(() -> new EmfSettings(true, minute, environment))
          .hasMessageContaining("clockmirror.metrics.environment");
    }
    assertThatThrownBy(() -> new EmfSettings(true, Duration.ofMillis(10), "prod"))
        .hasMessageContaining("clockmirror.metrics.emf.interval");
  }
}
