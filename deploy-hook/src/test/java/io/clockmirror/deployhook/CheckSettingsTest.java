package io.clockmirror.deployhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CheckSettingsTest {

  private static Map<String, String> hookEnv() {
    Map<String, String> env = new HashMap<>();
    env.put("TEST_URL", "http://dev-clockmirror-1.eu-west-1.elb.amazonaws.com");
    env.put("EXPECTED_IMAGE_TAG", "1.0.0-abc1234");
    return env;
  }

  @Test
  void theHookHasTheDocumentedDefaults() {
    CheckSettings settings = CheckSettings.forHook(hookEnv());
    assertThat(settings.baseUrl())
        .isEqualTo(URI.create("http://dev-clockmirror-1.eu-west-1.elb.amazonaws.com"));
    assertThat(settings.expectedImageTag()).contains("1.0.0-abc1234");
    assertThat(settings.header()).isEmpty();
    assertThat(settings.timeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(settings.readyAttempts()).isEqualTo(12);
    assertThat(settings.readyInterval()).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void theHookReadsEverySetting() {
    Map<String, String> env = hookEnv();
    env.put("TEST_URL", "https://example.com:8443/");
    env.put("TEST_HEADER_NAME", "X-Clockmirror-Test");
    env.put("TEST_HEADER_VALUE", "abc");
    env.put("CHECK_TIMEOUT_SECONDS", "2.5");
    env.put("READY_ATTEMPTS", "3");
    env.put("READY_INTERVAL_SECONDS", "0");
    CheckSettings settings = CheckSettings.forHook(env);
    assertThat(settings.baseUrl()).isEqualTo(URI.create("https://example.com:8443"));
    assertThat(settings.header()).contains(new TestHeader("X-Clockmirror-Test", "abc"));
    assertThat(settings.timeout()).isEqualTo(Duration.ofMillis(2500));
    assertThat(settings.readyAttempts()).isEqualTo(3);
    assertThat(settings.readyInterval()).isZero();
  }

  @ParameterizedTest
  @ValueSource(strings = {"TEST_URL", "EXPECTED_IMAGE_TAG"})
  void theHookNeedsItsTargetAndTheImageTag(String name) {
    Map<String, String> env = hookEnv();
    env.remove(name);
    assertThatIllegalArgumentException()
        .isThrownBy(() -> CheckSettings.forHook(env))
        .withMessage(name + " is not set");
    env.put(name, "  ");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> CheckSettings.forHook(env))
        .withMessage(name + " is not set");
  }

  @ParameterizedTest
  @ValueSource(strings = {"TEST_HEADER_NAME", "TEST_HEADER_VALUE"})
  void halfATestHeaderIsAnError(String name) {
    Map<String, String> env = hookEnv();
    env.put(name, "x");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> CheckSettings.forHook(env))
        .withMessage("TEST_HEADER_NAME and TEST_HEADER_VALUE must be set together or not at all");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "ftp://example.com",
        "example.com",
        "http://",
        "http://a/?q=1",
        "http://a/#f",
        "http://a b"
      })
  void theTargetMustBeAPlainHttpUrl(String url) {
    Map<String, String> env = hookEnv();
    env.put("TEST_URL", url);
    assertThatIllegalArgumentException()
        .isThrownBy(() -> CheckSettings.forHook(env))
        .withMessageStartingWith("TEST_URL '" + url + "' is not ");
  }

  @ParameterizedTest
  @CsvSource({
    "CHECK_TIMEOUT_SECONDS, 0",
    "CHECK_TIMEOUT_SECONDS, -1",
    "CHECK_TIMEOUT_SECONDS, five",
    "CHECK_TIMEOUT_SECONDS, 301",
    "CHECK_TIMEOUT_SECONDS, 0.0001",
    "READY_INTERVAL_SECONDS, -0.5",
    "READY_ATTEMPTS, 0",
    "READY_ATTEMPTS, 1001",
    "READY_ATTEMPTS, 2.5",
  })
  void numbersOutOfRangeAreErrorsNamingTheVariable(String name, String value) {
    Map<String, String> env = hookEnv();
    env.put(name, value);
    assertThatIllegalArgumentException()
        .isThrownBy(() -> CheckSettings.forHook(env))
        .withMessageStartingWith(name + " '" + value + "' is not a ");
  }

  @Test
  void theCommandLineKeepsTheSmokeScriptsInterface() {
    CheckSettings defaults = CheckSettings.forCommandLine("http://127.0.0.1:8080/", Map.of());
    assertThat(defaults.baseUrl()).isEqualTo(URI.create("http://127.0.0.1:8080"));
    assertThat(defaults.expectedImageTag()).isEmpty();
    assertThat(defaults.readyAttempts()).isEqualTo(30);
    assertThat(defaults.readyInterval()).isEqualTo(Duration.ofSeconds(5));
    CheckSettings set =
        CheckSettings.forCommandLine(
            "http://127.0.0.1:8080",
            Map.of(
                "SMOKE_ATTEMPTS",
                "60",
                "SMOKE_INTERVAL",
                "0.25",
                "EXPECTED_IMAGE_TAG",
                "2.0.0-abc1234"));
    assertThat(set.readyAttempts()).isEqualTo(60);
    assertThat(set.readyInterval()).isEqualTo(Duration.ofMillis(250));
    assertThat(set.expectedImageTag()).isEqualTo(Optional.of("2.0.0-abc1234"));
    assertThatIllegalArgumentException()
        .isThrownBy(() -> CheckSettings.forCommandLine("localhost:8080", Map.of()))
        .withMessageStartingWith("BASE_URL 'localhost:8080' is not ");
  }

  @Test
  void theRecordRefusesImpossibleValues() {
    URI url = URI.create("http://a");
    assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                new CheckSettings(
                    url,
                    Optional.empty(),
                    Optional.of(" "),
                    Duration.ofSeconds(1),
                    1,
                    Duration.ZERO));
    assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                new CheckSettings(
                    url, Optional.empty(), Optional.empty(), Duration.ZERO, 1, Duration.ZERO));
    assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                new CheckSettings(
                    url,
                    Optional.empty(),
                    Optional.empty(),
                    Duration.ofSeconds(1),
                    0,
                    Duration.ZERO));
  }

  @ParameterizedTest
  @CsvSource({"5000, 5", "250, 0.25", "0, 0", "1500, 1.5"})
  void secondsAreWrittenAsAPersonWould(long millis, String text) {
    assertThat(CheckSettings.format(Duration.ofMillis(millis))).isEqualTo(text);
  }
}
