package io.clockmirror.infra;

import io.clockmirror.infra.app.AppStack;
import io.clockmirror.infra.app.AppStackProps;
import io.clockmirror.infra.app.EcrStack;
import io.clockmirror.infra.app.EcrStackProps;
import io.clockmirror.infra.pipeline.PipelineStack;
import io.clockmirror.infra.pipeline.PipelineStackProps;
import io.clockmirror.infra.settings.CdkJsonContext;
import io.clockmirror.infra.settings.EnvironmentSettings;
import io.clockmirror.infra.settings.Names;
import io.clockmirror.infra.settings.OperationsSettings;
import io.clockmirror.infra.settings.PipelineSettings;
import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NagPackProps;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.Tags;

/**
 * The CDK app. Without the context key {@code env} it synthesizes every environment's stacks and
 * the one delivery pipeline ({@code cdk synth}); with it, only that environment's stacks ({@code
 * cdk synth -c env=dev}), which is what a deploy action needs. Every stack is made the same way:
 * its name from {@link Names}, its props from the settings, its {@link StackProps} from {@link
 * #stackProps}.
 */
public final class InfraApp {

  /** Context key that selects one environment. */
  static final String ENV_KEY = "env";

  private InfraApp() {}

  public static void main(String[] args) {
    App app = new App();
    CdkJsonContext.applyDefaults(app, CdkJsonContext.read(CdkJsonContext.file()));
    stacks(app);
    app.synth();
  }

  /**
   * Adds the stacks the app's context asks for: those of the environment {@code env} names, or,
   * without {@code env}, every environment's and the pipeline. The context key {@code imageTag}
   * names the image the services run by default.
   */
  static InfraAppStacks stacks(App app) {
    Function<String, Object> context = key -> app.getNode().tryGetContext(key);
    Object environments = context.apply(EnvironmentSettings.CONTEXT_KEY);
    PipelineSettings pipeline =
        PipelineSettings.fromContext(context.apply(PipelineSettings.CONTEXT_KEY), environments);
    Optional<String> imageTag = Optional.ofNullable(context.apply("imageTag")).map(String::valueOf);
    Object env = context.apply(ENV_KEY);
    if (env != null) {
      EnvironmentSettings settings =
          EnvironmentSettings.fromContext(String.valueOf(env), environments);
      // Alone or with the others, an environment's stacks come out the same: what depends on the
      // other environments (the signing key's region, who holds the registry's scanning
      // configuration) is read from their settings.
      Map<String, String> regions = new LinkedHashMap<>();
      for (String name : pipeline.environments()) {
        regions.put(name, EnvironmentSettings.fromContext(name, environments).region());
      }
      regions.put(settings.name(), settings.region());
      return stacks(app, List.of(settings), pipeline, false, imageTag, regions);
    }
    if (!(environments instanceof Map<?, ?> all)) {
      throw new IllegalArgumentException(
          "context " + EnvironmentSettings.CONTEXT_KEY + " is missing");
    }
    List<EnvironmentSettings> every = new ArrayList<>();
    for (Object name : all.keySet()) {
      every.add(EnvironmentSettings.fromContext(String.valueOf(name), environments));
    }
    return stacks(app, every, pipeline, true, imageTag);
  }

  /**
   * Adds the stacks of each of {@code environments}, and, when {@code withPipeline}, the pipeline
   * that promotes one image through them as {@code pipeline} orders; all checked by the cdk-nag AWS
   * Solutions rules. The pipeline reads its source (connection, repository, branch) from the app's
   * context.
   */
  static InfraAppStacks stacks(
      App app,
      List<EnvironmentSettings> environments,
      PipelineSettings pipeline,
      boolean withPipeline,
      Optional<String> imageTag) {
    Map<String, String> regions = new LinkedHashMap<>();
    environments.forEach(settings -> regions.put(settings.name(), settings.region()));
    return stacks(app, environments, pipeline, withPipeline, imageTag, regions);
  }

  /**
   * The environments whose repository stack holds the registry scanning configuration of their
   * account and region, of which each has exactly one: per account and region, the first
   * environment in the pipeline's order (then any outside the pipeline, in {@code regions}' order).
   */
  static Set<String> registryScanningOwners(
      PipelineSettings pipeline, Map<String, String> regions) {
    List<String> order = new ArrayList<>(pipeline.environments());
    regions.keySet().stream().filter(name -> !order.contains(name)).forEach(order::add);
    Map<String, String> ownerByRegistry = new LinkedHashMap<>();
    for (String name : order) {
      String region = regions.get(name);
      if (region != null) {
        String registry =
            pipeline.account(name).or(pipeline::pipelineAccount).orElse("") + "/" + region;
        ownerByRegistry.putIfAbsent(registry, name);
      }
    }
    return Set.copyOf(ownerByRegistry.values());
  }

