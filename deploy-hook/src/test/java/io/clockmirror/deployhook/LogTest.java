package io.clockmirror.deployhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LogTest {

  private final ByteArrayOutputStream info = new ByteArrayOutputStream();
  private final ByteArrayOutputStream failures = new ByteArrayOutputStream();

  private Log log(String secret) {
    return new Log(
        new PrintStream(info, true, StandardCharsets.UTF_8),
        new PrintStream(failures, true, StandardCharsets.UTF_8),
        secret);
  }

  @Test
  void infoAndFailuresGoToTheirOwnStreams() {
    Log log = log(null);
    log.info("ok");
    log.failure("bad");
    assertThat(info.toString(StandardCharsets.UTF_8)).isEqualTo("ok" + System.lineSeparator());
    assertThat(failures.toString(StandardCharsets.UTF_8)).isEqualTo("bad" + System.lineSeparator());
  }

  @Test
  void theSecretIsReplacedWhereverItAppears() {
    Log log = log("hunter2");
    log.failure("body {\"x-test\":\"hunter2\"} and hunter2hunter2");
    assertThat(failures.toString(StandardCharsets.UTF_8))
        .doesNotContain("hunter2")
        .contains("{\"x-test\":\"[redacted]\"} and [redacted][redacted]");
  }

  @Test
  void aSecretWithControlCharactersIsReplacedToo() {
    assertThat(log("a\nb").clean("x a\nb y")).isEqualTo("x [redacted] y");
  }

  @Test
  void everyEntryIsOneLine() {
    assertThat(log("").clean("a\r\nb\tc")).isEqualTo("a b c");
  }
}
