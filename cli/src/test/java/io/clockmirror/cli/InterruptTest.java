package io.clockmirror.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Ctrl-C in the middle of a step names the step, and the next run recovers. */
class InterruptTest {

  @Test
  void ctrlCDuringTheAppStackThenARunThatGoesOn() throws Exception {
    try (Fixture fixture = new Fixture()) {
      // A background job starts with SIGINT ignored, and that is inherited: the command runs
      // with SIGINT back to its default, as in a terminal.
      ProcessBuilder builder =
          new ProcessBuilder(
              // The machine's own python3: a version manager's shim would put its own PATH first.
              fixture.system.resolve("python3").toString(),
              "-c",
              "import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL);"
                  + " os.execvp(sys.argv[1], sys.argv[1:])",
              ProcessHandle.current().info().command().orElse("java"),
              "-cp",
              System.getProperty("java.class.path"),
              "-Dclockmirror.root=" + fixture.root,
              "io.clockmirror.cli.Main",
              "deploy",
              "dev");
      builder.environment().clear();
      builder.environment().putAll(fixture.environment);
      builder
          .environment()
          .putAll(
              Map.of(
                  "FAKE_CDK_HANG", "dev-clockmirror-app",
                  "FAKE_SETTLE_SECONDS", "4",
                  "CLOCKMIRROR_POLL_SECONDS", "0.2"));
      Process deploy = builder.start();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (fixture.calls().stream()
          .noneMatch(
              call ->
                  call.size() > 2
                      && call.get(1).equals("deploy")
                      && call.get(2).equals("dev-clockmirror-app"))) {
        assertThat(System.nanoTime())
            .as("the app stack's deploy never started")
            .isLessThan(deadline);
        if (!deploy.isAlive()) {
          throw new AssertionError(
              "the deploy ended early: "
                  + new String(deploy.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
                  + new String(deploy.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
        }
        Thread.sleep(100);
      }
      Thread.sleep(500);
      Process kill = new ProcessBuilder("kill", "-INT", String.valueOf(deploy.pid())).start();
      assertThat(kill.waitFor()).isZero();
      if (!deploy.waitFor(60, TimeUnit.SECONDS)) {
        deploy.descendants().forEach(ProcessHandle::destroyForcibly);
        deploy.destroyForcibly();
        throw new AssertionError("the deploy did not stop on SIGINT");
      }
      String err = new String(deploy.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);

      assertThat(deploy.exitValue()).isEqualTo(ExitCode.INTERRUPTED.status());
      assertThat(err.lines().filter(line -> !line.isBlank()))
          .containsExactly(
              "clockmirror: interrupted during [6/7] app stack",
              "  fix: run the same command again: each step looks at what is there first and goes on"
                  + " (CloudFormation finishes a stack change it had started by itself)");

      Fixture.Run again = fixture.run(Map.of("FAKE_SETTLE_SECONDS", "4"), "deploy", "dev");

      assertThat(again.exit()).as(again.all()).isZero();
      assertThat(again.out())
          .contains("dev-clockmirror-app is CREATE_IN_PROGRESS; waiting for CloudFormation")
          .containsPattern("\\[6/7] app stack +unchanged")
          .contains("dev answers at");
      assertThat(fixture.changingCalls().stream().filter(call -> call.startsWith("docker build")))
          .as("the image of the interrupted run is not built again")
          .extracting(call -> String.join(" ", List.of(call.split(" ")).subList(0, 3)))
          .containsExactly("docker build --tag", "docker build --target");
      assertThat(
              List.of(
                  BadStatesTest.stack(fixture.state(), "dev-clockmirror-app").get("StackStatus")))
          .containsExactly("CREATE_COMPLETE");
    }
  }
}
