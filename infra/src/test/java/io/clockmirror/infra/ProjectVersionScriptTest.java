package io.clockmirror.infra;

import static org.assertj.core.api.Assertions.assertThat;

import io.clockmirror.infra.ScriptProcess.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/** {@code buildspec/project-version.sh}: the release version is the root pom's, and semantic. */
class ProjectVersionScriptTest {

  @TempDir Path scratch;

  @Test
  void projectVersionPrintsTheRootPomVersion() throws Exception {
    String pomVersion = null;
    Element project = BuildspecFilesTest.rootPom();
    for (Node child = project.getFirstChild(); child != null; child = child.getNextSibling()) {
      if ("version".equals(child.getNodeName())) {
        pomVersion = child.getTextContent().trim();
      }
    }
    Run run = ScriptProcess.run(scratch, List.of("bash", "buildspec/project-version.sh"));
    assertThat(run.exitCode()).isZero();
    assertThat(run.stdout().trim()).isEqualTo(pomVersion).matches("\\d+\\.\\d+\\.\\d+.*");
  }

  @Test
  void projectVersionRejectsAVersionThatIsNotSemantic() throws Exception {
    Path pom = scratch.resolve("pom.xml");
    Files.writeString(pom, "<project>\n  <version>1.2</version>\n</project>\n");
    Run run =
        ScriptProcess.run(scratch, List.of("bash", "buildspec/project-version.sh", pom.toString()));
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.stderr()).contains("'1.2'").contains("not a semantic version");
  }
}
