package io.clockmirror.infra;

import io.clockmirror.infra.app.AppStack;
import io.clockmirror.infra.app.AppStackProps;
import io.clockmirror.infra.constructs.ServiceMetrics;
import io.clockmirror.infra.pipeline.PipelineStack;
import io.clockmirror.infra.settings.CdkJsonContext;
import io.clockmirror.infra.settings.CostSettings;
import io.clockmirror.infra.settings.CpuArchitectureChoice;
import io.clockmirror.infra.settings.DeploymentSettings;
import io.clockmirror.infra.settings.EnvironmentSettings;
import io.clockmirror.infra.settings.OperationsSettings;
import io.clockmirror.infra.settings.PipelineSettings;
import io.clockmirror.infra.settings.SsmOverridable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Template;

/**
 * Synthesizes each app once per test run: every synthesis goes through the CDK's JavaScript core,
 * which takes seconds, so all test classes share the results.
 */
final class Synth {

  /** The context the CDK CLI would pass: everything in {@code cdk.json}. */
  static final Map<String, Object> CDK_JSON = CdkJsonContext.read(CdkJsonContext.file());

  static final String CERTIFICATE_ARN =
      "arn:aws:acm:eu-west-1:123456789012:certificate/0f3e4d2c-1b2a-4c3d-9e8f-7a6b5c4d3e2f";

  private static final Map<String, InfraAppStacks> APPS = new ConcurrentHashMap<>();
  private static final Map<Stack, Template> TEMPLATES = new ConcurrentHashMap<>();
  private static final Map<String, AppStack> APP_STACKS = new ConcurrentHashMap<>();

  private Synth() {}

  /** The pipeline of {@code cdk.json}: dev, then an approval, then prod. */
  static PipelineSettings pipelineSettings() {
    return PipelineSettings.fromContext(
        CDK_JSON.get(PipelineSettings.CONTEXT_KEY), CDK_JSON.get(EnvironmentSettings.CONTEXT_KEY));
  }

  /**
   * The stacks of a {@code cdk.json} environment, as {@code cdk synth -c env=<name>} makes them.
   */
  static InfraStacks environment(String name) {
    return APPS.computeIfAbsent(
            name,
            env -> {
              Map<String, Object> context = new HashMap<>(CDK_JSON);
              context.put("env", env);
              return InfraApp.stacks(App.Builder.create().context(context).build());
            })
        .environments()
        .getFirst();
  }

  /** Every stack of {@code cdk.json}, as {@code cdk synth} without {@code env} makes them. */
  static InfraAppStacks app() {
    return APPS.computeIfAbsent(
        "app", key -> InfraApp.stacks(App.Builder.create().context(CDK_JSON).build()));
  }

  /** The pipeline of {@code cdk.json}'s environments. */
  static PipelineStack pipeline() {
    return app().pipeline().orElseThrow();
  }

  /**
   * An environment unlike those in {@code cdk.json}: HTTPS, Graviton, two allowed ranges, scaling
   * read from SSM, a default image tag, no service metrics, WAF on, alarm mails and a Slack
   * channel.
   */
  static InfraStacks variant() {
    return variantApp().environments().getFirst();
  }

  /** The variant alone, with a pipeline that deploys only it. */
  static InfraAppStacks variantApp() {
    return APPS.computeIfAbsent(
        "variant",
        key ->
            InfraApp.stacks(
                App.Builder.create().context(CDK_JSON).build(),
                List.of(variantSettings()),
                new PipelineSettings(List.of("qa"), Set.of(), Map.of()),
                true,
                Optional.of("1.0.0")));
  }

  /** The accounts of {@link #twoAccounts()}: the pipeline and dev in one, prod in another. */
  static final String DEV_ACCOUNT = "111111111111";

  static final String PROD_ACCOUNT = "222222222222";

  /** dev and prod of {@code cdk.json} in two accounts, promoted by a pipeline in dev's. */
  static InfraAppStacks twoAccounts() {
    return APPS.computeIfAbsent(
        "two-accounts",
        key -> {
          PipelineSettings cdkJson = pipelineSettings();
          Object environments = CDK_JSON.get(EnvironmentSettings.CONTEXT_KEY);
          return InfraApp.stacks(
              App.Builder.create().context(CDK_JSON).build(),
              List.of(
                  EnvironmentSettings.fromContext("dev", environments),
                  EnvironmentSettings.fromContext("prod", environments)),
              new PipelineSettings(
                  cdkJson.environments(),
                  cdkJson.approvalBefore(),
                  Map.of("dev", DEV_ACCOUNT, "prod", PROD_ACCOUNT)),
              true,
              Optional.empty());
        });
  }

