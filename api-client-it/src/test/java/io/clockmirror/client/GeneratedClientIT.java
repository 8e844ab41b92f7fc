package io.clockmirror.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clockmirror.client.api.ClockApi;
import io.clockmirror.client.model.ClockAnswer;
import io.clockmirror.client.model.Problem;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The client OpenAPI Generator ({@code java}, library {@code native}) makes from the service's
 * document, used as an API user would: against the packaged service, started here as a process.
 */
class GeneratedClientIT {

  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  private static final String EXPECTED =
      " is not a valid time: expected H:MM or HH:MM with hour 1-12 and minutes 00-59";

  private static Process service;
  private static String baseUri;
  private static ClockApi clock;

  @BeforeAll
  static void startThePackagedService() throws Exception {
    Path jar = Path.of(System.getProperty("service.jar"));
    assertThat(jar).as("packaged service").isRegularFile();
    String port = System.getProperty("service.port");
    baseUri = "http://localhost:" + port;
    String java = ProcessHandle.current().info().command().orElse("java");
    ProcessBuilder builder =
        new ProcessBuilder(java, "-jar", jar.toString())
            .redirectErrorStream(true)
            .redirectOutput(Path.of("target", "service.log").toFile());
    builder.environment().put("PORT", port);
    builder.environment().put("SHUTDOWN_DELAY", "0s");
    service = builder.start();
    awaitReady();
    ApiClient client = new ApiClient();
    client.updateBaseUri(baseUri);
    clock = new ClockApi(client);
  }

  private static void awaitReady() throws InterruptedException {
    HttpClient http = HttpClient.newHttpClient();
    HttpRequest ready = HttpRequest.newBuilder(URI.create(baseUri + "/q/health/ready")).build();
    Instant deadline = Instant.now().plus(START_TIMEOUT);
    while (Instant.now().isBefore(deadline)) {
      assertThat(service.isAlive()).as("service process (see target/service.log)").isTrue();
      try {
        if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException notYetListening) {
        // The port opens a moment after the process starts.
      }
      Thread.sleep(200);
    }
    throw new AssertionError("service not ready within " + START_TIMEOUT);
  }

  @AfterAll
  static void stopTheService() throws InterruptedException {
    if (service != null) {
      service.destroy();
      service.waitFor();
    }
  }

  @Test
  void clientWasGeneratedFromTheDocumentTheServiceServes() throws Exception {
    ObjectMapper json = new ObjectMapper();
    HttpResponse<String> served =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(baseUri + "/openapi?format=json")).build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(served.statusCode()).isEqualTo(200);
    JsonNode generatedFrom =
        json.readTree(Files.readString(Path.of(System.getProperty("served.document"))));
    assertThat(json.readTree(served.body())).isEqualTo(generatedFrom);
  }

  @Test
  void defaultBaseIsTheDocumentsFirstServer() {
    assertThat(new ApiClient().getBaseUri()).isEqualTo("http://localhost");
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "12:22, 12:22, 11:38",
    "05:25, 05:25, 06:35",
    "01:50, 01:50, 10:10",
    "11:58, 11:58, 12:02",
    "12:01, 12:01, 11:59",
    "2:11, 02:11, 09:49",
  })
  void answersTheOriginalsTable(String asked, String mirror, String actual) throws Exception {
    ClockAnswer answer = clock.readMirrorClock(asked);
    assertThat(answer.getMirrorTime()).isEqualTo(mirror);
    assertThat(answer.getActualTime()).isEqualTo(actual);
  }

  @ParameterizedTest(name = "[{0}] is a 400 problem")
  @ValueSource(strings = {"00:20", "13:20", "12:60", "1:5", "12-22", "01:20:00", " 12:22"})
  void invalidTimesAreATypedProblem(String value) throws Exception {
    Problem problem =
        problemOf(catchThrowableOfType(ApiException.class, () -> clock.readMirrorClock(value)));
    assertThat(problem.getStatus()).isEqualTo(400);
    assertThat(problem.getTitle()).isEqualTo("Bad Request");
    assertThat(problem.getType()).isEqualTo("about:blank");
    assertThat(problem.getDetail()).isEqualTo(value + EXPECTED);
    assertThat(problem.getInstance()).isEqualTo("/clock");
  }

  @Test
  void anEmptyValueIsATypedProblem() throws Exception {
    Problem problem =
        problemOf(catchThrowableOfType(ApiException.class, () -> clock.readMirrorClock("")));
    assertThat(problem.getStatus()).isEqualTo(400);
    assertThat(problem.getDetail()).startsWith("mirror_time is ");
  }

  /** The way docs/api.md shows: the exception keeps the body, the client's mapper reads it. */
  private static Problem problemOf(ApiException e) throws IOException {
    assertThat(e.getCode()).isEqualTo(400);
    assertThat(e.getResponseHeaders().firstValue("content-type"))
        .hasValue("application/problem+json");
    return new ApiClient().getObjectMapper().readValue(e.getResponseBody(), Problem.class);
  }
}
