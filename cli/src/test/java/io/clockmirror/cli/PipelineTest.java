package io.clockmirror.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PipelineTest {

  @Test
  void aPendingConnectionStopsWithWhatToClickThenTheStackIsDeployed() throws Exception {
    try (Fixture fixture = new Fixture()) {
      Fixture.Run first = fixture.run("pipeline", "--repository", "octo/clockmirror");

      assertThat(first.exit()).as(first.all()).isEqualTo(ExitCode.ACTION_NEEDED.status());
      assertThat(first.out())
          .contains(
              "[3/4] GitHub connection      changed   PENDING: created arn:aws:codeconnections:");
      assertThat(first.err())
          .contains("waits for its GitHub handshake, which only the console can do")
          .contains(
              "https://console.aws.amazon.com/codesuite/settings/connections?region=eu-west-1");
      assertThat(fixture.changingCalls()).noneMatch(call -> call.startsWith("cdk deploy"));

      // The person finishes the handshake in the console.
      Map<String, Object> state = fixture.state();
      Json.objects(state, "connections").getFirst().put("ConnectionStatus", "AVAILABLE");
      fixture.writeState(state);
      Fixture.Run second =
          fixture.run("pipeline", "--repository", "octo/clockmirror", "--branch", "main");

      assertThat(second.exit()).as(second.all()).isZero();
      assertThat(second.out())
          .contains("[3/4] GitHub connection      unchanged AVAILABLE")
          .contains(
              "[4/4] pipeline stack         changed   clockmirror-pipeline watches octo/clockmirror@main")
          .contains("clockmirror-pipeline, its stages now:");
      List<String> deploy =
          fixture.changingCalls().stream()
              .filter(call -> call.startsWith("cdk deploy clockmirror-pipeline"))
              .toList();
      assertThat(deploy).hasSize(1);
      assertThat(deploy.getFirst())
          .contains("-c connectionArn=arn:aws:codeconnections:eu-west-1:123456789012:connection/")
          .contains("-c repository=octo/clockmirror -c branch=main")
          .doesNotContain("env=");
    }
  }
}
