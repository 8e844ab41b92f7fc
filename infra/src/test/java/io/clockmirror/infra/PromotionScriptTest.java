package io.clockmirror.infra;

import static org.assertj.core.api.Assertions.assertThat;

import io.clockmirror.infra.ScriptProcess.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code buildspec/promotion.sh}: dev's smoke test records the image that passed, and prod's push
 * refuses any image that is not exactly that one, or that has no record at all.
 */
class PromotionScriptTest {

  private static final String DIGEST = "sha256:" + "1".repeat(64);
  private static final String TAG = "1.0.0-abc1234";

  @TempDir Path scratch;

  @Test
  void whatDevsSmokeTestRecordsLetsExactlyThatImageIntoProd() throws Exception {
    Path record = scratch.resolve("Passed_dev/promotion.env");
    Run recorded =
        run(List.of("record", record.toString()), Map.of("ENV_NAME", "dev"), DIGEST, TAG);
    assertThat(recorded.exitCode()).as(recorded.stderr()).isZero();
    assertThat(Files.readAllLines(record))
        .containsExactly(
            "ENVIRONMENT=dev", "IMAGE_DIGEST=" + DIGEST, "IMAGE_TAG=" + TAG, "IMAGE_VERSION=1.0.0");

    Run passed = check(record.getParent(), DIGEST, TAG);
    assertThat(passed.exitCode()).as(passed.stderr()).isZero();
    assertThat(passed.stdout()).contains("passed dev");
  }

  @Test
  void anotherImageThanTheOneThatPassedIsRefused() throws Exception {
    Path record = scratch.resolve("Passed_dev/promotion.env");
    run(List.of("record", record.toString()), Map.of("ENV_NAME", "dev"), DIGEST, TAG);

    Run otherDigest = check(record.getParent(), "sha256:" + "2".repeat(64), TAG);
    assertThat(otherDigest.exitCode()).isEqualTo(1);
    assertThat(otherDigest.stderr()).contains("what passed dev").contains("refusing to push");
    Run otherTag = check(record.getParent(), DIGEST, "1.0.0-def5678");
    assertThat(otherTag.exitCode()).isEqualTo(1);
  }

  @Test
  void aRecordOfAnotherEnvironmentOrNoRecordIsRefused() throws Exception {
    Path record = scratch.resolve("Passed_dev/promotion.env");
    run(List.of("record", record.toString()), Map.of("ENV_NAME", "qa"), DIGEST, TAG);
    assertThat(check(record.getParent(), DIGEST, TAG).exitCode()).isEqualTo(1);

    Run missing = run(List.of("check"), Map.of("PROMOTED_FROM", "dev"), DIGEST, TAG);
    assertThat(missing.exitCode()).isEqualTo(1);
    assertThat(missing.stderr()).contains("no record that the image passed dev");
  }

  @Test
  void theFirstEnvironmentTakesTheImageFromTheBuild() throws Exception {
    Run first = run(List.of("check"), Map.of(), DIGEST, TAG);
    assertThat(first.exitCode()).as(first.stderr()).isZero();
    assertThat(first.stdout()).contains("first environment");
    Run notADigest = run(List.of("check"), Map.of(), "latest", TAG);
    assertThat(notADigest.exitCode()).isEqualTo(2);
  }

  private Run check(Path passedDirectory, String digest, String tag) throws Exception {
    return run(
        List.of("check"),
        Map.of("PROMOTED_FROM", "dev", "CODEBUILD_SRC_DIR_Passed_dev", passedDirectory.toString()),
        digest,
        tag);
  }

  private Run run(List<String> arguments, Map<String, String> extra, String digest, String tag)
      throws Exception {
    Map<String, String> environment = new HashMap<>(extra);
    environment.put("IMAGE_DIGEST", digest);
    environment.put("IMAGE_TAG", tag);
    environment.put("IMAGE_VERSION", "1.0.0");
    environment.putIfAbsent("PROMOTED_FROM", "");
    List<String> command = new ArrayList<>(List.of("bash", "buildspec/promotion.sh"));
    command.addAll(arguments);
    return ScriptProcess.run(scratch, command, environment);
  }
}
