package io.clockmirror.deployhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.clockmirror.deployhook.FakeService.Reply;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SmokeTestMainTest {

  private static final Map<String, String> FAST =
      Map.of(
          "SMOKE_ATTEMPTS",
          "2",
          "SMOKE_INTERVAL",
          "0.05",
          "EXPECTED_IMAGE_TAG",
          FakeService.IMAGE_TAG);

  private FakeService service;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @BeforeEach
  void start() throws Exception {
    service = new FakeService();
  }

  @AfterEach
  void stop() {
    service.close();
  }

  private int run(Map<String, String> env, String... args) throws InterruptedException {
    return SmokeTestMain.run(
        args,
        env,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void exitsZeroWhenEveryCheckPassed() throws Exception {
    assertThat(run(FAST, service.url())).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("ok   GET /q/info -> 200 application/json")
        .endsWith("smoke test passed: " + service.url() + System.lineSeparator());
    assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  @Test
  void exitsOneWithTheReasonOnStderr() throws Exception {
    service.answer(
        "/clock?mirror_time=12:22",
        Reply.json(200, "{\"mirror_time\":\"12:22\",\"actual_time\":\"12:22\"}"));
    assertThat(run(FAST, service.url())).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .startsWith("SMOKE FAIL: GET /clock?mirror_time=12:22: body ");
    assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain("passed");
  }

  @Test
  void exitsOneOnABadSetting() throws Exception {
    assertThat(run(Map.of("SMOKE_INTERVAL", "soon"), service.url())).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .startsWith("SMOKE FAIL: SMOKE_INTERVAL 'soon' is not a number of seconds");
    assertThat(service.requests()).isEmpty();
  }

  @Test
  void exitsTwoWithoutExactlyOneBaseUrl() throws Exception {
    assertThat(run(FAST)).isEqualTo(2);
    assertThat(run(FAST, "http://a", "http://b")).isEqualTo(2);
    assertThat(run(FAST, " ")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("usage: java -jar deploy-hook.jar BASE_URL");
  }
}
