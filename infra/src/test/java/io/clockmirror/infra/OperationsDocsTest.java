package io.clockmirror.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docs/operations.md shows the dashboard prod synthesizes today, not an older one. */
class OperationsDocsTest {

  @Test
  void theDashboardPictureIsTheOneDrawnFromProdsTemplate(@TempDir Path scratch) throws Exception {
    Path template = scratch.resolve("prod-clockmirror-app.template.json");
    new ObjectMapper()
        .writeValue(template.toFile(), Synth.template(Synth.environment("prod").app()).toJSON());

    ScriptProcess.Run run =
        ScriptProcess.run(
            scratch, List.of("python3", "infra/tools/dashboard_layout.py", template.toString()));

    assertThat(run.exitCode()).as(run.stderr()).isZero();
    assertThat(run.stdout()).contains("| Alarms").contains("prod-clockmirror-5xx-rate");
    assertThat(Files.readString(Repo.ROOT.resolve("docs/operations.md")))
        .as("the picture in docs/operations.md; redraw it with infra/tools/dashboard_layout.py")
        .contains(run.stdout().strip());
  }
}
