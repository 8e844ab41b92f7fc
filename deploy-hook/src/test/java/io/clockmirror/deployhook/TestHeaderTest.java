package io.clockmirror.deployhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TestHeaderTest {

  @Test
  void itsTextNeverShowsTheValue() {
    TestHeader header = new TestHeader("X-Clockmirror-Test", "s3cret");
    assertThat(header.toString())
        .isEqualTo("X-Clockmirror-Test: [redacted]")
        .doesNotContain("s3cret");
  }

  @ParameterizedTest
  @ValueSource(strings = {"X Test", "X:Test", "", "Ünicode"})
  void theNameMustBeAToken(String name) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new TestHeader(name, "v"))
        .withMessage("TEST_HEADER_NAME '" + name + "' is not an HTTP header name");
  }

  @ParameterizedTest
  @ValueSource(strings = {"Host", "connection", "Content-Length", "Expect", "Upgrade"})
  void headersTheHttpClientOwnsAreRefused(String name) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new TestHeader(name, "v"))
        .withMessage("TEST_HEADER_NAME '" + name + "' cannot be set");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "a\r\nX-Injected: 1", "tab\there"})
  void theValueMustBeOneLineOfText(String value) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new TestHeader("X-Test", value))
        .withMessage("TEST_HEADER_VALUE is blank or holds control characters");
  }
}
