package io.clockmirror.infra.constructs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.codebuild.ComputeType;
import software.amazon.awscdk.services.codebuild.LinuxBuildImage;
import software.amazon.awscdk.services.ec2.Vpc;
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
}
