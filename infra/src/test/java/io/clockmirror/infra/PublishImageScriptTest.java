package io.clockmirror.infra;

import static org.assertj.core.api.Assertions.assertThat;

import io.clockmirror.infra.ScriptProcess.Run;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code buildspec/publish-image.sh}, as the pipeline and the deploy docs run it: only a tag that
 * belongs to one commit is pushed, so no two publications can want the same tag in the immutable
 * repository, and the digest is checked equal to the built one in the layout, before and after
 * every push. {@code aws} and {@code crane} are replaced by small fakes that keep the repository's
 * tags in a file.
 */
class PublishImageScriptTest {

  private static final String REPOSITORY =
      "123456789012.dkr.ecr.eu-west-1.amazonaws.com/dev-clockmirror";
  private static final String COMMIT = ImageTagScriptTest.COMMIT;

  @TempDir Path fakes;
  private Path tags;
  private Path pushes;
  private Path layout;
  private String digest;

  @BeforeEach
  void installFakes() throws IOException {
    tags = fakes.resolve("tags");
    pushes = fakes.resolve("pushes");
    Files.writeString(tags, "");
    Files.writeString(pushes, "");
    // aws ecr describe-images ... --image-ids imageTag=T: the digest of T, or ImageNotFound.
    ScriptProcess.executable(
        fakes.resolve("aws"),
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
    // crane push LAYOUT R:T records the push and gives T the digest the layout's index names,
    // unless FAKE_REGISTRY_DIGEST says the registry stored something else.
    ScriptProcess.executable(
        fakes.resolve("crane"),
        """
        #!/usr/bin/env bash
        [[ "$1" == push && $# -eq 3 ]] || { echo "unexpected crane $*" >&2; exit 99; }
        stored="${FAKE_REGISTRY_DIGEST:-$(jq -r '.manifests[0].digest' "$2/index.json")}"
        echo "${3##*:}" >> "$FAKE_PUSHES"; echo "${3##*:} $stored" >> "$FAKE_TAGS"
        """);
    layout = fakes.resolve("layout");
    digest = writeLayout(layout, "{\"schemaVersion\":2}");
  }

  /** A minimal image layout: one manifest blob and the index naming it; returns its digest. */
  static String writeLayout(Path layout, String manifest) throws IOException {
    byte[] bytes = manifest.getBytes(StandardCharsets.UTF_8);
    String hex;
    try {
      hex = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    Files.createDirectories(layout.resolve("blobs/sha256"));
    Files.write(layout.resolve("blobs/sha256/" + hex), bytes);
    Files.writeString(
        layout.resolve("index.json"),
        "{\"schemaVersion\":2,\"manifests\":[{\"digest\":\"sha256:" + hex + "\"}]}");
    return "sha256:" + hex;
  }

  @Test
  void aPipelineRunPushesOnlyItsCommitsOwnTagAndTheRegistryHoldsTheBuiltDigest() throws Exception {
    Run run = publish(version() + "-abc1234");
    assertThat(run.exitCode()).as(run.stderr()).isZero();
    assertThat(Files.readAllLines(pushes)).containsExactly(version() + "-abc1234");
    assertThat(Files.readAllLines(tags)).containsExactly(version() + "-abc1234 " + digest);
    assertThat(run.stdout()).contains(REPOSITORY + ":" + version() + "-abc1234@" + digest);
  }

  @Test
  void aPushTheRegistryStoresUnderAnotherDigestFailsTheRun() throws Exception {
    Run run =
        publish(version() + "-abc1234", Map.of("FAKE_REGISTRY_DIGEST", "sha256:" + "e".repeat(64)));
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.stderr()).contains("after the push, not " + digest);
  }

  @Test
  void aLayoutThatIsNotTheBuiltImageIsNeverPushed() throws Exception {
    String other = writeLayout(fakes.resolve("other"), "{\"schemaVersion\":2,\"other\":1}");
    Run run =
        run(
            List.of(
                "bash",
                "buildspec/publish-image.sh",
                fakes.resolve("other").toString(),
                REPOSITORY,
                version() + "-abc1234",
                digest),
            Map.of());
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.stderr()).contains("holds " + other).contains("not the image " + digest);
    // A manifest changed after the index was written is caught by its bytes.
    Files.writeString(layout.resolve("blobs/sha256/" + digest.substring("sha256:".length())), "{}");
    Run tampered = publish(version() + "-abc1234");
    assertThat(tampered.exitCode()).isEqualTo(1);
    assertThat(Files.readAllLines(pushes)).isEmpty();
  }

  @Test
  void aTagTheRepositoryHoldsForAnotherDigestIsRefused() throws Exception {
    Files.writeString(tags, version() + "-abc1234 sha256:" + "a".repeat(64) + "\n");
    Run run = publish(version() + "-abc1234");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.stderr()).contains("already holds").contains("refusing");
    assertThat(Files.readAllLines(pushes)).isEmpty();
  }

  @Test
  void theDocumentedManualFirstDeployDoesNotStopThePipelineRunOfTheSameCommit() throws Exception {
    // docs/deploy.md: the first image by hand, with the tag buildspec/image-tag.sh --manual
    // makes ...
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
    Files.writeString(tags, version() + "-abc1234 " + digest + "\n");
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

  private String version() throws Exception {
    return ScriptProcess.projectVersion(fakes);
  }

  private Run publish(String tag) throws Exception {
    return publish(tag, Map.of());
  }

  private Run publish(String tag, Map<String, String> extraEnvironment) throws Exception {
    return run(
        List.of("bash", "buildspec/publish-image.sh", layout.toString(), REPOSITORY, tag, digest),
        extraEnvironment);
  }

  private Run run(List<String> command) throws Exception {
    return run(command, Map.of());
  }

  /** Runs {@code command} with the fakes first on the PATH and their files in its environment. */
  private Run run(List<String> command, Map<String, String> extraEnvironment) throws Exception {
    Map<String, String> environment = new HashMap<>();
    environment.put("PATH", fakes + ":" + System.getenv("PATH"));
    environment.put("FAKE_TAGS", tags.toString());
    environment.put("FAKE_PUSHES", pushes.toString());
    environment.putAll(extraEnvironment);
    return ScriptProcess.run(fakes, command, environment);
  }
}