  private static InfraAppStacks stacks(
      App app,
      List<EnvironmentSettings> environments,
      PipelineSettings pipeline,
      boolean withPipeline,
      Optional<String> imageTag,
      Map<String, String> regions) {
    Tags.of(app).add("project", "clockmirror");
    // The signing key lives with the pipeline, in the first environment's region.
    String pipelineRegion =
        regions.getOrDefault(pipeline.first(), environments.getFirst().region());
    AppStackProps.SigningKeyLocation signingKey =
        new AppStackProps.SigningKeyLocation(pipelineRegion, pipeline.pipelineAccount());
    Set<String> scanningOwners = registryScanningOwners(pipeline, regions);
    List<InfraStacks> made = new ArrayList<>();
    for (EnvironmentSettings settings : environments) {
      made.add(
          environment(
              app,
              settings,
              pipeline,
              imageTag,
              signingKey,
              scanningOwners.contains(settings.name())));
    }
    Optional<PipelineStack> pipelineStack = Optional.empty();
    if (withPipeline) {
      PipelineStackProps props =
          PipelineStackProps.of(pipeline, environments, key -> app.getNode().tryGetContext(key));
      EnvironmentSettings first = props.targets().getFirst().settings();
      pipelineStack =
          Optional.of(
              new PipelineStack(
                  app,
                  Names.pipelineStack(),
                  stackProps(
                      first.region(),
                      pipeline.pipelineAccount(),
                      Names.pipelineStack(),
                      "clockmirror delivery pipeline: "
                          + props.source()
                          + " to "
                          + String.join(" → ", pipeline.environments())),
                  props));
    }
    Aspects.of(app).add(new AwsSolutionsChecks(NagPackProps.builder().verbose(true).build()));
    return new InfraAppStacks(made, pipelineStack);
  }

  private static InfraStacks environment(
      App app,
      EnvironmentSettings settings,
      PipelineSettings pipeline,
      Optional<String> imageTag,
      AppStackProps.SigningKeyLocation signingKey,
      boolean scansTheRegistry) {
    checkSignedImages(settings, pipeline);
    Names names = settings.names();
    Optional<String> account = pipeline.account(settings.name());
    // A repository in another account than the pipeline's lets the pipeline's deploy push to it.
    Optional<String> pushFrom =
        account.flatMap(own -> pipeline.pipelineAccount().filter(other -> !other.equals(own)));
    EcrStack ecr =
        new EcrStack(
            app,
            names.ecrStack(),
            stackProps(
                settings.region(),
                account,
                names.ecrStack(),
                "clockmirror image repository (" + settings.name() + ")"),
            new EcrStackProps(
                names.imageRepository(), settings.keepImages(), pushFrom, scansTheRegistry));

    AppStack service =
        new AppStack(
            app,
            names.appStack(),
            stackProps(
                settings.region(),
                account,
                names.appStack(),
                "clockmirror service on Fargate (" + settings.name() + ")"),
            new AppStackProps(settings, names.imageRepository(), imageTag, signingKey));
    service.addStackDependency(
        ecr, "the image is pushed to the repository before a task can start");
    checkAlarmRecipients(service, settings, pipeline);
    for (Stack stack : List.<Stack>of(ecr, service)) {
      Tags.of(stack).add("environment", settings.name());
    }
    return new InfraStacks(settings, ecr, service);
  }

  /**
   * An environment the pipeline deploys only after an approval (production, usually) takes only
   * images the pipeline signed, whichever path deploys it.
   */
  private static void checkSignedImages(EnvironmentSettings settings, PipelineSettings pipeline) {
    String name = settings.name();
    if (!settings.signedImagesOnly()
        && pipeline.environments().contains(name)
        && pipeline.approvalBefore(name)) {
      throw new IllegalArgumentException(
          name
              + " is approved before each deploy but takes unsigned images: set signedImagesOnly"
              + " to true (or remove the key, true is the default), so that only images the"
              + " pipeline built and signed reach it");
    }
  }

  /**
   * Alarms that reach nobody are said so loudly: a warning on every synthesis, and for an
   * environment the pipeline deploys only after an approval (production, usually) a refusal unless
   * {@code operations.notifyNobody} states it on purpose.
   */
  private static void checkAlarmRecipients(
      AppStack service, EnvironmentSettings settings, PipelineSettings pipeline) {
    OperationsSettings operations = settings.operations();
    if (!operations.alarmsReachNobody()) {
      return;
    }
    String name = settings.name();
    boolean approved = pipeline.environments().contains(name) && pipeline.approvalBefore(name);
    if (approved && !operations.notifyNobody()) {
      throw new IllegalArgumentException(
          name
              + "'s alarms notify nobody: give operations.alarmEmails or operations.slack, or set"
              + " operations.notifyNobody to true to deploy "
              + name
              + " (approved before each deploy) with alarms no one receives");
    }
    Annotations.of(service)
        .addWarningV2(
            "clockmirror:alarms-notify-nobody",
            name
                + "'s alarms notify nobody: no operations.alarmEmails, no operations.slack. They"
                + " still roll deployments back, but no one hears of them.");
  }

  /**
   * Region, and the account only where the settings name one: without it synthesis never needs
   * credentials or an availability-zone lookup.
   */
  private static StackProps stackProps(
      String region, Optional<String> account, String stackName, String description) {
    Environment.Builder environment = Environment.builder().region(region);
    account.ifPresent(environment::account);
    return StackProps.builder()
        .stackName(stackName)
        .description(description)
        .env(environment.build())
        .build();
  }
}
