package io.clockmirror.deployhook;

import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What the checks call and how patiently: the base URL, the optional test header, the image tag
 * {@code /q/info} must report, the per-request timeout and the bounded readiness polling.
 */
record CheckSettings(
    URI baseUrl,
    Optional<TestHeader> header,
    Optional<String> expectedImageTag,
    Duration timeout,
    int readyAttempts,
    Duration readyInterval) {

  static final int MAX_ATTEMPTS = 1000;
  static final Duration MAX_SECONDS = Duration.ofMinutes(5);

  CheckSettings {
    if (timeout.isNegative() || timeout.isZero() || readyInterval.isNegative()) {
      throw new IllegalArgumentException("timeout must be positive, interval not negative");
    }
    if (readyAttempts < 1 || readyAttempts > MAX_ATTEMPTS) {
      throw new IllegalArgumentException("readiness attempts must be 1-" + MAX_ATTEMPTS);
    }
    if (expectedImageTag.isPresent() && expectedImageTag.get().isBlank()) {
      throw new IllegalArgumentException("the expected image tag is blank");
    }
  }

  /**
   * The Lambda function's settings, from its environment: TEST_URL and EXPECTED_IMAGE_TAG are
   * required, the rest has defaults (see docs/deploy-hook.md).
   */
  static CheckSettings forHook(Map<String, String> env) {
    return new CheckSettings(
        baseUrl("TEST_URL", required(env, "TEST_URL")),
        header(env),
        Optional.of(required(env, "EXPECTED_IMAGE_TAG")),
        seconds(env, "CHECK_TIMEOUT_SECONDS", "5", false),
        count(env, "READY_ATTEMPTS", "12"),
        seconds(env, "READY_INTERVAL_SECONDS", "5", true));
  }

  /**
   * The command line's settings: the base URL argument, the readiness polling of smoke-test.sh
   * (SMOKE_ATTEMPTS, SMOKE_INTERVAL), the optional EXPECTED_IMAGE_TAG, and the hook's optional test
   * header and timeout.
   */
  static CheckSettings forCommandLine(String baseUrl, Map<String, String> env) {
    return new CheckSettings(
        baseUrl("BASE_URL", baseUrl),
        header(env),
        optional(env, "EXPECTED_IMAGE_TAG"),
        seconds(env, "CHECK_TIMEOUT_SECONDS", "5", false),
        count(env, "SMOKE_ATTEMPTS", "30"),
        seconds(env, "SMOKE_INTERVAL", "5", true));
  }

  private static URI baseUrl(String name, String value) {
    URI uri;
    try {
      uri = new URI(value.endsWith("/") ? value.substring(0, value.length() - 1) : value);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(name + " '" + value + "' is not a URL", e);
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!(scheme.equals("http") || scheme.equals("https"))
        || uri.getHost() == null
        || uri.getRawQuery() != null
        || uri.getRawFragment() != null) {
      throw new IllegalArgumentException(
          name + " '" + value + "' is not an http(s) URL without query or fragment");
    }
    return uri;
  }

  private static Optional<TestHeader> header(Map<String, String> env) {
    Optional<String> name = optional(env, "TEST_HEADER_NAME");
    // Unstripped: the value sent must be the one the log redacts.
    Optional<String> value =
        Optional.ofNullable(env.get("TEST_HEADER_VALUE")).filter(v -> !v.isEmpty());
    if (name.isPresent() != value.isPresent()) {
      // Half a header would send the checks to the production rule, i.e. the old revision.
      throw new IllegalArgumentException(
          "TEST_HEADER_NAME and TEST_HEADER_VALUE must be set together or not at all");
    }
    return name.map(n -> new TestHeader(n, value.orElseThrow()));
  }

  private static String required(Map<String, String> env, String name) {
    return optional(env, name)
        .orElseThrow(() -> new IllegalArgumentException(name + " is not set"));
  }

  private static Optional<String> optional(Map<String, String> env, String name) {
    String value = env.get(name);
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
  }

  private static int count(Map<String, String> env, String name, String fallback) {
    String text = optional(env, name).orElse(fallback);
    try {
      int value = Integer.parseInt(text);
      if (value >= 1 && value <= MAX_ATTEMPTS) {
        return value;
      }
    } catch (NumberFormatException e) {
      // Reported below with the accepted range.
    }
    throw new IllegalArgumentException(
        name + " '" + text + "' is not a whole number from 1 to " + MAX_ATTEMPTS);
  }

  private static Duration seconds(
      Map<String, String> env, String name, String fallback, boolean zeroAllowed) {
    String text = optional(env, name).orElse(fallback);
    try {
      Duration value = Duration.ofMillis(new BigDecimal(text).movePointRight(3).longValueExact());
      if ((zeroAllowed || !value.isZero())
          && !value.isNegative()
          && value.compareTo(MAX_SECONDS) <= 0) {
        return value;
      }
    } catch (ArithmeticException | NumberFormatException e) {
      // Reported below with the accepted range.
    }
    throw new IllegalArgumentException(
        name
            + " '"
            + text
            + "' is not a number of seconds from "
            + (zeroAllowed ? "0" : "0.001")
            + " to "
            + MAX_SECONDS.toSeconds());
  }

  /** Seconds as a person writes them: 5, 0.25. */
  static String format(Duration duration) {
    return BigDecimal.valueOf(duration.toMillis())
        .movePointLeft(3)
        .stripTrailingZeros()
        .toPlainString();
  }
}
