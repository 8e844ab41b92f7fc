package io.clockmirror.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.clockmirror.PackagedApp;
import java.io.IOException;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The packaged application as a process with EMF on, the way the task runs it: its standard output
 * holds the EMF lines, each a whole line of its own between the JSON log lines, and together they
 * count every answer the test got, by outcome, up to the last one before SIGTERM.
 */
class EmfOutputIT {

  private static final String ENVIRONMENT = "integration-test";

  private final Map<Outcome, Long> sent = new EnumMap<>(Outcome.class);
  private PackagedApp app;

  @AfterEach
  void cleanUp() throws IOException {
    if (app != null) {
      app.close();
    }
  }

  @Test
  void linesAppearEveryIntervalAndCountEveryAnswer() throws Exception {
    int port = start("1s", "0s");
    add(RequestMix.send(port, 2));

    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!totals().equals(sent) && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }
    assertThat(app.isAlive()).isTrue();
    assertThat(totals()).as("lines written while the service runs").isEqualTo(sent);

    stop();
    assertThat(totals()).isEqualTo(sent);
  }

  @Test
  void theLastIntervalIsWrittenWhenTheServiceStops() throws Exception {
    int port = start("1h", "2s");
    add(RequestMix.send(port, 1));
    Thread.sleep(500);
    assertThat(emfLines()).as("no line before the hour is over").isEmpty();

    app.terminate(); // readiness goes down, requests are still answered for the delay
    long signalled = System.nanoTime();
    while (System.nanoTime() - signalled < Duration.ofSeconds(1).toNanos()) {
      count(app.status("/clock?mirror_time=12:22"));
      count(app.status("/q/health/ready"));
      Thread.sleep(50);
    }
    assertThat(sent.get(Outcome.SERVER_ERROR)).as("readiness DOWN during the delay").isPositive();

    app.awaitExit(Duration.ofSeconds(30));
    assertThat(totals()).isEqualTo(sent);
  }

  private int start(String interval, String shutdownDelay) throws Exception {
    app =
        PackagedApp.start(
            Map.of(
                "SHUTDOWN_DELAY", shutdownDelay,
                "CLOCKMIRROR_METRICS_EMF_ENABLED", "true",
                "CLOCKMIRROR_METRICS_EMF_INTERVAL", interval,
                "CLOCKMIRROR_METRICS_ENVIRONMENT", ENVIRONMENT),
            false);
    app.awaitReady(Duration.ofSeconds(60), this::count);
    return app.port();
  }

  private void stop() throws Exception {
    app.terminate();
    app.awaitExit(Duration.ofSeconds(30));
  }

  /** The answers counted in the EMF lines so far, by outcome; every line checked on the way. */
  private Map<Outcome, Long> totals() throws IOException {
    Map<Outcome, Long> counted = new EnumMap<>(Outcome.class);
    for (String line : emfLines()) {
      EmfSpec.Document document = EmfSpec.parse(line);
      assertThat(document.environment()).isEqualTo(ENVIRONMENT);
      assertThat(document.histogramCounts().stream().mapToLong(Long::longValue).sum())
          .isEqualTo(document.requests());
      for (Outcome outcome : Outcome.values()) {
        if (outcome.dimension().equals(document.outcome())) {
          counted.merge(outcome, document.requests(), Long::sum);
        }
      }
    }
    return counted;
  }

  /** EMF lines of the output; every other line must be a JSON log record without "_aws". */
  private List<String> emfLines() throws IOException {
    List<String> lines = app.outputLines();
    if (!lines.isEmpty() && !app.isAlive()) {
      assertThat(lines.getLast()).isNotEmpty();
    }
    for (String line : lines) {
      if (!EmfSpec.isEmf(line) && !line.isEmpty()) {
        assertThat(line).startsWith("{").doesNotContain("\"_aws\"");
      }
    }
    return lines.stream().filter(EmfSpec::isEmf).toList();
  }

  private void add(Map<Outcome, Long> answers) {
    answers.forEach((outcome, n) -> sent.merge(outcome, n, Long::sum));
  }

  private void count(int status) {
    if (status > 0) {
      sent.merge(Outcome.of(status), 1L, Long::sum);
    }
  }
}
