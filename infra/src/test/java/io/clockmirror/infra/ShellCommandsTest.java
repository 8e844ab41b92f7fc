package io.clockmirror.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShellCommandsTest {

  private static List<String> names(String script) {
    return ShellCommands.parse(script).stream().map(ShellCommands.Command::name).toList();
  }

  @Test
  void listsPipelinesAndSubstitutionsAreSplitIntoCommands() {
    assertThat(names("aws ecr get-login-password | docker login --password-stdin x && echo ok"))
        .containsExactly("aws", "docker", "echo");
    assertThat(names("test \"$V\" = \"$(buildspec/project-version.sh)\"; X=`date -u` true"))
        .containsExactly("buildspec/project-version.sh", "test", "date", "true");
    assertThat(names("( cd infra || exit 1 ) & wait")).containsExactly("cd", "exit", "wait");
  }

  @Test
  void quotedTextCommentsAndHereDocumentsRunNothing() {
    String script =
        """
        echo "docker push is done by the script" 'docker tag' # docker load
        cat >&2 <<MSG
          docker push $REPO
        MSG
        python3 - <<'PY'
        docker = 1
        PY
        printf '%s' done
        """;
    assertThat(names(script)).containsExactly("echo", "cat", "python3", "printf");
  }

  @Test
  void assignmentsRedirectionsAndKeywordsInFrontAreNotTheCommand() {
    assertThat(ShellCommands.parse("EXPECTED=1 2>&1 >/dev/null buildspec/smoke-test.sh \"$URL\""))
        .extracting(ShellCommands.Command::toString)
        .containsExactly("buildspec/smoke-test.sh $URL");
    assertThat(names("if ! docker info &>/dev/null; then podman info; fi"))
        .containsExactly("docker", "podman");
    assertThat(names("for s in ci/*.sh; do bash -n \"$s\"; done")).containsExactly("bash");
  }

  @Test
  void aLineContinuationJoinsOneCommand() {
    assertThat(ShellCommands.parse("docker build \\\n  --tag x .\n"))
        .extracting(ShellCommands.Command::toString)
        .containsExactly("docker build --tag x .");
  }

  @Test
  void scriptsOfTheRepositoryAreFollowedWhereverTheyAreCalled(@TempDir Path root)
      throws IOException {
    Files.createDirectories(root.resolve("ci"));
    Files.writeString(root.resolve("ci/outer.sh"), "#!/usr/bin/env bash\nbash ci/inner.sh\n");
    Files.writeString(root.resolve("ci/inner.sh"), "#!/usr/bin/env bash\ndocker push x\n");
    Files.writeString(root.resolve("ci/data.txt"), "docker push y\n");
    List<ScriptCalls.Located> found =
        ScriptCalls.runBy(
            root,
            "buildspec/x.yml",
            List.of("V=\"$(ci/outer.sh)\"", "cat ci/data.txt", "ci/outer.sh"));
    assertThat(found)
        .extracting(ScriptCalls.Located::toString)
        .containsExactly(
            "buildspec/x.yml: ci/outer.sh",
            "ci/outer.sh: bash ci/inner.sh",
            "ci/inner.sh: docker push x",
            "buildspec/x.yml: cat ci/data.txt",
            "buildspec/x.yml: ci/outer.sh");
  }
}
