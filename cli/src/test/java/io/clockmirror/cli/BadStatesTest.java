package io.clockmirror.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each bad input and bad state ends in one line, its fix and its exit code; no stack trace. */
class BadStatesTest {

  Fixture fixture;

  @BeforeEach
  void setUp() throws Exception {
    fixture = new Fixture();
  }

  @AfterEach
  void tearDown() throws Exception {
    fixture.close();
  }

  private static void oneLineAndFix(Fixture.Run run, ExitCode code, String message, String fix) {
    assertThat(run.exit()).as(run.all()).isEqualTo(code.status());
    List<String> lines = run.err().lines().toList();
    assertThat(lines).as(run.all()).hasSize(2);
    assertThat(lines.get(0)).startsWith("clockmirror: ").contains(message);
    assertThat(lines.get(1)).startsWith("  fix: ").contains(fix);
    assertThat(run.all()).doesNotContain("Exception", "\tat ");
  }

  @Test
  void noCredentials() {
    oneLineAndFix(
        fixture.run(Map.of("FAKE_CREDENTIALS", "missing"), "deploy", "dev"),
        ExitCode.CREDENTIALS,
        "no AWS credentials: Unable to locate credentials",
        "aws sso login");
  }

  @Test
  void expiredCredentials() {
    oneLineAndFix(
        fixture.run(Map.of("FAKE_CREDENTIALS", "expired"), "status", "dev"),
        ExitCode.CREDENTIALS,
        "the AWS credentials have expired",
        "renew them");
  }

  @Test
  void credentialsOfAnotherAccount() throws Exception {
    Files.writeString(
        fixture.root.resolve("infra/cdk.json"),
        Files.readString(fixture.root.resolve("infra/cdk.json"))
            .replace("\"accounts\": {}", "\"accounts\": {\"dev\": \"222222222222\"}"));
    oneLineAndFix(
        fixture.run("deploy", "dev"),
        ExitCode.SETTINGS,
        "the credentials are for account 123456789012 (arn:aws:iam::123456789012:user/alice), but"
            + " infra/cdk.json pins dev to account 222222222222",
        "use credentials of 222222222222");
    assertThat(fixture.changingCalls()).isEmpty();
  }

  @Test
  void anEnvironmentThatTakesOnlySignedImagesIsNotDeployedFromHere() throws Exception {
    Files.writeString(
        fixture.root.resolve("infra/cdk.json"),
        Files.readString(fixture.root.resolve("infra/cdk.json"))
            .replace("\"signedImagesOnly\": false", "\"signedImagesOnly\": true"));
    oneLineAndFix(
        fixture.run("deploy", "prod"),
        ExitCode.SETTINGS,
        "prod takes only images the pipeline signed (signedImagesOnly in infra/cdk.json); an image"
            + " built here has no signature",
        "deploy prod through the pipeline (./clockmirror pipeline)");
    assertThat(fixture.calls()).isEmpty();
  }

  @Test
  void aShellSetToAnotherRegion() throws Exception {
    oneLineAndFix(
        fixture.run(Map.of("AWS_REGION", "us-east-1"), "deploy", "dev"),
        ExitCode.SETTINGS,
        "AWS_REGION is us-east-1, but infra/cdk.json pins dev to eu-west-1",
        "unset AWS_REGION or set it to eu-west-1");
    assertThat(fixture.calls()).isEmpty();
  }

  @Test
  void anEnvironmentCdkJsonDoesNotDefine() {
    oneLineAndFix(
        fixture.run("deploy", "staging"),
        ExitCode.SETTINGS,
        "environment 'staging' is not in infra/cdk.json (it has dev, prod)",
        "add 'staging' under \"clockmirror:environments\"");
  }

  @Test
  void noAwsCli() throws Exception {
    fixture.withhold("aws");
    oneLineAndFix(
        fixture.run("status", "dev"),
        ExitCode.TOOL_MISSING,
        "aws is not on PATH",
        "install AWS CLI v2");
  }

  @Test
  void noImageTool() throws Exception {
    fixture.withhold("docker");
    Fixture.Run run = fixture.run("deploy", "dev");
    oneLineAndFix(
        run,
        ExitCode.TOOL_MISSING,
        "no image tool to build the image with: none of docker, podman, buildah is on PATH",
        "install Docker, or podman and buildah");
    assertThat(run.out()).contains("[5/7] image                  FAILED");
  }

  @Test
  void noNodeForThePinnedCdk() throws Exception {
    fixture.withhold("cdk");
    oneLineAndFix(
        fixture.run("deploy", "dev"),
        ExitCode.TOOL_MISSING,
        "node is not on PATH",
        "install Node.js 20 or newer");
  }

