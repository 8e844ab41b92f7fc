package io.clockmirror.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** What the documents say the command does is what the code does. */
class DocsTest {

  @Test
  void deployMdListsTheStepsTheCodeRuns() throws Exception {
    String docs = Files.readString(Fixture.REPO.resolve("docs/deploy.md"));
    Matcher section =
        Pattern.compile("(?s)<!-- deploy-steps:begin -->\n(.*)<!-- deploy-steps:end -->")
            .matcher(docs);
    assertThat(section.find()).as("docs/deploy.md has the deploy-steps section").isTrue();
    assertThat(section.group(1))
        .as("docs/deploy.md, What `deploy` does: paste ./clockmirror deploy --steps")
        .isEqualTo(DeployStep.markdown());
  }

  @Test
  void deployStepsPrintsTheSameList() throws Exception {
    try (Fixture fixture = new Fixture()) {
      Fixture.Run run = fixture.run("deploy", "--steps");
      assertThat(run.exit()).isZero();
      assertThat(run.out()).isEqualTo(DeployStep.markdown());
      assertThat(fixture.calls()).isEmpty();
    }
  }

  @Test
  void theReadmesExitCodesAreTheCodes() throws Exception {
    String readme = Files.readString(Fixture.REPO.resolve("cli/README.md"));
    List<String> rows = new ArrayList<>();
    Matcher row = Pattern.compile("(?m)^\\| `(\\d+)` \\| (.*) \\|$").matcher(readme);
    while (row.find()) {
      rows.add(row.group(1) + " " + row.group(2));
    }
    List<String> codes = new ArrayList<>();
    for (ExitCode code : ExitCode.values()) {
      codes.add(code.status() + " " + code.meaning());
    }
    assertThat(rows).isEqualTo(codes);
  }

  @Test
  void everyVerbHasHelpWithTheExitCodes() throws Exception {
    try (Fixture fixture = new Fixture()) {
      for (String verb : List.of("deploy", "pipeline", "status", "logs", "destroy")) {
        Fixture.Run help = fixture.run(verb, "--help");
        assertThat(help.exit()).as(verb).isZero();
        assertThat(help.out())
            .as(verb)
            .startsWith("Usage: clockmirror " + verb)
            .contains("Exit codes:", "130   interrupted (Ctrl-C)");
      }
      assertThat(fixture.run("--help").out())
          .contains("deploy", "pipeline", "status", "logs", "destroy");
      assertThat(fixture.calls()).isEmpty();
    }
  }
}