  static EnvironmentSettings variantSettings() {
    return new EnvironmentSettings(
        "qa",
        "us-east-1",
        512,
        1024,
        CpuArchitectureChoice.ARM64,
        2,
        4,
        50,
        3000,
        List.of("203.0.113.0/24", "198.51.100.0/24"),
        Optional.of(CERTIFICATE_ARN),
        30,
        5,
        300,
        2,
        Set.of(SsmOverridable.values()),
        DeploymentSettings.rolling(),
        CostSettings.isolatedOnDemand(),
        new OperationsSettings(
            ServiceMetrics.NONE,
            List.of("oncall@example.com", "team@example.org"),
            Optional.of(new OperationsSettings.Slack("T0123ABCDE", "C0123ABCDE")),
            false,
            true,
            true,
            new OperationsSettings.Waf(true, 500, 50, 30),
            new OperationsSettings.HighCpu(70, 5)),
        true);
  }

  /**
   * The service stack of {@code prod} with another deployment strategy, made alone (no pipeline, no
   * cdk-nag): enough for the strategy's own template properties.
   */
  static AppStack appWithDeployment(DeploymentSettings deployment) {
    return APP_STACKS.computeIfAbsent(
        "prod " + deployment,
        key -> {
          EnvironmentSettings prod = environment("prod").settings();
          return appAlone(with(prod, deployment, prod.cost(), prod.operations()));
        });
  }

  /**
   * The service stack of {@code dev} as it was before its cost choices: isolated subnets behind
   * endpoints, on-demand tasks around the clock, Container Insights and a dashboard; still rolling
   * behind one target group. The constructs' own tests read their default shape here; dev's cheap
   * choices have tests of their own.
   */
  static AppStack rollingIsolated() {
    return APP_STACKS.computeIfAbsent(
        "rolling isolated",
        key -> {
          EnvironmentSettings dev = environment("dev").settings();
          OperationsSettings operations = dev.operations();
          return appAlone(
              with(
                  dev,
                  dev.deployment(),
                  CostSettings.isolatedOnDemand(),
                  new OperationsSettings(
                      operations.serviceMetrics(),
                      operations.alarmEmails(),
                      operations.slack(),
                      operations.notifyNobody(),
                      true,
                      true,
                      operations.waf(),
                      operations.highCpu())));
        });
  }

  /** {@code settings} with another deployment, cost and operations. */
  static EnvironmentSettings with(
      EnvironmentSettings settings,
      DeploymentSettings deployment,
      CostSettings cost,
      OperationsSettings operations) {
    return new EnvironmentSettings(
        settings.name(),
        settings.region(),
        settings.cpu(),
        settings.memoryMiB(),
        settings.cpuArchitecture(),
        settings.minCapacity(),
        settings.maxCapacity(),
        settings.cpuTargetPercent(),
        settings.requestsPerTarget(),
        settings.allowedCidrs(),
        settings.certificateArn(),
        settings.logRetentionDays(),
        settings.keepImages(),
        settings.p99LatencyMillis(),
        settings.max5xxPercent(),
        settings.ssmOverrides(),
        deployment,
        cost,
        operations,
        settings.signedImagesOnly());
  }

  /** The service stack of {@code settings}, made alone (no pipeline, no cdk-nag). */
  static AppStack appAlone(EnvironmentSettings settings) {
    return new AppStack(
        App.Builder.create().context(CDK_JSON).build(),
        settings.names().appStack(),
        StackProps.builder().env(Environment.builder().region(settings.region()).build()).build(),
        new AppStackProps(settings, settings.names().imageRepository(), Optional.empty()));
  }

  static Template template(Stack stack) {
    return TEMPLATES.computeIfAbsent(stack, Template::fromStack);
  }

  /**
   * The repository and service stacks of both environments and the variant. The pipelines have
   * their own cdk-nag and least-privilege tests: their KMS key keeps CDK's default key policy,
   * which grants the account root {@code kms:*}.
   */
  static List<Stack> allStacks() {
    return Stream.of(
            environment("dev"), environment("prod"), variant(), twoAccounts().environment("prod"))
        .flatMap(stacks -> Stream.<Stack>of(stacks.ecr(), stacks.app()))
        .toList();
  }
}