  @Test
  void uncommittedChanges() throws Exception {
    Files.writeString(fixture.root.resolve("Dockerfile"), "FROM scratch\nLABEL changed=yes\n");
    oneLineAndFix(
        fixture.run("deploy", "dev"),
        ExitCode.SETTINGS,
        "the checkout has uncommitted changes (1 files)",
        "commit or stash them");
  }

  @Test
  void anAppStackWhoseFirstCreationFailed() throws Exception {
    Fixture.Run failed =
        fixture.run(Map.of("FAKE_CDK_FAIL", "dev-clockmirror-app"), "deploy", "dev");
    oneLineAndFix(
        failed,
        ExitCode.STEP_FAILED,
        "buildspec/deploy-app.sh dev failed: ❌  dev-clockmirror-app failed",
        "run ./clockmirror deploy dev again");

    oneLineAndFix(
        fixture.run("deploy", "dev"),
        ExitCode.STACK_STATE,
        "dev-clockmirror-app is ROLLBACK_COMPLETE: its first creation failed (ECS Deployment Circuit"
            + " Breaker was triggered)",
        "CloudFormation can only delete such a stack: ./clockmirror destroy <env>");
  }

  @Test
  void aStackStuckInUpdateRollbackFailed() throws Exception {
    assertThat(fixture.run("deploy", "dev").exit()).isZero();
    setStatus("dev-clockmirror-app", "UPDATE_ROLLBACK_FAILED");
    oneLineAndFix(
        fixture.run("deploy", "dev"),
        ExitCode.STACK_STATE,
        "dev-clockmirror-app is UPDATE_ROLLBACK_FAILED",
        "aws cloudformation continue-update-rollback --stack-name dev-clockmirror-app");
  }

  @Test
  void aStackStillInProgressIsWaitedForThenTheDeployGoesOn() throws Exception {
    assertThat(fixture.run("deploy", "dev").exit()).isZero();
    Map<String, Object> state = fixture.state();
    Map<String, Object> app = stack(state, "dev-clockmirror-app");
    app.put("StackStatus", "UPDATE_IN_PROGRESS");
    // In progress for the deploy's first read of it, settled from the second on.
    app.put("settles", Map.of("reads", 1, "status", "UPDATE_COMPLETE"));
    fixture.writeState(state);

    Fixture.Run run = fixture.run("deploy", "dev");

    assertThat(run.exit()).as(run.all()).isZero();
    assertThat(run.out())
        .contains("dev-clockmirror-app is UPDATE_IN_PROGRESS; waiting for CloudFormation");
  }

  @Test
  void statusOfAStackStillInProgressSaysSoInsteadOfWaiting() throws Exception {
    assertThat(fixture.run("deploy", "dev").exit()).isZero();
    setStatus("dev-clockmirror-app", "UPDATE_IN_PROGRESS");
    Fixture.Run run = fixture.run("status", "dev");
    assertThat(run.exit()).as(run.all()).isZero();
    assertThat(run.out()).contains("dev-clockmirror-app UPDATE_IN_PROGRESS");
  }

  @Test
  void anUnknownVerbOrMissingArgument() {
    Fixture.Run run = fixture.run("status");
    assertThat(run.exit()).isEqualTo(ExitCode.USAGE.status());
    assertThat(run.err())
        .startsWith("clockmirror: Missing required parameter: '<env>'")
        .contains("fix: see status --help");
    assertThat(fixture.run("launch", "dev").exit()).isEqualTo(ExitCode.USAGE.status());
  }

  @Test
  void destroyWithoutATerminalAndWithoutYes() throws Exception {
    assertThat(fixture.run("deploy", "dev").exit()).isZero();
    oneLineAndFix(
        fixture.run("destroy", "dev"),
        ExitCode.NOT_CONFIRMED,
        "destroy asks before it deletes, and there is no terminal to ask on",
        "add --yes");
    assertThat(stack(fixture.state(), "dev-clockmirror-app").get("StackStatus"))
        .isEqualTo("CREATE_COMPLETE");
  }

  private void setStatus(String name, String status) throws Exception {
    Map<String, Object> state = fixture.state();
    stack(state, name).put("StackStatus", status);
    fixture.writeState(state);
  }

  static Map<String, Object> stack(Map<String, Object> state, String name) {
    return Json.cast(state.get("stacks")).values().stream()
        .map(Json::cast)
        .filter(
            stack ->
                name.equals(stack.get("StackName"))
                    && !"DELETE_COMPLETE".equals(stack.get("StackStatus")))
        .findFirst()
        .orElseThrow();
  }
}
