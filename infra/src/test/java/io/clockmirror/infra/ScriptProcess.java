package io.clockmirror.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a repository script from the repository root and keeps what it printed. */
final class ScriptProcess {

  record Run(int exitCode, String stdout, String stderr) {}

  private ScriptProcess() {}

  /** Runs {@code command}; its output goes through files in {@code scratch}. */
  static Run run(Path scratch, List<String> command) throws Exception {
    return run(scratch, command, Map.of());
  }

  /** Runs {@code command} with {@code environment} on top of this process's environment. */
  static Run run(Path scratch, List<String> command, Map<String, String> environment)
      throws Exception {
    ProcessBuilder builder =
        new ProcessBuilder(new ArrayList<>(command)).directory(Repo.ROOT.toFile());
    builder.environment().putAll(environment);
    Path out = Files.createTempFile(scratch, "out", ".txt");
    Path err = Files.createTempFile(scratch, "err", ".txt");
    Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("finished in time").isTrue();
    return new Run(
        process.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  /** The version {@code buildspec/project-version.sh} prints for the root pom. */
  static String projectVersion(Path scratch) throws Exception {
    Run run = run(scratch, List.of("bash", "buildspec/project-version.sh"));
    assertThat(run.exitCode()).isZero();
    return run.stdout().trim();
  }

  /** Writes an executable script, e.g. a fake of a program that must not really run. */
  static void executable(Path file, String body) throws IOException {
    Files.writeString(file, body);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }
}
