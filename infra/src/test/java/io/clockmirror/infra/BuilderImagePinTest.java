package io.clockmirror.infra;

import static org.assertj.core.api.Assertions.assertThat;

import io.clockmirror.infra.ScriptProcess.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Dockerfile's builder base image, pinned, and the local stand-in built under its name. */
class BuilderImagePinTest {

  @TempDir Path scratch;

  @Test
  void theBuilderBaseIsPinnedByTagAndDigestAndTheLocalStandInTakesTheTag() throws Exception {
    Matcher builder =
        Pattern.compile("(?m)^ARG BUILDER_IMAGE=(\\S+)$")
            .matcher(Files.readString(Repo.ROOT.resolve("Dockerfile")));
    assertThat(builder.find()).as("ARG BUILDER_IMAGE in the Dockerfile").isTrue();
    String image = builder.group(1);
    assertThat(image).matches("[^@\\s]+:25\\.0\\.3_9-jdk-noble@sha256:[0-9a-f]{64}");
    Run standIn =
        ScriptProcess.run(
            scratch, List.of("bash", "docker/prepare-base-images.sh", "--builder-tag"));
    assertThat(standIn.exitCode()).as(standIn.stderr()).isZero();
    assertThat(standIn.stdout().trim()).isEqualTo(image.substring(0, image.indexOf('@')));
  }
}
