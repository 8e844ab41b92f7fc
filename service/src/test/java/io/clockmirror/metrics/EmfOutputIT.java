package io.clockmirror.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The packaged application as a process with EMF on, the way the task runs it: its standard output
 * holds the EMF lines, each a whole line of its own between the JSON log lines, and together they
 * count every answer the test got, by outcome, up to the last one before SIGTERM.
 */
class EmfOutputIT {

  private static final Path RUNNER = Path.of("target", "quarkus-app", "quarkus-run.jar");
  private static final String ENVIRONMENT = "integration-test";

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final Map<Outcome, Long> sent = new EnumMap<>(Outcome.class);
  private Process app;
  private Path output;

  @AfterEach
  void cleanUp() throws IOException {
    if (app != null) {
      app.destroyForcibly();
    }
    if (output != null) {
      Files.deleteIfExists(output);
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

    app.destroy(); // SIGTERM: readiness goes down, requests are still answered for the delay
    long signalled = System.nanoTime();
    while (System.nanoTime() - signalled < Duration.ofSeconds(1).toNanos()) {
      count(get("http://localhost:" + port + "/clock?mirror_time=12:22"));
      count(get("http://localhost:" + port + "/q/health/ready"));
      Thread.sleep(50);
    }
    assertThat(sent.get(Outcome.SERVER_ERROR)).as("readiness DOWN during the delay").isPositive();

    awaitExit();
    assertThat(totals()).isEqualTo(sent);
  }

  private int start(String interval, String shutdownDelay) throws Exception {
    assertThat(RUNNER).exists();
    int port = freePort();
    output = Files.createTempFile("emf", ".out");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder =
        new ProcessBuilder(java, "-jar", RUNNER.toString())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .redirectOutput(output.toFile());
    Map<String, String> env = builder.environment();
    env.put("PORT", Integer.toString(port));
    env.put("SHUTDOWN_DELAY", shutdownDelay);
    env.put("CLOCKMIRROR_METRICS_EMF_ENABLED", "true");
    env.put("CLOCKMIRROR_METRICS_EMF_INTERVAL", interval);
    env.put("CLOCKMIRROR_METRICS_ENVIRONMENT", ENVIRONMENT);
    app = builder.start();
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      int status = get("http://localhost:" + port + "/q/health/ready");
      count(status);
      if (status == 200) {
        return port;
      }
      assertThat(app.isAlive()).as("the service is running").isTrue();
      Thread.sleep(100);
    }
    throw new AssertionError("the service was not ready within 60 s");
  }

  private void stop() throws Exception {
    app.destroy();
    awaitExit();
  }

  private void awaitExit() throws Exception {
    assertThat(app.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(app.exitValue()).isIn(0, 143);
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
    List<String> lines = Files.readAllLines(output, StandardCharsets.UTF_8);
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

  /** The status, or -1 when no answer came (not listening yet, or closed). */
  private int get(String url) throws InterruptedException {
    try {
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build();
      return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      return -1;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
