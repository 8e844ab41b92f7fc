package io.clockmirror.deployhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.clockmirror.deployhook.FakeService.Reply;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TestTrafficHookTest {

  private static final String SECRET = "0f9e-test-rule-secret";

  private FakeService service;
  private final Map<String, String> env = new HashMap<>();
  private final ByteArrayOutputStream logged = new ByteArrayOutputStream();

  @BeforeEach
  void start() throws Exception {
    service = new FakeService();
    env.put("TEST_URL", service.url());
    env.put("EXPECTED_IMAGE_TAG", FakeService.IMAGE_TAG);
    env.put("TEST_HEADER_NAME", "X-Clockmirror-Test");
    env.put("TEST_HEADER_VALUE", SECRET);
    env.put("READY_ATTEMPTS", "2");
    env.put("READY_INTERVAL_SECONDS", "0.05");
    env.put("CHECK_TIMEOUT_SECONDS", "2");
  }

  @AfterEach
  void stop() {
    service.close();
  }

  private TestTrafficHook hook() {
    return new TestTrafficHook(env, new PrintStream(logged, true, StandardCharsets.UTF_8));
  }

  /** Invokes the handler as Lambda does: event in, response out. */
  private String invoke(String event) throws Exception {
    TestTrafficHook hook = hook();
    ByteArrayOutputStream response = new ByteArrayOutputStream();
    hook.handleRequest(
        new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), response, null);
    return response.toString(StandardCharsets.UTF_8);
  }

  private String log() {
    return logged.toString(StandardCharsets.UTF_8);
  }

  private String lastLine() {
    List<String> lines = log().strip().lines().toList();
    return lines.getLast();
  }

  /** Invokes the hook with the usual event and expects FAILED with {@code reason} logged last. */
  private void isFailedBecause(String reason) throws Exception {
    assertThat(invoke(HookEventTest.EVENT)).isEqualTo("{\"hookStatus\":\"FAILED\"}");
    assertThat(lastLine()).isEqualTo("hookStatus FAILED: " + reason);
  }

  @Test
  void answersSucceededWhenEveryCheckPassed() throws Exception {
    assertThat(invoke(HookEventTest.EVENT)).isEqualTo("{\"hookStatus\":\"SUCCEEDED\"}");
    assertThat(log())
        .startsWith(
            "checking "
                + service.url()
                + " for image 1.2.3-abcdef0 (stage POST_TEST_TRAFFIC_SHIFT,"
                + " revision arn:aws:ecs:eu-west-1:123456789012:service-revision/c/s/2,"
                + " with the test header)");
    assertThat(lastLine()).isEqualTo("hookStatus SUCCEEDED: every check passed");
  }

  @Test
  void aWrongAnswerIsFailedWithItsReasonAsTheLastLine() throws Exception {
    service.answer(
        "/clock?mirror_time=12:22",
        Reply.json(200, "{\"mirror_time\":\"12:22\",\"actual_time\":\"12:22\"}"));
    assertThat(invoke(HookEventTest.EVENT)).isEqualTo("{\"hookStatus\":\"FAILED\"}");
    assertThat(lastLine())
        .startsWith("hookStatus FAILED: GET /clock?mirror_time=12:22: body ")
        .contains("expected {\"mirror_time\":\"12:22\",\"actual_time\":\"11:38\"}");
  }

  @Test
  void readinessNever200IsFailed() throws Exception {
    service.answer(SmokeChecks.READY, Reply.json(503, "{\"status\":\"DOWN\"}"));
    isFailedBecause(
        "GET /q/health/ready never answered 200 (2 attempts, 0.05 s apart; last: HTTP 503)");
  }

  @Test
  void theNewRevisionMustReportTheImageBeingDeployed() throws Exception {
    env.put("EXPECTED_IMAGE_TAG", "1.2.3-0123456");
    isFailedBecause(
        "GET /q/info: reports image tag '1.2.3-abcdef0', expected '1.2.3-0123456':"
            + " another build answered");
  }

  @ParameterizedTest
  @ValueSource(strings = {"TEST_URL", "EXPECTED_IMAGE_TAG"})
  void missingConfigurationIsFailedWithoutCallingAnything(String name) throws Exception {
    env.remove(name);
    isFailedBecause(name + " is not set");
    assertThat(service.requests()).isEmpty();
  }

  @Test
  void anInvalidSettingIsFailed() throws Exception {
    env.put("READY_ATTEMPTS", "many");
    isFailedBecause("READY_ATTEMPTS 'many' is not a whole number from 1 to 1000");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "{\"lifecycleStage\":", "[1,2]"})
  void anUnreadableEventIsFailedWithoutCallingAnything(String event) throws Exception {
    assertThat(invoke(event)).isEqualTo("{\"hookStatus\":\"FAILED\"}");
    assertThat(lastLine()).startsWith("hookStatus FAILED: the event is not ");
    assertThat(service.requests()).isEmpty();
  }

  @Test
  void everyCheckRequestCarriesTheTestHeader() throws Exception {
    assertThat(invoke(HookEventTest.EVENT)).isEqualTo("{\"hookStatus\":\"SUCCEEDED\"}");
    assertThat(service.requests()).extracting(FakeService.Seen::target).hasSize(5);
    assertThat(service.requests())
        .allSatisfy(
            seen -> assertThat(seen.headers().getFirst("X-Clockmirror-Test")).isEqualTo(SECRET));
  }

  @Test
  void theHeaderValueIsNeverLoggedEvenWhenTheServiceEchoesIt() throws Exception {
    service.answer(
        "/clock?mirror_time=2:11", Reply.json(200, "{\"x-clockmirror-test\":\"" + SECRET + "\"}"));
    assertThat(invoke(HookEventTest.EVENT)).isEqualTo("{\"hookStatus\":\"FAILED\"}");
    assertThat(lastLine()).contains("{\"x-clockmirror-test\":\"[redacted]\"}");
    assertThat(log()).doesNotContain(SECRET);
  }

  @Test
  void anInvalidHeaderValueIsNotLoggedEither() throws Exception {
    env.put("TEST_HEADER_VALUE", SECRET + "\n");
    isFailedBecause("TEST_HEADER_VALUE is blank or holds control characters");
    assertThat(log()).doesNotContain(SECRET);
  }

  @Test
  void anUnexpectedErrorIsFailedNotThrown() {
    TestTrafficHook hook = hook();
    assertThat(hook.decide(null)).isEqualTo(TestTrafficHook.FAILED);
    assertThat(lastLine()).startsWith("hookStatus FAILED: unexpected error: ");
  }

  @Test
  void anInterruptedRunIsFailed() {
    TestTrafficHook hook = hook();
    service.answer(SmokeChecks.READY, Reply.json(503, "{}"));
    Thread.currentThread().interrupt();
    try {
      assertThat(hook.decide(HookEventTest.EVENT.getBytes(StandardCharsets.UTF_8)))
          .isEqualTo(TestTrafficHook.FAILED);
      assertThat(lastLine()).isEqualTo("hookStatus FAILED: interrupted");
    } finally {
      Thread.interrupted();
    }
  }
}
