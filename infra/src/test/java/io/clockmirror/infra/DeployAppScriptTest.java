package io.clockmirror.infra;

import static org.assertj.core.api.Assertions.assertThat;

import io.clockmirror.infra.ScriptProcess.Run;
import io.clockmirror.infra.app.AppStack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code buildspec/deploy-app.sh} and {@code buildspec/live-target-groups.sh}, as DeployApp runs
 * them, against a {@link FakeAccount}: the deploy states where the listener rules forward today
 * (read through the environment's bootstrap lookup role), waits out a busy stack, and stops on a
 * stack CloudFormation cannot update or on traffic a deployment is still shifting.
 */
class DeployAppScriptTest {

  static final String PRIMARY =
      "arn:aws:elasticloadbalancing:eu-west-1:111111111111:targetgroup/prod-primary/1111";
  static final String ALTERNATE =
      "arn:aws:elasticloadbalancing:eu-west-1:111111111111:targetgroup/prod-alternate/2222";
  static final String PRODUCTION_RULE =
      "arn:aws:elasticloadbalancing:eu-west-1:111111111111:listener-rule/app/prod-clockmirror/a/b/production1";
  static final String TEST_RULE =
      "arn:aws:elasticloadbalancing:eu-west-1:111111111111:listener-rule/app/prod-clockmirror/a/b/test1";
  private static final String STACK = "prod-clockmirror-app";

  @TempDir Path scratch;
  private FakeAccount account;

  @BeforeEach
  void account() throws IOException {
    account = new FakeAccount(scratch.resolve("account"));
  }

  @Test
  void aFirstDeployHasNoRulesToReadAndDeploysWithTheImageAndNoPreviousParameters()
      throws Exception {
    Run run = deploy("prod", Repo.CDK_JSON);

    assertThat(run.exitCode()).as(run.stderr()).isZero();
    assertThat(account.cdkArguments())
        .containsSubsequence("deploy", STACK, "-c", "env=prod", "-c", "imageTag=1.2.0-1a2b3c4")
        .containsSubsequence("--parameters", STACK + ":ImageTag=1.2.0-1a2b3c4")
        .containsSubsequence("--parameters", STACK + ":ImageVersion=1.2.0")
        .contains("--no-previous-parameters", "--exclusively")
        .noneMatch(argument -> argument.contains("RuleTarget"));
    assertThat(Files.readString(scratch.resolve("outputs.json"))).contains("ServiceUrl");
  }

  @Test
  void prodDeploysOnlyAnImageSignedByThePipelinesKeyAndChecksItFirst() throws Exception {
    Run run = deploy("prod", Repo.CDK_JSON);

    assertThat(run.exitCode()).as(run.stderr()).isZero();
    assertThat(account.signatureChecks())
        .containsExactly(
            "own verify --registry https://111111111111.dkr.ecr.eu-west-1.amazonaws.com"
                + " --repository prod-clockmirror --tag 1.2.0-1a2b3c4"
                + " --key-id arn:aws:kms:eu-west-1:111111111111:alias/clockmirror-image-signing"
                + " --auth ecr");
    assertThat(run.stdout()).contains("deploy-app: SIGNED: tag is sha256:aaaa;");

    account.unsigned();
    run = deploy("prod", Repo.CDK_JSON);
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.stderr())
        .isEqualTo(
            "deploy-app: prod takes only images the pipeline signed (signedImagesOnly in"
                + " infra/cdk.json): NOT SIGNED: unsigned: prod-clockmirror@sha256:aaaa has no"
                + " signature\n");
    // Refused before the stack is read or deployed: the one deploy is the first run's.
    assertThat(account.assumedRoles()).hasSize(1);
  }

  @Test
  void theSigningKeyIsTheOneTheProjectNamesAndDevTakesUnsignedImages() throws Exception {
    Map<String, String> environment = new HashMap<>(account.environment());
    environment.put(
        "SIGNING_KEY_ID", "arn:aws:kms:us-east-1:333333333333:alias/clockmirror-image-signing");
    Run run =
        run(List.of("bash", "buildspec/deploy-app.sh", "prod", out()), environment, Repo.CDK_JSON);
    assertThat(run.exitCode()).as(run.stderr()).isZero();
    assertThat(account.signatureChecks().getFirst())
        .endsWith(
            "--key-id arn:aws:kms:us-east-1:333333333333:alias/clockmirror-image-signing --auth ecr");

    account.unsigned();
    run = deploy("dev", Repo.CDK_JSON);
    assertThat(run.exitCode()).as(run.stderr()).isZero();
    assertThat(account.signatureChecks()).hasSize(1);
  }

  @Test
  void afterAnOddDeploymentTheTemplateIsToldTrafficIsOnTheAlternateGroup() throws Exception {
    live(Map.of(PRIMARY, 0, ALTERNATE, 100), Map.of(PRIMARY, 0, ALTERNATE, 100));

    Run run = deploy("prod", Repo.CDK_JSON);

    assertThat(run.exitCode()).as(run.stderr()).isZero();
    assertThat(account.cdkArguments())
        .containsSubsequence("--parameters", STACK + ":ProductionRuleTarget=alternate")
        .containsSubsequence("--parameters", STACK + ":TestRuleTarget=alternate");
  }

  @Test
  void afterAnEvenDeploymentTheTemplateIsToldTrafficIsOnThePrimaryGroup() throws Exception {
    live(Map.of(PRIMARY, 100, ALTERNATE, 0), Map.of(PRIMARY, 100, ALTERNATE, 0));

    Run run = deploy("prod", Repo.CDK_JSON);

    assertThat(run.exitCode()).as(run.stderr()).isZero();
    assertThat(account.cdkArguments())
        .containsSubsequence("--parameters", STACK + ":ProductionRuleTarget=primary")
        .containsSubsequence("--parameters", STACK + ":TestRuleTarget=primary");
  }

  @Test
  void theRulesAndTheStackAreReadThroughTheEnvironmentsLookupRoleOnly() throws Exception {
    live(Map.of(PRIMARY, 0, ALTERNATE, 100), Map.of(PRIMARY, 0, ALTERNATE, 100));

    assertThat(deploy("prod", Repo.CDK_JSON).exitCode()).isZero();

    assertThat(account.assumedRoles())
        .containsExactly(
            "arn:aws:iam::111111111111:role/cdk-hnb659fds-lookup-role-111111111111-eu-west-1");
    assertThat(account.calls())
        .filteredOn(call -> call.contains("describe-stacks") || call.contains("describe-rules"))
        .hasSize(4)
        .allMatch(call -> call.startsWith(FakeAccount.LOOKUP_KEY + " "))
        .allMatch(call -> call.contains("--region eu-west-1"));
  }

  @Test
  void anEnvironmentInAnotherAccountIsReadInThatAccount() throws Exception {
    Path cdkJson = scratch.resolve("cdk.json");
    Files.writeString(
        cdkJson,
        Files.readString(Repo.CDK_JSON)
            .replace(
                "\"accounts\": {}",
                "\"accounts\": {\"dev\": \"111111111111\", \"prod\": \"222222222222\"}"));
    assertThat(Files.readString(cdkJson)).contains("222222222222");

    assertThat(deploy("prod", cdkJson).exitCode()).isZero();

    assertThat(account.assumedRoles())
        .containsExactly(
            "arn:aws:iam::222222222222:role/cdk-hnb659fds-lookup-role-222222222222-eu-west-1");
    assertThat(account.calls()).noneMatch(call -> call.contains("get-caller-identity"));
    // The image is in prod's registry, the key in the pipeline's (dev's) account.
    assertThat(account.signatureChecks())
        .singleElement(InstanceOfAssertFactories.STRING)
        .contains("--registry https://222222222222.dkr.ecr.eu-west-1.amazonaws.com ")
        .contains("--key-id arn:aws:kms:eu-west-1:111111111111:alias/clockmirror-image-signing ");
  }

  @Test
  void trafficStillSplitBetweenTheGroupsStopsTheDeployBeforeAnythingChanges() throws Exception {
    live(Map.of(PRIMARY, 90, ALTERNATE, 10), Map.of(PRIMARY, 0, ALTERNATE, 100));

    Run run = deploy("prod", Repo.CDK_JSON);

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.stderr())
        .contains("production rule of prod-clockmirror-app")
        .contains("weight\n  90")
        .contains("a deployment is shifting traffic");
    assertThat(account.cdkArguments()).isEmpty();
  }

  @Test
  void aStackStillRollingBackIsWaitedForThenDeployed() throws Exception {
    live(Map.of(PRIMARY, 100, ALTERNATE, 0), Map.of(PRIMARY, 100, ALTERNATE, 0));
    account.stackStatus(
        "UPDATE_ROLLBACK_IN_PROGRESS",
        "UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS",
        "UPDATE_ROLLBACK_COMPLETE");

    Run run = deploy("prod", Repo.CDK_JSON);

    assertThat(run.exitCode()).as(run.stderr()).isZero();
    assertThat(run.stdout())
        .contains("prod-clockmirror-app is UPDATE_ROLLBACK_IN_PROGRESS; waiting")
        .contains("UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS; waiting");
    assertThat(account.cdkArguments()).contains("deploy");
  }

  @Test
  void aStackThatStaysBusyPastTheLimitIsNotDeployedOver() throws Exception {
    account.stackStatus("UPDATE_IN_PROGRESS");
    Map<String, String> environment = new HashMap<>(account.environment());
    environment.put("STACK_WAIT_MINUTES", "0");

    Run run =
        run(List.of("bash", "buildspec/deploy-app.sh", "prod", out()), environment, Repo.CDK_JSON);

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.stderr()).contains("still UPDATE_IN_PROGRESS after 0 minutes");
    assertThat(account.cdkArguments()).isEmpty();
  }

  @Test
  void aFailedRollbackStopsTheDeployWithTheCommandThatFinishesIt() throws Exception {
    account.stackStatus("UPDATE_ROLLBACK_FAILED");

    Run run = deploy("prod", Repo.CDK_JSON);

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.stderr())
        .contains("UPDATE_ROLLBACK_FAILED")
        .contains(
            "aws cloudformation continue-update-rollback --region eu-west-1 --stack-name"
                + " prod-clockmirror-app");
    assertThat(account.cdkArguments()).isEmpty();
  }

  @Test
  void aStackWhoseCreationFailedMustBeDeletedFirst() throws Exception {
    account.stackStatus("ROLLBACK_COMPLETE");

    Run run = deploy("prod", Repo.CDK_JSON);

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.stderr()).contains("can only be deleted").contains("delete-stack");
    assertThat(account.cdkArguments()).isEmpty();
  }

  @Test
  void anAccountNotBootstrappedForTheLookupSaysHowToBootstrapIt() throws Exception {
    Map<String, String> environment = new HashMap<>(account.environment());
    environment.put(
        "FAKE_ASSUME_ROLE_ERROR",
        "An error occurred (AccessDenied) when calling the AssumeRole operation: not authorized");

    Run run =
        run(List.of("bash", "buildspec/deploy-app.sh", "prod", out()), environment, Repo.CDK_JSON);

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.stderr())
        .contains("cdk-hnb659fds-lookup-role-111111111111-eu-west-1")
        .contains("npx cdk bootstrap aws://111111111111/eu-west-1");
    assertThat(account.cdkArguments()).isEmpty();
  }

  @Test
  void settingsReadFromParameterStoreArePassedAndReadWithTheCallersOwnCredentials()
      throws Exception {
    Path cdkJson = scratch.resolve("cdk.json");
    Files.writeString(
        cdkJson,
        Files.readString(Repo.CDK_JSON)
            .replaceFirst("\"ssmOverrides\": \\[]", "\"ssmOverrides\": [\"maxCapacity\"]"));
    account.parameter("/clockmirror/dev/maxCapacity", "7");

    Run run = deploy("dev", cdkJson);

    assertThat(run.exitCode()).as(run.stderr()).isZero();
    assertThat(account.cdkArguments())
        .containsSubsequence("--parameters", "dev-clockmirror-app:MaxCapacity=7");
    assertThat(account.calls())
        .filteredOn(call -> call.contains("ssm get-parameter"))
        .singleElement()
        .asString()
        .startsWith("own ");
  }

  @Test
  void aRollingEnvironmentsStackHasNoRulesAndGetsNoRuleParameters() throws Exception {
    account.stackStatus("UPDATE_COMPLETE");
    account.outputs(Map.of("ServiceUrl", "http://dev.example"));

    Run run = deploy("dev", Repo.CDK_JSON);

    assertThat(run.exitCode()).as(run.stderr()).isZero();
    assertThat(account.cdkArguments()).noneMatch(argument -> argument.contains("RuleTarget"));
    assertThat(account.calls()).noneMatch(call -> call.contains("describe-rules"));
  }

  @Test
  void aDeployInsideOfficeHoursLeavesTheScheduleAlone() throws Exception {
    // Monday 10:00 in Dublin (UTC+0 in December).
    assertThat(deployDevAt("2026-12-07T10:00:00Z")).noneMatch(a -> a.contains("AwakeUntil"));
    // Monday 08:30 in Dublin in summer (UTC+1): inside, though 07:30 in UTC.
    assertThat(deployDevAt("2026-07-06T07:30:00Z")).noneMatch(a -> a.contains("AwakeUntil"));
  }

  @Test
  void aDeployAtNightOrOnAWeekendKeepsTheServiceUpForHalfAnHour() throws Exception {
    assertThat(deployDevAt("2026-12-07T22:00:00Z"))
        .containsSubsequence("--parameters", "dev-clockmirror-app:AwakeUntil=2026-12-07T22:30:00Z");
    // Monday 07:30 in Dublin in winter: before the start.
    assertThat(deployDevAt("2026-12-07T07:30:00Z"))
        .containsSubsequence("--parameters", "dev-clockmirror-app:AwakeUntil=2026-12-07T08:00:00Z");
    // Saturday noon.
    assertThat(deployDevAt("2026-12-12T12:00:00Z"))
        .containsSubsequence("--parameters", "dev-clockmirror-app:AwakeUntil=2026-12-12T12:30:00Z");
    // An environment without office hours never gets the parameter its template lacks.
    Map<String, String> environment = new HashMap<>(account.environment());
    environment.put("DEPLOY_NOW", "2026-12-12T12:00:00Z");
    Run run =
        run(List.of("bash", "buildspec/deploy-app.sh", "prod", out()), environment, Repo.CDK_JSON);
    assertThat(run.exitCode()).as(run.stderr()).isZero();
    assertThat(account.cdkArguments()).noneMatch(a -> a.contains("AwakeUntil"));
    assertThat(
            Synth.template(Synth.environment("prod").app())
                .findParameters(AppStack.AWAKE_UNTIL_PARAMETER))
        .isEmpty();
  }

  @Test
  void aSecondNightDeployWhileTheFirstStillKeepsItUpChangesNothing() throws Exception {
    account.stackStatus("UPDATE_COMPLETE");
    account.stackParameters(
        Map.of("ImageTag", "1.2.0-1a2b3c4", "AwakeUntil", "2026-12-07T22:30:00Z"));
    // Twenty minutes of the first deploy's half hour left: the same time again.
    assertThat(deployDevAt("2026-12-07T22:10:00Z"))
        .containsSubsequence("--parameters", "dev-clockmirror-app:AwakeUntil=2026-12-07T22:30:00Z");
    // Five minutes left: a new half hour.
    assertThat(deployDevAt("2026-12-07T22:25:00Z"))
        .containsSubsequence("--parameters", "dev-clockmirror-app:AwakeUntil=2026-12-07T22:55:00Z");
  }

  private List<String> deployDevAt(String now) throws Exception {
    Map<String, String> environment = new HashMap<>(account.environment());
    environment.put("DEPLOY_NOW", now);
    Run run =
        run(List.of("bash", "buildspec/deploy-app.sh", "dev", out()), environment, Repo.CDK_JSON);
    assertThat(run.exitCode()).as(run.stderr()).isZero();
    return account.cdkArguments();
  }

  @Test
  void theParametersItPassesAreThoseTheTrafficShiftingTemplateDeclares() {
    var template = Synth.template(Synth.environment("prod").app());
    for (String parameter :
        List.of(AppStack.PRODUCTION_RULE_TARGET_PARAMETER, AppStack.TEST_RULE_TARGET_PARAMETER)) {
      assertThat(
              template.findParameters(
                  parameter,
                  software.amazon.awscdk.assertions.Match.objectLike(
                      Map.of(
                          "AllowedValues", List.of("primary", "alternate"), "Default", "primary"))))
          .as(parameter)
          .hasSize(1);
      assertThat(Synth.template(Synth.environment("dev").app()).findParameters(parameter))
          .as("rolling dev has no rules")
          .isEmpty();
    }
    assertThat(template.toJSON().get("Outputs").toString())
        .contains("ProductionRuleArn=")
        .contains("TestRuleArn=")
        .contains("PrimaryTargetGroupArn=")
        .contains("AlternateTargetGroupArn=");
  }

  /** The stack exists, and its two rules forward as given. */
  void live(Map<String, Integer> production, Map<String, Integer> test) throws IOException {
    account.stackStatus("UPDATE_COMPLETE");
    account.outputs(
        Map.of(
            "ProductionRuleArn", PRODUCTION_RULE,
            "TestRuleArn", TEST_RULE,
            "PrimaryTargetGroupArn", PRIMARY,
            "AlternateTargetGroupArn", ALTERNATE));
    account.rule(PRODUCTION_RULE, production);
    account.rule(TEST_RULE, test);
  }

  private Run deploy(String environment, Path cdkJson) throws Exception {
    return run(
        List.of("bash", "buildspec/deploy-app.sh", environment, out()),
        account.environment(),
        cdkJson);
  }

  private Run run(List<String> command, Map<String, String> environment, Path cdkJson)
      throws Exception {
    Map<String, String> all = new HashMap<>(environment);
    all.put("IMAGE_TAG", "1.2.0-1a2b3c4");
    all.put("IMAGE_VERSION", "1.2.0");
    all.put("CDK_JSON", cdkJson.toString());
    return ScriptProcess.run(scratch, command, all);
  }

  private String out() {
    return scratch.resolve("outputs.json").toString();
  }
}
