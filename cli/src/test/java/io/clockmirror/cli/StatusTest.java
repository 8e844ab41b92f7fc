package io.clockmirror.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code status}: a rolling environment, blue or green live behind a canary one, mid-canary. */
class StatusTest {

  static Fixture fixture;
  static Map<String, Object> deployed;

  @BeforeAll
  static void deployBoth() throws Exception {
    fixture = new Fixture();
    assertThat(fixture.run("deploy", "dev").exit()).isZero();
    assertThat(fixture.run("deploy", "prod").exit()).isZero();
    deployed = fixture.state();
  }

  @AfterAll
  static void tearDown() throws Exception {
    fixture.close();
  }

  private static String status(String environment) throws Exception {
    Fixture.Run run = fixture.run("status", environment);
    assertThat(run.exit()).as(run.all()).isZero();
    return run.out();
  }

  @Test
  void aRollingEnvironmentHasOneTargetGroup() throws Exception {
    fixture.writeState(deployed);
    String tag = "1.0.0-" + fixture.commit().substring(0, 7) + "-manual.";
    assertThat(status("dev"))
        .contains("dev: eu-west-1, account 123456789012, dev-clockmirror-app CREATE_COMPLETE")
        .contains("  url         " + fixture.environment.get("FAKE_SERVICE_URL"))
        .containsPattern(
            "  image       "
                + tag.replace(".", "\\.")
                + "[0-9]{14}: commit [0-9a-f]{7}, version 1\\.0\\.0, published by hand 20")
        .contains("  traffic     blue 100 % (ROLLING: one target group, dev-cl-LoadB-BLUE1234)")
        .contains("  deployment  none in progress")
        .contains("  alarms      5 OK")
        .contains("  tasks       1 running, 1 desired (scaling 1..2)")
        .contains("  cost floor  ");
  }

  @Test
  void blueLive() throws Exception {
    fixture.writeState(withWeights(100, 0));
    assertThat(status("prod"))
        .contains(
            "  traffic     blue 100 % (prod-cl-LoadB-BLUE1234), green 0 % (prod-cl-LoadB-GREEN567); blue is live (CANARY)")
        .contains("  tasks       2 running, 2 desired (scaling 2..6)");
  }

  @Test
  void greenLiveAfterADeployment() throws Exception {
    fixture.writeState(withWeights(0, 100));
    assertThat(status("prod"))
        .contains(
            "  traffic     blue 0 % (prod-cl-LoadB-BLUE1234), green 100 % (prod-cl-LoadB-GREEN567); green is live (CANARY)");
  }

  @Test
  void midCanaryWithAnAlarmFiring() throws Exception {
    Map<String, Object> state = withWeights(90, 10);
    Map<String, Object> service = Json.cast(Json.cast(state.get("ecs")).get("prod-clockmirror"));
    // https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ServiceDeployment.html
    service.put(
        "deployments",
        List.of(
            Map.of(
                "serviceDeploymentArn",
                "arn:aws:ecs:eu-west-1:123456789012:service-deployment/prod-clockmirror/prod-clockmirror/Ykm0eTg2",
                "status",
                "IN_PROGRESS",
                "lifecycleStage",
                "PRODUCTION_TRAFFIC_SHIFT",
                "startedAt",
                "2026-12-06T10:15:00.000000+00:00",
                "deploymentConfiguration",
                Map.of("strategy", "CANARY", "bakeTimeInMinutes", 5),
                "targetServiceRevision",
                Map.of(
                    "arn",
                    "arn:aws:ecs:eu-west-1:123456789012:service-revision/x",
                    "requestedTaskCount",
                    2,
                    "runningTaskCount",
                    2,
                    "pendingTaskCount",
                    0))));
    service.put("running", 4);
    Json.cast(state.get("alarms")).put("prod-clockmirror-p99-latency", "ALARM");
    fixture.writeState(state);

    assertThat(status("prod"))
        .contains(
            "  traffic     blue 90 % (prod-cl-LoadB-BLUE1234), green 10 % (prod-cl-LoadB-GREEN567); split between the two (CANARY)")
        .contains(
            "  deployment  IN_PROGRESS CANARY since 2026-12-06T10:15:00.000000+00:00, stage"
                + " PRODUCTION_TRAFFIC_SHIFT: moving production traffic to the new revision (canary or"
                + " linear steps); new revision 2/2 tasks running")
        .contains("  alarms      1 ALARM (prod-clockmirror-p99-latency), 4 OK")
        .contains("  tasks       4 running, 2 desired (scaling 2..6)");
  }

  @Test
  void anEnvironmentNotDeployedSaysHowToDeployIt() throws Exception {
    fixture.writeState(deployed);
    Map<String, Object> state = fixture.state();
    Json.cast(state.get("stacks"))
        .values()
        .removeIf(stack -> String.valueOf(Json.cast(stack).get("StackName")).startsWith("dev-"));
    fixture.writeState(state);
    assertThat(status("dev"))
        .contains(
            "dev: not deployed (no dev-clockmirror-app in eu-west-1, account 123456789012); ./clockmirror deploy dev makes it");
  }

  private static Map<String, Object> withWeights(int blue, int green) throws Exception {
    fixture.writeState(deployed);
    Map<String, Object> state = fixture.state();
    Json.cast(state.get("weights"))
        .put("prod-clockmirror-app", new ArrayList<>(List.of(blue, green)));
    return state;
  }
}
