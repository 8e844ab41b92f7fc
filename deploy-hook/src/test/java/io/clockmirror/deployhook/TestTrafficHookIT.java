package io.clockmirror.deployhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.clockmirror.deployhook.FakeService.Reply;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The hook against the packaged service (it must pass) and against a service that answers wrongly,
 * as buildspec/wrong-answer-server.py does (it must fail): in-process, and from the deployment file
 * target/deploy-hook.jar as Lambda and the command line run it.
 */
class TestTrafficHookIT {

  private static final String HANDLER = "io.clockmirror.deployhook.TestTrafficHook::handleRequest";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
  private static final Duration RUN_TIMEOUT = Duration.ofSeconds(60);
  private static final String HEADER = "X-Clockmirror-Test";
  private static final String SECRET = "it-secret-4b1d";

  private static Process service;
  private static String serviceUrl;
  private static final Path JAR = Path.of(System.getProperty("hook.jar", "target/deploy-hook.jar"));
  private static final String VERSION = System.getProperty("project.version");

  /** The identity the service is started with, as an image of commit 1a2b3c4... carries it. */
  private static final String IMAGE_TAG = VERSION + "-1a2b3c4";

  private static final String IMAGE_COMMIT = "1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d";

  /** The tag of the next commit's image: what a deployment of that image expects. */
  private static final String NEXT_IMAGE_TAG = VERSION + "-2b3c4d5";

  @BeforeAll
  static void startThePackagedService() throws Exception {
    Path jar = Path.of(System.getProperty("service.jar"));
    assertThat(jar).as("packaged service (./mvnw -pl service package)").isRegularFile();
    assertThat(JAR).as("deployment file").isRegularFile();
    int port = freePort(18150, 18199);
    serviceUrl = "http://127.0.0.1:" + port;
    ProcessBuilder builder =
        new ProcessBuilder(java(), "-jar", jar.toString())
            .redirectErrorStream(true)
            .redirectOutput(Path.of("target", "service-it.log").toFile());
    builder.environment().put("PORT", String.valueOf(port));
    builder.environment().put("SHUTDOWN_DELAY", "0s");
    builder.environment().put("CLOCKMIRROR_IMAGE_TAG", IMAGE_TAG);
    builder.environment().put("CLOCKMIRROR_IMAGE_COMMIT", IMAGE_COMMIT);
    service = builder.start();
    awaitReady();
  }

  @AfterAll
  static void stopTheService() throws InterruptedException {
    if (service != null) {
      service.destroy();
      if (!service.waitFor(30, TimeUnit.SECONDS)) {
        service.destroyForcibly();
      }
    }
  }

  private static String java() {
    return ProcessHandle.current().info().command().orElse("java");
  }

