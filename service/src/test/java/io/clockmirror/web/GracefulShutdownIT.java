package io.clockmirror.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Starts the packaged application as a real process and sends it SIGTERM, the way ECS stops a task:
 * readiness must turn DOWN while /clock still answers, then the process exits cleanly.
 */
class GracefulShutdownIT {

  private static final Path RUNNER = Path.of("target", "quarkus-app", "quarkus-run.jar");
  private static final Duration DELAY = Duration.ofSeconds(3);

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @Test
  void readinessTurnsDownBeforeTheServerStops() throws Exception {
    assertThat(RUNNER).exists();
    int port = freePort();
    Path log = Files.createTempFile("shutdown", ".log");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder =
        new ProcessBuilder(java, "-jar", RUNNER.toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().put("PORT", Integer.toString(port));
    builder.environment().put("SHUTDOWN_DELAY", DELAY.toSeconds() + "s");
    Process app = builder.start();
    try {
      String base = "http://localhost:" + port;
      awaitStatus(base + "/q/health/ready", 200, Duration.ofSeconds(30));

      app.destroy(); // SIGTERM
      long signalled = System.nanoTime();
      List<Integer> readiness = new ArrayList<>();
      List<Integer> answers = new ArrayList<>();
      while (System.nanoTime() - signalled < DELAY.toNanos() / 2) {
        readiness.add(status(base + "/q/health/ready"));
        answers.add(status(base + "/clock?mirror_time=12:22"));
        Thread.sleep(100);
      }

      assertThat(readiness).isNotEmpty().last().isEqualTo(503);
      assertThat(answers).isNotEmpty().containsOnly(200);
      assertThat(app.waitFor(DELAY.toSeconds() + 20, TimeUnit.SECONDS)).isTrue();
      assertThat(app.exitValue()).isIn(0, 143);
      assertThat(Files.readString(log)).doesNotContain("Exception");
    } finally {
      app.destroyForcibly();
      Files.deleteIfExists(log);
    }
  }

  private void awaitStatus(String url, int expected, Duration limit) throws InterruptedException {
    long end = System.nanoTime() + limit.toNanos();
    while (System.nanoTime() < end) {
      if (status(url) == expected) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError(url + " did not answer " + expected + " within " + limit);
  }

  private int status(String url) throws InterruptedException {
    try {
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build();
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
