package io.clockmirror.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code ./clockmirror} itself: the JDK 25 it needs. */
class LauncherTest {

  @Test
  void withoutAJdk25ItSaysSoAndHowToGetOne() throws Exception {
    try (Fixture fixture = new Fixture()) {
      ProcessBuilder builder =
          new ProcessBuilder(Fixture.REPO.resolve("clockmirror").toString(), "status", "dev");
      builder.environment().clear();
      builder.environment().putAll(fixture.environment);
      builder.environment().put("JAVA_HOME", "/nonexistent");
      builder.environment().put("CM_JDK25_DEFAULT", "/nonexistent");
      Process launcher = builder.start();
      String err = new String(launcher.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(launcher.waitFor(60, TimeUnit.SECONDS)).isTrue();

      assertThat(launcher.exitValue()).isEqualTo(ExitCode.TOOL_MISSING.status());
      assertThat(err.lines())
          .containsExactly(
              "clockmirror: no JDK 25: not JAVA_HOME='/nonexistent', nor /nonexistent, nor the javac on PATH",
              "  fix: install a JDK 25 (e.g. Eclipse Temurin 25) and set JAVA_HOME to it");
      assertThat(fixture.calls()).isEmpty();
    }
  }
}