  private static int freePort(int first, int last) throws IOException {
    for (int port = first; port <= last; port++) {
      try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
        return probe.getLocalPort();
      } catch (IOException taken) {
        // Try the next one.
      }
    }
    throw new IOException("no free port in " + first + "-" + last);
  }

  private static void awaitReady() throws InterruptedException {
    HttpRequest ready = HttpRequest.newBuilder(URI.create(serviceUrl + SmokeChecks.READY)).build();
    Instant deadline = Instant.now().plus(START_TIMEOUT);
    try (HttpClient http = HttpClient.newHttpClient()) {
      while (Instant.now().isBefore(deadline)) {
        assertThat(service.isAlive()).as("service process (see target/service-it.log)").isTrue();
        try {
          if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
            return;
          }
        } catch (IOException notYetListening) {
          // The port opens a moment after the process starts.
        }
        Thread.sleep(200);
      }
    }
    throw new AssertionError("service not ready within " + START_TIMEOUT);
  }

  private static Map<String, String> hookEnv(String url, String imageTag) {
    Map<String, String> env = new HashMap<>();
    env.put("TEST_URL", url);
    env.put("EXPECTED_IMAGE_TAG", imageTag);
    env.put("TEST_HEADER_NAME", HEADER);
    env.put("TEST_HEADER_VALUE", SECRET);
    env.put("READY_ATTEMPTS", "5");
    env.put("READY_INTERVAL_SECONDS", "0.2");
    return env;
  }

  /** The service of buildspec/wrong-answer-server.py: ready, and every time reflected wrongly. */
  private static FakeService wrongService() throws IOException {
    FakeService wrong = new FakeService();
    Reply same = Reply.json(200, "{\"mirror_time\":\"12:22\",\"actual_time\":\"12:22\"}");
    for (String time : List.of("12:22", "2:11", "13:20")) {
      wrong.answer("/clock?mirror_time=" + time, same);
    }
    return wrong;
  }

  private record Run(int exit, String stdout, String stderr, String response) {}

  private static Run run(Map<String, String> env, String... command) throws Exception {
    Path out = Files.createTempFile(Path.of("target"), "hook-out", ".txt");
    Path err = Files.createTempFile(Path.of("target"), "hook-err", ".txt");
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
    builder
        .environment()
        .keySet()
        .removeIf(name -> name.startsWith("TEST_") || name.startsWith("SMOKE_"));
    builder.environment().putAll(env);
    Process process = builder.start();
    assertThat(process.waitFor(RUN_TIMEOUT.toSeconds(), TimeUnit.SECONDS)).as("finished").isTrue();
    return new Run(process.exitValue(), Files.readString(out), Files.readString(err), "");
  }

  private static Run runHandlerFromTheDeploymentFile(Map<String, String> env) throws Exception {
    Path event =
        Files.writeString(
            Files.createTempFile(Path.of("target"), "event", ".json"), HookEventTest.EVENT);
    Path response = Files.createTempFile(Path.of("target"), "response", ".json");
    String classPath = JAR + File.pathSeparator + Path.of("target", "test-classes");
    Run run =
        run(
            env,
            java(),
            "-cp",
            classPath,
            "io.clockmirror.deployhook.runtime.StreamHandlerRunner",
            HANDLER,
            event.toString(),
            response.toString());
    return new Run(run.exit(), run.stdout(), run.stderr(), Files.readString(response));
  }

  @Test
  void theHookPassesThePackagedService() {
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    TestTrafficHook hook =
        new TestTrafficHook(
            hookEnv(serviceUrl, IMAGE_TAG), new PrintStream(log, true, StandardCharsets.UTF_8));
    assertThat(hook.decide(HookEventTest.EVENT.getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(TestTrafficHook.SUCCEEDED);
    assertThat(log.toString(StandardCharsets.UTF_8))
        .contains("ok   GET /q/info -> 200 application/json")
        .contains("hookStatus SUCCEEDED")
        .doesNotContain(SECRET);
  }

  @Test
  void theHookFailsThePackagedServiceWhenItIsAnOlderBuild() {
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    TestTrafficHook hook =
        new TestTrafficHook(
            hookEnv(serviceUrl, NEXT_IMAGE_TAG),
            new PrintStream(log, true, StandardCharsets.UTF_8));
    assertThat(hook.decide(HookEventTest.EVENT.getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(TestTrafficHook.FAILED);
    assertThat(log.toString(StandardCharsets.UTF_8))
        .contains(
            "hookStatus FAILED: GET /q/info: reports image tag '"
                + IMAGE_TAG
                + "', expected '"
                + NEXT_IMAGE_TAG
                + "': another build answered");
  }

  @Test
  void theDeploymentFileAnswersSucceededForThePackagedService() throws Exception {
    Run run = runHandlerFromTheDeploymentFile(hookEnv(serviceUrl, IMAGE_TAG));
    assertThat(run.exit()).as(run.stderr()).isZero();
    assertThat(run.response()).isEqualTo("{\"hookStatus\":\"SUCCEEDED\"}");
    assertThat(run.stdout())
        .contains("hookStatus SUCCEEDED: every check passed")
        .doesNotContain(SECRET);
  }

  @Test
  void theDeploymentFileAnswersFailedForAWrongService() throws Exception {
    try (FakeService wrong = wrongService()) {
      Run run = runHandlerFromTheDeploymentFile(hookEnv(wrong.url(), IMAGE_TAG));
      assertThat(run.exit()).as(run.stderr()).isZero();
      assertThat(run.response()).isEqualTo("{\"hookStatus\":\"FAILED\"}");
      assertThat(run.stdout())
          .contains(
              "hookStatus FAILED: GET /clock?mirror_time=12:22: body"
                  + " {\"mirror_time\":\"12:22\",\"actual_time\":\"12:22\"}")
          .doesNotContain(SECRET);
    }
  }

  @Test
  void theDeploymentFileAnswersFailedWithoutConfiguration() throws Exception {
    Run run = runHandlerFromTheDeploymentFile(Map.of());
    assertThat(run.response()).isEqualTo("{\"hookStatus\":\"FAILED\"}");
    assertThat(run.stdout()).contains("hookStatus FAILED: TEST_URL is not set");
  }

  @Test
  void theCommandLinePassesThePackagedServiceAndFailsTheWrongOne() throws Exception {
    Map<String, String> env =
        Map.of("SMOKE_ATTEMPTS", "5", "SMOKE_INTERVAL", "0.2", "EXPECTED_IMAGE_TAG", IMAGE_TAG);
    Run pass = run(env, java(), "-jar", JAR.toString(), serviceUrl);
    assertThat(pass.exit()).as(pass.stderr()).isZero();
    assertThat(pass.stdout()).endsWith("smoke test passed: " + serviceUrl + System.lineSeparator());
    try (FakeService wrong = wrongService()) {
      Run fail = run(env, java(), "-jar", JAR.toString(), wrong.url());
      assertThat(fail.exit()).isEqualTo(1);
      assertThat(fail.stderr()).startsWith("SMOKE FAIL: GET /clock?mirror_time=12:22: body ");
    }
  }

  @Test
  void theCommandLineFailsThePackagedServiceWhenItIsAnOlderBuild() throws Exception {
    Map<String, String> env =
        Map.of(
            "SMOKE_ATTEMPTS", "5", "SMOKE_INTERVAL", "0.2", "EXPECTED_IMAGE_TAG", NEXT_IMAGE_TAG);
    Run fail = run(env, java(), "-jar", JAR.toString(), serviceUrl);
    assertThat(fail.exit()).isEqualTo(1);
    assertThat(fail.stderr())
        .isEqualTo(
            "SMOKE FAIL: GET /q/info: reports image tag '"
                + IMAGE_TAG
                + "', expected '"
                + NEXT_IMAGE_TAG
                + "': another build answered"
                + System.lineSeparator());
  }
}
