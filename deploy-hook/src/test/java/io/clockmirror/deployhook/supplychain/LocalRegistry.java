package io.clockmirror.deployhook.supplychain;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * A real registry for the integration tests: Debian's docker-registry (distribution 2.8) serving
 * plain HTTP on a free loopback port of the range {@code registry.ports} names, storing in a
 * temporary directory. Missing binaries fail the test with what to install, never skip it.
 */
final class LocalRegistry implements AutoCloseable {

  private final Process process;
  private final int port;

  private LocalRegistry(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  static Path requiredTool(String property, String what) {
    String value = System.getProperty(property, "");
    Path tool = Path.of(value);
    if (value.isBlank() || !Files.isExecutable(tool)) {
      throw new AssertionError(
          what
              + " is needed here: system property "
              + property
              + "='"
              + value
              + "' is not an executable (deploy-hook/supply-chain-check.sh installs it and sets it)");
    }
    return tool;
  }

  static LocalRegistry start(Path storage) throws IOException, InterruptedException {
    Path binary = requiredTool("registry.bin", "Debian's docker-registry");
    int port = freePort(System.getProperty("registry.ports", "25300-25349"));
    Path config = storage.resolve("config.yml");
    Files.writeString(
        config,
        """
        version: 0.1
        log:
          level: warn
        storage:
          filesystem:
            rootdirectory: %s
          delete:
            enabled: true
        http:
          addr: 127.0.0.1:%d
        """
            .formatted(storage.resolve("data"), port));
    Process process =
        new ProcessBuilder(binary.toString(), "serve", config.toString())
            .redirectErrorStream(true)
            .redirectOutput(storage.resolve("registry.log").toFile())
            .start();
    LocalRegistry registry = new LocalRegistry(process, port);
    registry.awaitReady(storage.resolve("registry.log"));
    return registry;
  }

  URI url() {
    return URI.create("http://127.0.0.1:" + port);
  }

  private void awaitReady(Path log) throws IOException, InterruptedException {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
    try (HttpClient http = HttpClient.newHttpClient()) {
      while (Instant.now().isBefore(deadline)) {
        if (!process.isAlive()) {
          throw new AssertionError("docker-registry exited: " + Files.readString(log));
        }
        try {
          if (http.send(
                      HttpRequest.newBuilder(url().resolve("/v2/")).build(),
                      HttpResponse.BodyHandlers.discarding())
                  .statusCode()
              == 200) {
            return;
          }
        } catch (IOException notYet) {
          // The port opens a moment after the process starts.
        }
        Thread.sleep(100);
      }
    }
    throw new AssertionError("docker-registry not ready on port " + port + " within 30 s");
  }

  static int freePort(String range) throws IOException {
    String[] bounds = range.split("-", 2);
    int first = Integer.parseInt(bounds[0].strip());
    int last = Integer.parseInt(bounds[1].strip());
    for (int port = first; port <= last; port++) {
      try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
        return probe.getLocalPort();
      } catch (IOException taken) {
        // Try the next one.
      }
    }
    throw new IOException("no free port in " + range);
  }

  /** A loopback port nothing listens on (it was free a moment ago). */
  static int closedPort() throws IOException {
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return probe.getLocalPort();
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
