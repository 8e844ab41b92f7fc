package io.clockmirror.infra;

import static org.assertj.core.api.Assertions.assertThat;

import io.clockmirror.infra.ScriptProcess.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.assertions.Match;

/**
 * {@code buildspec/ssm-parameters.sh}: the DeployApp build reads an environment's SSM overrides
 * with its own role and hands them to {@code cdk deploy} as plain stack parameters. {@code aws} is
 * a fake that answers {@code ssm get-parameter} from a file and records every call.
 */
class SsmParametersScriptTest {

  private static final Path ROOT = Repo.ROOT;

  @TempDir Path fakes;
  private Path store;
  private Path calls;

  @BeforeEach
  void installFakeAws() throws IOException {
    store = fakes.resolve("ssm");
    calls = fakes.resolve("calls");
    Files.writeString(store, "");
    Files.writeString(calls, "");
    ScriptProcess.executable(
        fakes.resolve("aws"),
        """
        #!/usr/bin/env bash
        echo "$*" >> "$FAKE_CALLS"
        [[ "$1 $2" == "ssm get-parameter" ]] || { echo "unexpected aws $*" >&2; exit 99; }
        while [[ $# -gt 0 ]]; do
          case "$1" in
            --name) name="$2"; shift ;;
            --query) [[ "$2" == Parameter.Value ]] || exit 98; shift ;;
            --output) [[ "$2" == text ]] || exit 97; shift ;;
          esac
          shift
        done
        value="$(awk -v n="$name" '$1 == n {print $2}' "$FAKE_SSM")"
        if [[ -z "$value" ]]; then
          echo "An error occurred (ParameterNotFound) when calling the GetParameter operation: " >&2
          exit 254
        fi
        echo "$value"
        """);
  }

  @Test
  void anEnvironmentWithoutOverridesPassesNothingAndNeverCallsAws() throws Exception {
    for (String environment : List.of("dev", "prod")) {
      Run run = run(environment, ROOT.resolve("infra/cdk.json"));
      assertThat(run.exitCode()).as(run.stderr()).isZero();
      assertThat(run.stdout()).isEmpty();
    }
    assertThat(Files.readString(calls)).isEmpty();
  }

  @Test
  void eachOverrideBecomesAParameterOfTheAppStackByTheNameTheStackGivesIt() throws Exception {
    Files.writeString(
        store,
        """
        /clockmirror/qa/minCapacity 3
        /clockmirror/qa/maxCapacity 10
        /clockmirror/qa/cpuTargetPercent 55
        /clockmirror/qa/requestsPerTarget 4000
        """);
    Run run = run("qa", qaCdkJson());
    assertThat(run.exitCode()).as(run.stderr()).isZero();
    List<String> arguments = run.stdout().lines().toList();
    assertThat(arguments)
        .containsExactly(
            "--parameters",
            "qa-clockmirror-app:MinCapacity=3",
            "--parameters",
            "qa-clockmirror-app:MaxCapacity=10",
            "--parameters",
            "qa-clockmirror-app:CpuTargetPercent=55",
            "--parameters",
            "qa-clockmirror-app:RequestsPerTarget=4000");
    // The names are those of the synthesized stack for the same environment.
    var stacks = Synth.variant();
    assertThat(stacks.settings().name()).isEqualTo("qa");
    var template = Synth.template(stacks.app());
    for (String argument : arguments.stream().filter(a -> !a.startsWith("--")).toList()) {
      String stack = argument.substring(0, argument.indexOf(':'));
      String parameter = argument.substring(argument.indexOf(':') + 1, argument.indexOf('='));
      assertThat(stack).isEqualTo(stacks.app().getStackName());
      assertThat(template.findParameters(parameter, Match.objectLike(Map.of("Type", "Number"))))
          .as(parameter)
          .hasSize(1);
    }
  }

  @Test
  void aMissingParameterStopsTheDeployAndSaysHowToCreateIt() throws Exception {
    Files.writeString(store, "/clockmirror/qa/minCapacity 3\n");
    Run run = run("qa", qaCdkJson());
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.stderr())
        .contains("/clockmirror/qa/maxCapacity")
        .contains("ParameterNotFound")
        .contains("aws ssm put-parameter");
    assertThat(run.stdout()).isEmpty();
  }

  @Test
  void aValueThatIsNotAWholeNumberIsRefused() throws Exception {
    Files.writeString(
        store,
        """
        /clockmirror/qa/minCapacity 3
        /clockmirror/qa/maxCapacity ten
        /clockmirror/qa/cpuTargetPercent 55
        /clockmirror/qa/requestsPerTarget 4000
        """);
    Run run = run("qa", qaCdkJson());
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.stderr()).contains("/clockmirror/qa/maxCapacity").contains("'ten'");
  }

  @Test
  void anEnvironmentThatCdkJsonDoesNotDefineIsAnError() throws Exception {
    Run run = run("nowhere", ROOT.resolve("infra/cdk.json"));
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.stderr()).contains("'nowhere'");
  }

  private Path qaCdkJson() throws IOException {
    Path cdkJson = fakes.resolve("cdk.json");
    Files.writeString(
        cdkJson,
        """
        {"context": {"clockmirror:environments": {"qa": {"ssmOverrides":
          ["minCapacity", "maxCapacity", "cpuTargetPercent", "requestsPerTarget"]}}}}
        """);
    return cdkJson;
  }

  private Run run(String environment, Path cdkJson) throws Exception {
    return ScriptProcess.run(
        fakes,
        List.of("bash", "buildspec/ssm-parameters.sh", environment),
        Map.of(
            "PATH", fakes + ":" + System.getenv("PATH"),
            "FAKE_SSM", store.toString(),
            "FAKE_CALLS", calls.toString(),
            "CDK_JSON", cdkJson.toString()));
  }
}
