package io.clockmirror.deployhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.clockmirror.deployhook.FakeService.Reply;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SmokeChecksTest {

  private static final String ANSWER_12_22 = "/clock?mirror_time=12:22";
  private static final String ANSWER_2_11 = "/clock?mirror_time=2:11";
  private static final String PROBLEM = "/clock?mirror_time=13:20";

  private FakeService service;
  private final Map<String, String> env = new HashMap<>();
  private final ByteArrayOutputStream lines = new ByteArrayOutputStream();

  @BeforeEach
  void start() throws Exception {
    service = new FakeService();
    env.put("SMOKE_ATTEMPTS", "3");
    env.put("SMOKE_INTERVAL", "0.05");
    env.put("CHECK_TIMEOUT_SECONDS", "2");
    env.put("EXPECTED_IMAGE_TAG", FakeService.IMAGE_TAG);
  }

  @AfterEach
  void stop() {
    service.close();
  }

  private Outcome run() throws InterruptedException {
    PrintStream out = new PrintStream(lines, true, StandardCharsets.UTF_8);
    Log log = new Log(out, out, env.get("TEST_HEADER_VALUE"));
    return new SmokeChecks(CheckSettings.forCommandLine(service.url(), env), log).run();
  }

  private String log() {
    return lines.toString(StandardCharsets.UTF_8);
  }

  @Test
  void passesOnlyWhenEveryCheckPassed() throws Exception {
    assertThat(run()).isEqualTo(Outcome.pass());
    assertThat(log())
        .contains("ok   GET /q/health/ready -> 200 UP")
        .contains("ok   GET /clock?mirror_time=12:22 -> 200 application/json")
        .contains("ok   GET /clock?mirror_time=2:11 -> 200 application/json")
        .contains("ok   GET /clock?mirror_time=13:20 -> 400 application/problem+json")
        .contains("ok   GET /q/info -> 200 application/json");
  }

  @Test
  void aWrongAnswerFailsWithTheBodyItGot() throws Exception {
    service.answer(
        ANSWER_12_22, Reply.json(200, "{\"mirror_time\":\"12:22\",\"actual_time\":\"12:22\"}"));
    assertThat(run().reason())
        .isEqualTo(
            "GET /clock?mirror_time=12:22: body {\"mirror_time\":\"12:22\",\"actual_time\":\"12:22\"},"
                + " expected {\"mirror_time\":\"12:22\",\"actual_time\":\"11:38\"}");
  }

  @Test
  void theOneDigitHourMustComeBackWithTwoDigits() throws Exception {
    service.answer(
        ANSWER_2_11, Reply.json(200, "{\"mirror_time\":\"2:11\",\"actual_time\":\"09:49\"}"));
    assertThat(run().reason()).startsWith("GET /clock?mirror_time=2:11: body ");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"mirror_time\":\"12:22\",\"actual_time\":\"11:38\",\"extra\":1}",
        "{\"mirror_time\":\"12:22\"}",
        "[\"12:22\",\"11:38\"]",
        "not json",
        ""
      })
  void anythingButTheExactAnswerFails(String body) throws Exception {
    service.answer(ANSWER_12_22, Reply.json(200, body));
    assertThat(run().reason()).startsWith("GET /clock?mirror_time=12:22: body ");
  }

  @Test
  void theSameAnswerWithOtherSpacingPasses() throws Exception {
    service.answer(
        ANSWER_12_22,
        Reply.json(200, "{ \"actual_time\" : \"11:38\", \"mirror_time\" : \"12:22\" }"));
    assertThat(run().passed()).isTrue();
  }

  @Test
  void aWrongStatusFails() throws Exception {
    service.answer(ANSWER_12_22, Reply.json(500, "{\"status\":500}"));
    assertThat(run().reason())
        .isEqualTo("GET /clock?mirror_time=12:22: HTTP 500, expected 200; body: {\"status\":500}");
  }

  @Test
  void aWrongContentTypeFails() throws Exception {
    service.answer(
        ANSWER_12_22,
        new Reply(
            200,
            "text/plain",
            "{\"mirror_time\":\"12:22\",\"actual_time\":\"11:38\"}",
            Duration.ZERO));
    assertThat(run().reason())
        .isEqualTo(
            "GET /clock?mirror_time=12:22: content-type 'text/plain', expected 'application/json'");
  }

  @Test
  void aMissingContentTypeFails() throws Exception {
    service.answer(ANSWER_2_11, new Reply(200, "", "{}", Duration.ZERO));
    assertThat(run().reason()).contains("content-type '', expected 'application/json'");
  }

  @Test
  void theInvalidTimeMustBeA400() throws Exception {
    service.answer(
        PROBLEM, Reply.json(200, "{\"mirror_time\":\"13:20\",\"actual_time\":\"10:40\"}"));
    assertThat(run().reason()).startsWith("GET /clock?mirror_time=13:20: HTTP 200, expected 400");
  }

  @Test
  void theInvalidTimeMustBeAProblemDocument() throws Exception {
    service.answer(PROBLEM, Reply.json(400, "{\"status\":400}"));
    assertThat(run().reason())
        .isEqualTo(
            "GET /clock?mirror_time=13:20: content-type 'application/json;charset=UTF-8',"
                + " expected 'application/problem+json'");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"{\"title\":\"Bad Request\"}", "{\"status\":\"400\"}", "{\"status\":500}", "oops"})
  void theProblemMustSayStatus400(String body) throws Exception {
    service.answer(PROBLEM, new Reply(400, "application/problem+json", body, Duration.ZERO));
    assertThat(run().reason())
        .isEqualTo("GET /clock?mirror_time=13:20: problem body without status 400: " + body);
  }

  @Test
  void anAnswerSlowerThanTheTimeoutFails() throws Exception {
    env.put("CHECK_TIMEOUT_SECONDS", "0.3");
    service.answer(ANSWER_12_22, new Reply(200, "application/json", "{}", Duration.ofSeconds(3)));
    long start = System.nanoTime();
    assertThat(run().reason()).isEqualTo("GET /clock?mirror_time=12:22: no answer within 0.3 s");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
  }

  @Test
  void aBodySlowerThanTheTimeoutFails() throws Exception {
    env.put("CHECK_TIMEOUT_SECONDS", "0.3");
    service.answer(
        ANSWER_2_11,
        new Reply(
            200,
            "application/json",
            "{\"mirror_time\":\"02:11\",\"actual_time\":\"09:49\"}",
            Duration.ZERO,
            Duration.ofSeconds(3)));
    assertThat(run().reason()).isEqualTo("GET /clock?mirror_time=2:11: no answer within 0.3 s");
  }

  @Test
  void readinessThatNeverAnswers200FailsAfterTheConfiguredAttempts() throws Exception {
    service.answer(SmokeChecks.READY, Reply.json(503, "{\"status\":\"DOWN\"}"));
    assertThat(run().reason())
        .isEqualTo(
            "GET /q/health/ready never answered 200 (3 attempts, 0.05 s apart; last: HTTP 503)");
    assertThat(service.calls(SmokeChecks.READY)).isEqualTo(3);
    assertThat(service.calls(ANSWER_12_22)).isZero();
    assertThat(log())
        .contains("readiness attempt 1/3: HTTP 503", "readiness attempt 3/3: HTTP 503");
  }

  @Test
  void readinessIsPolledUntilItAnswers200() throws Exception {
    service.answer(
        SmokeChecks.READY,
        call ->
            call < 3
                ? Reply.json(503, "{\"status\":\"DOWN\"}")
                : Reply.json(200, "{\"status\":\"UP\"}"));
    assertThat(run().passed()).isTrue();
    assertThat(service.calls(SmokeChecks.READY)).isEqualTo(3);
  }

  @Test
  void aSlowReadinessCountsAsAFailedAttempt() throws Exception {
    env.put("CHECK_TIMEOUT_SECONDS", "0.2");
    env.put("SMOKE_ATTEMPTS", "2");
    service.answer(
        SmokeChecks.READY,
        new Reply(200, "application/json", "{\"status\":\"UP\"}", Duration.ofSeconds(2)));
    assertThat(run().reason())
        .isEqualTo(
            "GET /q/health/ready never answered 200 (2 attempts, 0.05 s apart;"
                + " last: no answer within 0.2 s)");
  }

  @Test
  void readyButNotUpFails() throws Exception {
    service.answer(SmokeChecks.READY, Reply.json(200, "{\"status\":\"DOWN\"}"));
    assertThat(run().reason())
        .isEqualTo("GET /q/health/ready: 200 but not UP; body: {\"status\":\"DOWN\"}");
  }

  @Test
  void nothingListeningFailsWithTheConnectionError() throws Exception {
    String url = service.url();
    service.close();
    Log log = new Log(System.out, System.out, null);
    Outcome outcome = new SmokeChecks(CheckSettings.forCommandLine(url, env), log).run();
    assertThat(outcome.reason())
        .startsWith("GET /q/health/ready never answered 200 (3 attempts")
        .contains("last: no answer (ConnectException");
  }

  @Test
  void anotherBuildAnsweringFailsNamingBothTags() throws Exception {
    env.put("EXPECTED_IMAGE_TAG", "1.2.3-fedcba9");
    assertThat(run().reason())
        .isEqualTo(
            "GET /q/info: reports image tag '"
                + FakeService.IMAGE_TAG
                + "', expected '1.2.3-fedcba9': another build answered");
  }

  @Test
  void theSameVersionFromAnotherCommitIsAnotherBuild() throws Exception {
    env.put("EXPECTED_IMAGE_TAG", "1.2.3-abcdef1");
    assertThat(run().passed()).isFalse();
  }

  @Test
  void anUnnamedBuildFails() throws Exception {
    service.answer(
        SmokeChecks.INFO, Reply.json(200, "{\"image\":{\"tag\":\"local\",\"commit\":\"local\"}}"));
    assertThat(run().reason())
        .isEqualTo(
            "GET /q/info: reports image tag 'local', expected '"
                + FakeService.IMAGE_TAG
                + "': another build answered");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"build\":{\"version\":\"1.2.3\"}}",
        "{\"image\":{\"commit\":\"abcdef0\"}}",
        "{\"image\":\"1.2.3-abcdef0\"}",
        "{\"image\":{\"tag\":null}}",
        "[]"
      })
  void infoWithoutAnImageTagFailsNamingTheExpectedOne(String body) throws Exception {
    service.answer(SmokeChecks.INFO, Reply.json(200, body));
    assertThat(run().reason())
        .isEqualTo(
            "GET /q/info: reports no image tag, expected '"
                + FakeService.IMAGE_TAG
                + "': a build that does not name its image answered");
  }

  @Test
  void theTagMustMatchExactly() throws Exception {
    service.answer(SmokeChecks.INFO, Reply.json(200, "{\"image\":{\"tag\":\"1.2.3-ABCDEF0\"}}"));
    assertThat(run().reason()).contains("reports image tag '1.2.3-ABCDEF0'");
    service.answer(SmokeChecks.INFO, Reply.json(200, "{\"image\":{\"tag\":\" 1.2.3-abcdef0\"}}"));
    assertThat(run().reason()).contains("reports image tag ' 1.2.3-abcdef0'");
  }

  @Test
  void aMissingInfoEndpointFails() throws Exception {
    service.answer(SmokeChecks.INFO, Reply.json(404, "{}"));
    assertThat(run().reason()).startsWith("GET /q/info: HTTP 404, expected 200");
  }

  @Test
  void withoutAnExpectedImageTagInfoIsNotAsked() throws Exception {
    env.remove("EXPECTED_IMAGE_TAG");
    service.answer(SmokeChecks.INFO, Reply.json(500, "{}"));
    assertThat(run().passed()).isTrue();
    assertThat(service.calls(SmokeChecks.INFO)).isZero();
  }

  @Test
  void everyRequestCarriesTheTestHeader() throws Exception {
    env.put("TEST_HEADER_NAME", "X-Clockmirror-Test");
    env.put("TEST_HEADER_VALUE", "s3cret-value");
    assertThat(run().passed()).isTrue();
    assertThat(service.requests()).hasSize(5);
    assertThat(service.requests())
        .allSatisfy(
            seen ->
                assertThat(seen.headers().get("X-Clockmirror-Test"))
                    .as(seen.target())
                    .containsExactly("s3cret-value"));
    assertThat(log()).doesNotContain("s3cret-value");
  }

  @Test
  void withoutTestHeaderSettingsNoSuchHeaderIsSent() throws Exception {
    assertThat(run().passed()).isTrue();
    assertThat(service.requests())
        .allSatisfy(seen -> assertThat(seen.headers()).doesNotContainKey("X-clockmirror-test"));
  }

  @Test
  void aBodyThatEchoesTheHeaderValueIsLoggedWithoutIt() throws Exception {
    env.put("TEST_HEADER_NAME", "X-Clockmirror-Test");
    env.put("TEST_HEADER_VALUE", "s3cret-value");
    service.answer(ANSWER_12_22, Reply.json(200, "{\"echo\":\"s3cret-value\"}"));
    Outcome outcome = run();
    assertThat(outcome.passed()).isFalse();
    PrintStream out = new PrintStream(lines, true, StandardCharsets.UTF_8);
    new Log(out, out, "s3cret-value").failure(outcome.reason());
    assertThat(log()).contains("{\"echo\":\"[redacted]\"}").doesNotContain("s3cret-value");
  }

  @Test
  void aLongBodyIsQuotedShort() throws Exception {
    service.answer(ANSWER_12_22, Reply.json(500, "x".repeat(5000)));
    assertThat(run().reason()).endsWith("x... (5000 chars)").hasSizeLessThan(400);
  }
}
