package io.clockmirror.infra.constructs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.codebuild.ComputeType;
import software.amazon.awscdk.services.codebuild.LinuxBuildImage;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.ecs.DeploymentStrategy;
import software.amazon.awscdk.services.ecs.IAlternateTarget;
import software.amazon.awscdk.services.ecs.IDeploymentLifecycleHookTarget;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.s3.Bucket;

/** Each construct checks its props before it creates anything. */
class ConstructPropsTest {

  private static final String REASON = "a reason long enough to say why this is accepted";

  @Test
  void aLogBucketMustExpireItsLogsAndSayWhyItIsNotLogged() {
    assertThatThrownBy(() -> new LogBucket.Props(0, Optional.empty(), REASON))
        .hasMessageContaining("expirationDays must be at least 1");
    assertThatThrownBy(() -> new LogBucket.Props(30, Optional.empty(), " "))
        .hasMessageContaining("must say why");
  }

  @Test
  void aLoadBalancerNeedsAnAllowedRangeAndAPort() {
    Stack stack = new Stack(new App(), "Probe");
    Vpc vpc = Vpc.Builder.create(stack, "Vpc").build();
    Bucket logs = Bucket.Builder.create(stack, "Logs").build();
    assertThatThrownBy(
            () ->
                new PublicLoadBalancer.Props(
                    "lb", vpc, List.of(), Optional.empty(), logs, 8080, "/", Duration.seconds(1)))
        .hasMessageContaining("allowedCidrs must name at least one range");
    assertThatThrownBy(
            () ->
                new PublicLoadBalancer.Props(
                    "lb",
                    vpc,
                    List.of("10.0.0.0/8"),
                    Optional.empty(),
                    logs,
                    0,
                    "/",
                    Duration.seconds(1)))
        .hasMessageContaining("not a port: 0");
  }

  @Test
  void aBuildProjectNeedsABuildspecFileAndAnOfferedRetention() {
    Stack stack = new Stack(new App(), "Probe");
    ArtifactStore store = new ArtifactStore(stack, "Store", new ArtifactStore.Props("key", 90));
    BuildProjectProps.Builder builder =
        BuildProjectProps.builder()
            .projectName("p")
            .description("d")
            .logGroupName("/aws/codebuild/p")
            .image(LinuxBuildImage.STANDARD_7_0)
            .compute(ComputeType.SMALL)
            .store(store);

    assertThat(builder.buildspecFile("buildspec/p.yml").build().logRetentionDays()).isEqualTo(90);
    assertThatThrownBy(() -> builder.buildspecFile("buildspec/p.yaml").build())
        .hasMessageContaining("not a buildspec file: buildspec/p.yaml");
    assertThatThrownBy(() -> builder.buildspecFile("buildspec/p.yml").logRetentionDays(10).build())
        .hasMessageContaining("no log retention of 10 days");
  }

  @Test
  void logRetentionOffersOnlyWhatCloudWatchLogsOffers() {
    assertThat(LogRetention.of(14)).isEqualTo(RetentionDays.TWO_WEEKS);
    assertThat(LogRetention.of(3653)).isEqualTo(RetentionDays.TEN_YEARS);
    assertThat(LogRetention.offered()).hasSize(18).doesNotContain(10);
    assertThatThrownBy(() -> LogRetention.of(10)).hasMessageContaining("no log retention of 10");
  }

  @Test
  void aRollingUpdateTakesNothingElseAndATrafficShiftNeedsItsTargetAndHook() {
    // Never bound: the props are checked before anything is built.
    IAlternateTarget target = scope -> null;
    IDeploymentLifecycleHookTarget hook = scope -> null;
    Duration bake = Duration.minutes(5);

    assertThat(FargateAppProps.Rollout.rolling().strategy()).isEqualTo(DeploymentStrategy.ROLLING);
    assertThatThrownBy(
            () ->
                new FargateAppProps.Rollout(
                    DeploymentStrategy.ROLLING,
                    Optional.empty(),
                    Optional.of(bake),
                    Optional.empty(),
                    Optional.empty()))
        .hasMessageContaining("a rolling update takes no step, bake, target, hook or gate");
    assertThatThrownBy(
            () ->
                new FargateAppProps.Rollout(
                    DeploymentStrategy.ROLLING,
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    List.of(hook)))
        .hasMessageContaining("a rolling update takes no step, bake, target, hook or gate");
    assertThatThrownBy(
            () ->
                new FargateAppProps.Rollout(
                    DeploymentStrategy.BLUE_GREEN,
                    Optional.empty(),
                    Optional.of(bake),
                    Optional.of(target),
                    Optional.empty()))
        .hasMessageContaining("BLUE_GREEN needs a bake, an alternate target and a test hook");
    assertThatThrownBy(
            () ->
                new FargateAppProps.Rollout(
                    DeploymentStrategy.CANARY,
                    Optional.empty(),
                    Optional.of(bake),
                    Optional.of(target),
                    Optional.of(hook)))
        .hasMessageContaining("stepPercent is for CANARY and LINEAR only, and needed there");
    assertThatThrownBy(
            () ->
                new FargateAppProps.Rollout(
                    DeploymentStrategy.BLUE_GREEN,
                    Optional.of(10),
                    Optional.of(bake),
                    Optional.of(target),
                    Optional.of(hook)))
        .hasMessageContaining("stepPercent is for CANARY and LINEAR only");
    assertThat(
            new FargateAppProps.Rollout(
                    DeploymentStrategy.LINEAR,
                    Optional.of(10),
                    Optional.of(bake),
                    Optional.of(target),
                    Optional.of(hook))
                .stepPercent())
        .contains(10);
  }

  @Test
  void theDeployHookNeedsItsBuiltJarAndAnOfferedRetention(@TempDir Path directory)
      throws IOException {
    DeployHook.Checks checks =
        new DeployHook.Checks("http://lb", "X-Test", "secret", "1.0.0-1a2b3c4");
    Path missing = directory.resolve("deploy-hook.jar");

    assertThatThrownBy(() -> new DeployHook.Props("hook", "/aws/lambda/hook", 14, missing, checks))
        .hasMessageContaining("the deploy hook's code " + missing + " is missing")
        .hasMessageContaining("./mvnw -pl deploy-hook package");
    Files.writeString(missing, "jar");
    assertThatThrownBy(() -> new DeployHook.Props("hook", "/aws/lambda/hook", 10, missing, checks))
        .hasMessageContaining("no log retention of 10 days");
    assertThat(new DeployHook.Props("hook", "/aws/lambda/hook", 14, missing, checks).code())
        .isEqualTo(missing);
  }
}
