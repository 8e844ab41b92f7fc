package io.clockmirror;

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
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

/**
 * The packaged application ({@code target/quarkus-app}) run as a process of its own on a free port,
 * the way a task runs it, with its output written to a temporary file.
 */
public final class PackagedApp implements AutoCloseable {

  private static final Path RUNNER = Path.of("target", "quarkus-app", "quarkus-run.jar");

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final int port;
  private final Path output;
  private final Process process;

  private PackagedApp(int port, Path output, Process process) {
    this.port = port;
    this.output = output;
    this.process = process;
  }

  /**
   * Starts the application with {@code environment} added to this one's and PORT set; the output
   * file holds standard output, and standard error as well when {@code withStandardError}.
   */
  public static PackagedApp start(Map<String, String> environment, boolean withStandardError)
      throws IOException {
    assertThat(RUNNER).exists();
    int port = freePort();
    Path output = Files.createTempFile("packaged-app", ".out");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder =
        new ProcessBuilder(java, "-jar", RUNNER.toString()).redirectOutput(output.toFile());
    if (withStandardError) {
      builder.redirectErrorStream(true);
    } else {
      builder.redirectError(ProcessBuilder.Redirect.DISCARD);
    }
    builder.environment().putAll(environment);
    builder.environment().put("PORT", Integer.toString(port));
    try {
      return new PackagedApp(port, output, builder.start());
    } catch (IOException e) {
      Files.deleteIfExists(output);
      throw e;
    }
  }

  public int port() {
    return port;
  }

  /**
   * Waits until readiness answers 200, handing every status it got on the way (-1 for none) to
   * {@code seen}; fails when the process exits or {@code limit} passes first.
   */
  public void awaitReady(Duration limit, IntConsumer seen) throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (System.nanoTime() < deadline) {
      int status = status("/q/health/ready");
      seen.accept(status);
      if (status == 200) {
        return;
      }
      assertThat(process.isAlive()).as("the service is running").isTrue();
      Thread.sleep(100);
    }
    throw new AssertionError("the service was not ready within " + limit);
  }

  /** The status of a GET of {@code pathAndQuery}, or -1 when no answer came. */
  public int status(String pathAndQuery) throws InterruptedException {
    try {
      HttpRequest request =
          HttpRequest.newBuilder(URI.create("http://localhost:" + port + pathAndQuery))
              .timeout(Duration.ofSeconds(5))
              .build();
      return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      return -1;
    }
  }

  /** The body of a GET of {@code pathAndQuery}; fails unless it answers 200. */
  public String body(String pathAndQuery) throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + pathAndQuery))
            .timeout(Duration.ofSeconds(5))
            .build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as("GET " + pathAndQuery).isEqualTo(200);
    return response.body();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** SIGTERM, the way ECS stops a task. */
  public void terminate() {
    process.destroy();
  }

  /** Fails unless the process exits within {@code limit}, cleanly or by SIGTERM. */
  public void awaitExit(Duration limit) throws InterruptedException {
    assertThat(process.waitFor(limit.toSeconds(), TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isIn(0, 143);
  }

  /** The exit code of a process that stops by itself within {@code limit}. */
  public int awaitStop(Duration limit) throws InterruptedException {
    assertThat(process.waitFor(limit.toSeconds(), TimeUnit.SECONDS))
        .as("the service stopped")
        .isTrue();
    return process.exitValue();
  }

  public List<String> outputLines() throws IOException {
    return Files.readAllLines(output, StandardCharsets.UTF_8);
  }

  public String output() throws IOException {
    return Files.readString(output, StandardCharsets.UTF_8);
  }

  /** Kills the process if it still runs and deletes its output. */
  @Override
  public void close() throws IOException {
    process.destroyForcibly();
    Files.deleteIfExists(output);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
