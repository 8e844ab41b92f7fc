package io.clockmirror.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clockmirror.infra.settings.CdkJsonContext;
import io.clockmirror.infra.settings.EnvironmentSettings;
import io.clockmirror.infra.settings.PipelineSettings;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.Token;
import software.amazon.awscdk.assertions.Match;

class InfraAppTest {

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void synthesizesEveryStackOfAnEnvironmentWithOnlyItsName(String env) {
    InfraStacks stacks = Synth.environment(env);

    assertThat(List.<Stack>of(stacks.ecr(), stacks.app()))
        .extracting(Stack::getStackName)
        .containsExactly(env + "-clockmirror-ecr", env + "-clockmirror-app");
    assertThat(stacks.app().getDependencies()).containsExactly(stacks.ecr());
    assertThat(stacks.app().getRegion()).isEqualTo("eu-west-1");
    // No account at synthesis: nothing needs credentials or a lookup.
    assertThat(Token.isUnresolved(stacks.app().getAccount())).isTrue();
    Synth.template(stacks.ecr())
        .hasResourceProperties(
            "AWS::ECR::Repository",
            Match.objectLike(Map.of("RepositoryName", env + "-clockmirror")));
    Synth.template(stacks.app())
        .hasResourceProperties(
            "AWS::ECS::Service", Match.objectLike(Map.of("ServiceName", env + "-clockmirror")));
  }

  @Test
  void prodTakesItsOwnSettings() {
    var template = Synth.template(Synth.environment("prod").app());

    template.hasResourceProperties(
        "AWS::ApplicationAutoScaling::ScalableTarget",
        Match.objectLike(Map.of("MinCapacity", 2, "MaxCapacity", 6)));
    template.hasResourceProperties(
        "AWS::Logs::LogGroup",
        Match.objectLike(Map.of("LogGroupName", "/ecs/prod-clockmirror", "RetentionInDays", 90)));
    template.hasResourceProperties(
        "AWS::CloudWatch::Alarm",
        Match.objectLike(Map.of("AlarmName", "prod-clockmirror-p99-latency", "Threshold", 0.25)));
  }

  @Test
  void outsideTheCliTheAppTakesCdkJsonContextWithoutOverridingWhatWasGiven() {
    App app = App.Builder.create().context(Map.of("env", "prod", "cli-telemetry", "given")).build();

    CdkJsonContext.applyDefaults(app, Synth.CDK_JSON);

    assertThat(app.getNode().tryGetContext("env")).isEqualTo("prod");
    assertThat(app.getNode().tryGetContext("cli-telemetry")).isEqualTo("given");
    assertThat(
            EnvironmentSettings.fromContext(
                "prod", app.getNode().tryGetContext(EnvironmentSettings.CONTEXT_KEY)))
        .isEqualTo(
            EnvironmentSettings.fromContext(
                "prod", Synth.CDK_JSON.get(EnvironmentSettings.CONTEXT_KEY)));
  }

  @Test
  void withoutAnEnvironmentEveryEnvironmentAndThePipelineAreSynthesized() {
    InfraAppStacks all = Synth.app();

    assertThat(all.environments())
        .extracting(stacks -> stacks.settings().name())
        .containsExactly("dev", "prod");
    assertThat(all.pipeline()).isPresent();
    assertThat(all.pipeline().orElseThrow().getStackName()).isEqualTo("clockmirror-pipeline");
    // Each environment's stacks carry their own environment tag, even in one app.
    Synth.template(all.environment("prod").app())
        .hasResourceProperties(
            "AWS::ECS::Cluster",
            Match.objectLike(
                Map.of(
                    "Tags",
                    Match.arrayWith(List.of(Map.of("Key", "environment", "Value", "prod"))))));
  }

  @Test
  void namesAnUnknownEnvironment() {
    Map<String, Object> context = new HashMap<>(Synth.CDK_JSON);
    context.put("env", "staging");

    assertThatThrownBy(() -> InfraApp.stacks(App.Builder.create().context(context).build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown environment 'staging'");
  }

  @Test
  void refusesAPipelineOfEnvironmentsOnDifferentProcessorFamilies() {
    App app = App.Builder.create().context(Synth.CDK_JSON).build();
    EnvironmentSettings dev =
        EnvironmentSettings.fromContext("dev", Synth.CDK_JSON.get(EnvironmentSettings.CONTEXT_KEY));

    assertThatThrownBy(
            () ->
                InfraApp.stacks(
                    app,
                    List.of(dev, Synth.variantSettings()),
                    new PipelineSettings(List.of("dev", "qa"), Set.of(), Map.of()),
                    true,
                    Optional.empty()))
        .hasMessageContaining("the image is built once");
  }

  @Test
  void rejectsAnInvalidImageTagBeforeSynthesis() {
    Map<String, Object> context = new HashMap<>(Synth.CDK_JSON);
    context.put("env", "dev");
    context.put("imageTag", "has space");

    assertThatThrownBy(() -> InfraApp.stacks(App.Builder.create().context(context).build()))
        .hasMessageContaining("not a valid image tag");
  }
}
