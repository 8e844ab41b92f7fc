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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The release scripts the pipeline and the deploy docs run: the version comes from the root pom,
 * each image tag belongs to one commit (and a hand-published one also to one moment), so no two
 * publications can want the same tag in the immutable repository. {@code aws} and {@code docker}
 * are replaced by small fakes that keep the repository's tags in a file.
 */
class ReleaseScriptsTest {

  private static final Path ROOT = Repo.ROOT;
  private static final String REPOSITORY =
      "123456789012.dkr.ecr.eu-west-1.amazonaws.com/dev-clockmirror";
  private static final String COMMIT = "abc1234f00dfeedc0ffee0123456789abcdef012";

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
    Run run = run(List.of("bash", "buildspec/project-version.sh"));
    assertThat(run.exitCode()).isZero();
    assertThat(run.stdout().trim()).isEqualTo(pomVersion).matches("\\d+\\.\\d+\\.\\d+.*");
  }

  @Test
  void projectVersionRejectsAVersionThatIsNotSemantic() throws Exception {
    Path pom = fakes.resolve("pom.xml");
    Files.writeString(pom, "<project>\n  <version>1.2</version>\n</project>\n");
    Run run = run(List.of("bash", "buildspec/project-version.sh", pom.toString()));
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
  void theImageTagIsTheVersionAndTheCommitsFirstSevenDigits() throws Exception {
    Run run = run(List.of("bash", "buildspec/image-tag.sh", COMMIT));
    assertThat(run.exitCode()).as(run.stderr()).isZero();
    assertThat(run.stdout().trim()).isEqualTo(version() + "-abc1234");
  }

  @Test
  void aManualTagCarriesTheCommitAndTheTimeAndNeverEqualsThePipelinesTag() throws Exception {
    Run run = run(List.of("bash", "buildspec/image-tag.sh", "--manual", COMMIT));
    assertThat(run.exitCode()).as(run.stderr()).isZero();
    assertThat(run.stdout().trim())
        .matches(Pattern.quote(version() + "-abc1234-manual.") + "\\d{14}")
        .isNotEqualTo(version() + "-abc1234");
  }

  @Test
  void theImageTagRefusesSomethingThatIsNotACommitId() throws Exception {
    Run run = run(List.of("bash", "buildspec/image-tag.sh", "unknown"));
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.stderr()).contains("'unknown' is not a commit id");
  }

  @Test
  void theBuilderBaseIsPinnedByTagAndDigestAndTheLocalStandInTakesTheTag() throws Exception {
    Matcher builder =
        Pattern.compile("(?m)^ARG BUILDER_IMAGE=(\\S+)$")
            .matcher(Files.readString(ROOT.resolve("Dockerfile")));
    assertThat(builder.find()).as("ARG BUILDER_IMAGE in the Dockerfile").isTrue();
    String image = builder.group(1);
    assertThat(image).matches("[^@\\s]+:25\\.0\\.3_9-jdk-noble@sha256:[0-9a-f]{64}");
    Run standIn = run(List.of("bash", "docker/prepare-base-images.sh", "--builder-tag"));
    assertThat(standIn.exitCode()).as(standIn.stderr()).isZero();
    assertThat(standIn.stdout().trim()).isEqualTo(image.substring(0, image.indexOf('@')));
  }

  @Test
  void theImageBuildTagsWithTheSameScript() {
    assertThat(Buildspecs.commandTexts("docker-build"))
        .contains("IMAGE_TAG=\"$(buildspec/image-tag.sh \"$COMMIT_ID\")\"");
    assertThat(Buildspecs.commandTexts("deploy-ecr"))
        .contains(
            "buildspec/publish-image.sh \"${IMAGE_NAME}:${IMAGE_TAG}\" \"$REPOSITORY_URI\" \"$IMAGE_TAG\"");
  }

  @Test
  void aPipelineRunPushesOnlyItsCommitsOwnTag() throws Exception {
    Run run = publish(version() + "-abc1234");
    assertThat(run.exitCode()).as(run.stderr()).isZero();
    assertThat(Files.readAllLines(pushes)).containsExactly(version() + "-abc1234");
  }

  @Test
  void theDocumentedManualFirstDeployDoesNotStopThePipelineRunOfTheSameCommit() throws Exception {
    // docs/deploy.md: the first image by hand, with the tag buildspec/image-tag.sh --manual makes
    // ...
    Run manualTag = run(List.of("bash", "buildspec/image-tag.sh", "--manual", COMMIT));
    Run manual = publish(manualTag.stdout().trim());
    assertThat(manual.exitCode()).as(manual.stderr()).isZero();
    // ... then the pipeline's first run, DockerBuild's tag for the same commit.
    Run pipelineTag = run(List.of("bash", "buildspec/image-tag.sh", COMMIT));
    Run pipeline = publish(pipelineTag.stdout().trim());
    assertThat(pipeline.exitCode()).as(pipeline.stderr()).isZero();
    assertThat(Files.readAllLines(pushes))
        .containsExactly(manualTag.stdout().trim(), version() + "-abc1234");
  }

  @Test
  void aFixCommitAfterARunThatFailedLaterPublishesTheSameVersion() throws Exception {
    // The failed run's commit got through DeployECR; the version itself was never burnt.
    Files.writeString(tags, version() + " sha256:old\n" + version() + "-0ld0ld0 sha256:old\n");
    Run run = publish(version() + "-def5678");
    assertThat(run.exitCode()).as(run.stderr()).isZero();
    assertThat(Files.readAllLines(pushes)).containsExactly(version() + "-def5678");
  }

  @Test
  void aTagThatCouldBeAnotherCommitsIsRefusedBeforeAnythingIsPushed() throws Exception {
    for (String tag : List.of(version(), version() + "-latest", "9.9.9-abc1234", "abc1234")) {
      Run run = publish(tag);
      assertThat(run.exitCode()).as(tag).isEqualTo(2);
      assertThat(run.stderr()).as(tag).contains("buildspec/image-tag.sh");
    }
    assertThat(Files.readAllLines(pushes)).isEmpty();
  }

  @Test
  void aRetriedRunOfTheSameCommitPushesNothingAgain() throws Exception {
    Files.writeString(tags, version() + "-abc1234 sha256:same\n");
    Run run = publish(version() + "-abc1234");
    assertThat(run.exitCode()).as(run.stderr()).isZero();
    assertThat(run.stdout()).contains("already in");
    assertThat(Files.readAllLines(pushes)).isEmpty();
  }

  @Test
  void anyOtherRegistryErrorFailsThePublication() throws Exception {
    Run run =
        publish(
            version() + "-abc1234",
            Map.of("FAKE_AWS_ERROR", "An error occurred (AccessDeniedException) when calling"));
    assertThat(run.exitCode()).isNotZero();
    assertThat(run.stderr()).contains("AccessDeniedException");
    assertThat(Files.readAllLines(pushes)).isEmpty();
  }

  @Test
  void theDeployDocsPublishOnlyThroughThePipelinesScript() throws IOException {
    String docs = Files.readString(ROOT.resolve("docs/deploy.md"));
    List<ShellCommands.Command> commands = new ArrayList<>();
    for (String block : shellBlocks(docs)) {
      commands.addAll(ShellCommands.parse(block));
    }
    assertThat(commands)
        .as("no image is pushed by hand beside buildspec/publish-image.sh")
        .noneMatch(
            command ->
                command.name().matches("(docker|podman|buildah|skopeo|crane)")
                    && command.words().contains("push"));
    assertThat(commands)
        .extracting(ShellCommands.Command::toString)
        .anyMatch(command -> command.startsWith("buildspec/publish-image.sh "))
        .anyMatch(command -> command.equals("buildspec/image-tag.sh --manual $(...)"));
  }

  /** The bodies of the {@code ```shell} blocks of a Markdown text, list indentation removed. */
  private static List<String> shellBlocks(String markdown) {
    List<String> blocks = new ArrayList<>();
    Matcher matcher = Pattern.compile("(?ms)^( *)```shell\\n(.*?)^\\1```").matcher(markdown);
    while (matcher.find()) {
      String indent = matcher.group(1);
      blocks.add(
          matcher
              .group(2)
              .lines()
              .map(line -> line.startsWith(indent) ? line.substring(indent.length()) : line)
              .collect(Collectors.joining("\n", "", "\n")));
    }
    assertThat(blocks).as("shell blocks").isNotEmpty();
    return blocks;
  }

  private String version() throws Exception {
    Run run = run(List.of("bash", "buildspec/project-version.sh"));
    assertThat(run.exitCode()).isZero();
    return run.stdout().trim();
  }

  private Run publish(String tag) throws Exception {
    return publish(tag, Map.of());
  }

  private Run publish(String tag, Map<String, String> extraEnvironment) throws Exception {
    return run(
        List.of("bash", "buildspec/publish-image.sh", "clockmirror:local", REPOSITORY, tag),
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
