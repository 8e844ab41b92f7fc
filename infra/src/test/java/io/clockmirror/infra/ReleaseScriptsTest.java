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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The release scripts the pipeline runs: the version comes from the root pom, and publishing to the
 * immutable repository refuses a version another commit already published. {@code aws} and {@code
 * docker} are replaced by small fakes that keep the repository's tags in a file.
 */
class ReleaseScriptsTest {

  private static final Path ROOT = Repo.ROOT;
  private static final String REPOSITORY =
      "123456789012.dkr.ecr.eu-west-1.amazonaws.com/dev-clockmirror";

  @TempDir Path fakes;
  private Path tags;
  private Path pushes;

  record Run(int exitCode, String stdout, String stderr) {}

  @Test
  void projectVersionPrintsTheRootPomVersion() throws Exception {
    String pomVersion = null;
    Element project = BuildspecFilesTest.rootPom();
    for (Node child = project.getFirstChild(); child != null; child = child.getNextSibling()) {
      if ("version".equals(child.getNodeName())) {
        pomVersion = child.getTextContent().trim();
      }
    }
    Run run = run(List.of("bash", "ci/project-version.sh"));
    assertThat(run.exitCode()).isZero();
    assertThat(run.stdout().trim()).isEqualTo(pomVersion).matches("\\d+\\.\\d+\\.\\d+.*");
  }

  @Test
  void projectVersionRejectsAVersionThatIsNotSemantic() throws Exception {
    Path pom = fakes.resolve("pom.xml");
    Files.writeString(pom, "<project>\n  <version>1.2</version>\n</project>\n");
    Run run = run(List.of("bash", "ci/project-version.sh", pom.toString()));
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.stderr()).contains("'1.2'").contains("not a semantic version");
  }

  @BeforeEach
  void installFakes() throws IOException {
    tags = fakes.resolve("tags");
    pushes = fakes.resolve("pushes");
    Files.writeString(tags, "");
    Files.writeString(pushes, "");
    // aws ecr describe-images ... --image-ids imageTag=T: the digest of T, or ImageNotFound.
    script(
        "aws",
        """
        #!/usr/bin/env bash
        [[ "$1 $2" == "ecr describe-images" ]] || { echo "unexpected aws $*" >&2; exit 99; }
        [[ -z "${FAKE_AWS_ERROR:-}" ]] || { echo "$FAKE_AWS_ERROR" >&2; exit 255; }
        for arg in "$@"; do [[ "$arg" == imageTag=* ]] && tag="${arg#imageTag=}"; done
        digest="$(awk -v t="$tag" '$1 == t {print $2}' "$FAKE_TAGS")"
        if [[ -z "$digest" ]]; then
          echo "An error occurred (ImageNotFoundException) when calling the DescribeImages operation" >&2
          exit 254
        fi
        echo "$digest"
        """);
    // docker push R:T records the push and gives T the digest of the image being published.
    script(
        "docker",
        """
        #!/usr/bin/env bash
        case "$1" in
          tag) exit 0 ;;
          push) echo "${2##*:}" >> "$FAKE_PUSHES"; echo "${2##*:} sha256:new" >> "$FAKE_TAGS" ;;
          *) echo "unexpected docker $*" >&2; exit 99 ;;
        esac
        """);
  }

  @Test
  void aNewVersionIsPushedUnderBothTags() throws Exception {
    Run run = publish(Map.of());
    assertThat(run.exitCode()).as(run.stderr()).isZero();
    assertThat(Files.readAllLines(pushes)).containsExactly("1.4.0-abc1234", "1.4.0");
  }

  @Test
  void aVersionPublishedByAnotherCommitFailsAndSaysToBumpThePom() throws Exception {
    Files.writeString(tags, "1.4.0 sha256:old\n1.4.0-0ld0ld0 sha256:old\n");
    Run run = publish(Map.of());
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.stderr())
        .contains("version 1.4.0 is already published")
        .contains("immutable")
        .contains("pom.xml");
    assertThat(Files.readAllLines(pushes)).isEmpty();
  }

  @Test
  void aRetriedRunOfTheSameCommitPushesNothingAgain() throws Exception {
    Files.writeString(tags, "1.4.0 sha256:same\n1.4.0-abc1234 sha256:same\n");
    Run run = publish(Map.of());
    assertThat(run.exitCode()).as(run.stderr()).isZero();
    assertThat(Files.readAllLines(pushes)).isEmpty();
  }

  @Test
  void aRunThatStoppedBetweenTheTwoPushesCompletesTheSecond() throws Exception {
    Files.writeString(tags, "1.4.0-abc1234 sha256:same\n");
    Run run = publish(Map.of());
    assertThat(run.exitCode()).as(run.stderr()).isZero();
    assertThat(Files.readAllLines(pushes)).containsExactly("1.4.0");
  }

  @Test
  void anyOtherRegistryErrorFailsThePublication() throws Exception {
    Run run =
        publish(Map.of("FAKE_AWS_ERROR", "An error occurred (AccessDeniedException) when calling"));
    assertThat(run.exitCode()).isNotZero();
    assertThat(run.stderr()).contains("AccessDeniedException");
    assertThat(Files.readAllLines(pushes)).isEmpty();
  }

  private Run publish(Map<String, String> extraEnvironment) throws Exception {
    return run(
        List.of(
            "bash",
            "ci/publish-image.sh",
            "clockmirror:1.4.0-abc1234",
            REPOSITORY,
            "1.4.0",
            "1.4.0-abc1234"),
        extraEnvironment);
  }

  private void script(String name, String body) throws IOException {
    Path file = fakes.resolve(name);
    Files.writeString(file, body);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  private Run run(List<String> command) throws Exception {
    return run(command, Map.of());
  }

  private Run run(List<String> command, Map<String, String> extraEnvironment) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command)).directory(ROOT.toFile());
    Map<String, String> environment = builder.environment();
    environment.put("PATH", fakes + ":" + environment.get("PATH"));
    if (tags != null) {
      environment.put("FAKE_TAGS", tags.toString());
      environment.put("FAKE_PUSHES", pushes.toString());
    }
    environment.putAll(extraEnvironment);
    Path out = Files.createTempFile(fakes, "out", ".txt");
    Path err = Files.createTempFile(fakes, "err", ".txt");
    Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("finished in time").isTrue();
    return new Run(
        process.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }
}
