package io.clockmirror.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code destroy}: nothing billable by the hour or month is left in the fake account. */
class DestroyTest {

  Fixture fixture;

  @BeforeEach
  void deploy() throws Exception {
    fixture = new Fixture();
    assertThat(fixture.run("deploy", "dev").exit()).isZero();
  }

  @AfterEach
  void tearDown() throws Exception {
    fixture.close();
  }

  /** What the account still holds, as "type id (billing)"; the bootstrap stack's aside. */
  private List<String> left() throws Exception {
    return Json.cast(fixture.state().get("resources")).values().stream()
        .map(Json::cast)
        .filter(resource -> !"CDKToolkit".equals(resource.get("stack")))
        .map(
            resource ->
                resource.get("type")
                    + " "
                    + resource.get("id")
                    + " ("
                    + resource.get("billing")
                    + ")")
        .sorted()
        .toList();
  }

  @Test
  void withoutDeleteDataOnlyTheListedDataStays() throws Exception {
    Fixture.Run run = fixture.run("destroy", "dev", "--yes");

    assertThat(run.exit()).as(run.all()).isZero();
    assertThat(run.out())
        .containsSubsequence(
            "  delete   stack dev-clockmirror-app (CREATE_COMPLETE)",
            "  delete   stack dev-clockmirror-ecr (CREATE_COMPLETE)",
            "  delete   KMS key of the alarm topic",
            "  keep     S3 bucket (load balancer access logs, VPC flow logs): dev-clockmirror-app-accesslogsbucketcd784a59-1a2b3c4d5e6f",
            "  keep     ECR repository (images): dev-clockmirror",
            "  keep     Container Insights log group: /aws/ecs/containerinsights/dev-clockmirror/performance",
            "  stays    CDKToolkit",
            "  stays    the registry's enhanced scanning configuration",
            "[1/3] delete dev-clockmirror-app",
            "[2/3] delete dev-clockmirror-ecr",
            "[3/3] delete KMS::Key",
            "scheduled for deletion in 7 days (not billed meanwhile)",
            "dev destroyed; kept on purpose");
    assertThat(left())
        .containsExactly(
            "AWS::ECR::RegistryScanningConfiguration 123456789012 (free)",
            "AWS::ECR::Repository dev-clockmirror (storage)",
            "AWS::KMS::Key 0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0 (free)",
            "AWS::Logs::LogGroup /aws/ecs/containerinsights/dev-clockmirror/performance (storage)",
            "AWS::S3::Bucket dev-clockmirror-app-accesslogsbucketcd784a59-1a2b3c4d5e6f (storage)");
  }

  @Test
  void withDeleteDataNothingIsLeftAndALaterRunFindsNothingToDo() throws Exception {
    Fixture.Run run = fixture.run("destroy", "dev", "--delete-data", "--yes");

    assertThat(run.exit()).as(run.all()).isZero();
    assertThat(run.out()).contains("dev destroyed: nothing billable left");
    assertThat(left())
        .containsExactly(
            "AWS::ECR::RegistryScanningConfiguration 123456789012 (free)",
            "AWS::KMS::Key 0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0 (free)");

    fixture.clearCalls();
    Fixture.Run again = fixture.run("destroy", "dev", "--delete-data", "--yes");
    assertThat(again.out()).contains("nothing to destroy");
    assertThat(fixture.changingCalls()).isEmpty();
  }

  @Test
  void deleteDataLaterFindsWhatTheDeletedStacksKept() throws Exception {
    assertThat(fixture.run("destroy", "dev", "--yes").exit()).isZero();

    Fixture.Run later = fixture.run("destroy", "dev", "--delete-data", "--yes");

    assertThat(later.exit()).as(later.all()).isZero();
    assertThat(later.out()).contains("  delete   ECR repository (images): dev-clockmirror");
    assertThat(left())
        .containsExactly(
            "AWS::ECR::RegistryScanningConfiguration 123456789012 (free)",
            "AWS::KMS::Key 0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0 (free)");
  }

  @Test
  void aPersonIsAskedForTheEnvironmentsName() throws Exception {
    Fixture.Run no = fixture.run(Map.of(), "prod\n", true, "destroy", "dev");
    assertThat(no.exit()).isEqualTo(ExitCode.NOT_CONFIRMED.status());
    assertThat(no.out()).contains("Type the environment's name (dev) to go on: ");
    assertThat(fixture.changingCalls())
        .noneMatch(call -> call.startsWith("aws cloudformation delete"));

    Fixture.Run yes = fixture.run(Map.of(), "dev\n", true, "destroy", "dev");
    assertThat(yes.exit()).as(yes.all()).isZero();
  }
}
