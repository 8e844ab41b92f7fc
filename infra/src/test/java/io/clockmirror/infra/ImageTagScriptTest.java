package io.clockmirror.infra;

import static org.assertj.core.api.Assertions.assertThat;

import io.clockmirror.infra.ScriptProcess.Run;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code buildspec/image-tag.sh}: each image tag belongs to one commit, a hand-published one also
 * to one moment, and the pipeline's builds tag and publish through it.
 */
class ImageTagScriptTest {

  static final String COMMIT = "abc1234f00dfeedc0ffee0123456789abcdef012";

  @TempDir Path scratch;

  @Test
  void theImageTagIsTheVersionAndTheCommitsFirstSevenDigits() throws Exception {
    Run run = ScriptProcess.run(scratch, List.of("bash", "buildspec/image-tag.sh", COMMIT));
    assertThat(run.exitCode()).as(run.stderr()).isZero();
    assertThat(run.stdout().trim()).isEqualTo(version() + "-abc1234");
  }

  @Test
  void aManualTagCarriesTheCommitAndTheTimeAndNeverEqualsThePipelinesTag() throws Exception {
    Run run =
        ScriptProcess.run(scratch, List.of("bash", "buildspec/image-tag.sh", "--manual", COMMIT));
    assertThat(run.exitCode()).as(run.stderr()).isZero();
    assertThat(run.stdout().trim())
        .matches(Pattern.quote(version() + "-abc1234-manual.") + "\\d{14}")
        .isNotEqualTo(version() + "-abc1234");
  }

  @Test
  void theImageTagRefusesSomethingThatIsNotACommitId() throws Exception {
    Run run = ScriptProcess.run(scratch, List.of("bash", "buildspec/image-tag.sh", "unknown"));
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.stderr()).contains("'unknown' is not a commit id");
  }

  @Test
  void theImageBuildTagsWithTheSameScript() {
    assertThat(Buildspecs.commandsRun("docker-build"))
        .extracting(ScriptCalls.Located::toString)
        .contains("buildspec/build-image.sh: buildspec/image-tag.sh ${tag_options[@]} $commit");
    assertThat(Buildspecs.commandTexts("deploy-ecr"))
        .contains(
            "buildspec/publish-image.sh \"$CODEBUILD_SRC_DIR_Image/image\" \"$REPOSITORY_URI\""
                + " \"$IMAGE_TAG\" \"$IMAGE_DIGEST\"");
  }

  private String version() throws Exception {
    return ScriptProcess.projectVersion(scratch);
  }
}
