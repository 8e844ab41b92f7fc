package io.clockmirror.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.clockmirror.PackagedApp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Starts the packaged application as a real process and sends it SIGTERM, the way ECS stops a task:
 * readiness must turn DOWN while /clock still answers, then the process exits cleanly.
 */
class GracefulShutdownIT {

  private static final Duration DELAY = Duration.ofSeconds(3);

  @Test
  void readinessTurnsDownBeforeTheServerStops() throws Exception {
    try (PackagedApp app =
        PackagedApp.start(Map.of("SHUTDOWN_DELAY", DELAY.toSeconds() + "s"), true)) {
      app.awaitReady(Duration.ofSeconds(30), status -> {});

      app.terminate();
      long signalled = System.nanoTime();
      List<Integer> readiness = new ArrayList<>();
      List<Integer> answers = new ArrayList<>();
      while (System.nanoTime() - signalled < DELAY.toNanos() / 2) {
        readiness.add(app.status("/q/health/ready"));
        answers.add(app.status("/clock?mirror_time=12:22"));
        Thread.sleep(100);
      }

      assertThat(readiness).isNotEmpty().last().isEqualTo(503);
      assertThat(answers).isNotEmpty().containsOnly(200);
      app.awaitExit(DELAY.plusSeconds(20));
      assertThat(app.output()).doesNotContain("Exception");
    }
  }
}
