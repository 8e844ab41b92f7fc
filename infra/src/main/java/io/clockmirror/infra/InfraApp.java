package io.clockmirror.infra;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NagPackProps;
import java.nio.file.Path;
import java.util.Optional;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.Tags;

/**
 * The CDK app: synthesizes the stacks of the environment named by the context key {@code env}
 * ({@code cdk synth -c env=dev}). Every stack is made the same way: its name from {@link Names},
 * its props from the settings, its {@link StackProps} from {@link #stackProps}.
 */
public final class InfraApp {

  /** System property naming the {@code cdk.json} to read when the CDK CLI is not the caller. */
  static final String CDK_JSON_PROPERTY = "clockmirror.cdk-json";

  private InfraApp() {}

  public static void main(String[] args) {
    App app = new App();
    CdkJsonContext.applyDefaults(
        app, CdkJsonContext.read(Path.of(System.getProperty(CDK_JSON_PROPERTY, "cdk.json"))));
    stacks(app);
    app.synth();
  }

  /**
   * Adds every stack of the environment that the app's context names ({@code env}), running the
   * image the context key {@code imageTag} names by default.
   */
  static InfraStacks stacks(App app) {
    Object env = app.getNode().tryGetContext("env");
    if (env == null) {
      throw new IllegalArgumentException("name the environment: cdk synth -c env=<name>");
    }
    EnvironmentSettings settings =
        EnvironmentSettings.fromContext(
            String.valueOf(env), app.getNode().tryGetContext(EnvironmentSettings.CONTEXT_KEY));
    Optional<String> imageTag =
        Optional.ofNullable(app.getNode().tryGetContext("imageTag")).map(String::valueOf);
    return stacks(app, settings, imageTag);
  }

  /**
   * Adds every stack of one environment, checked by the cdk-nag AWS Solutions rules. The pipeline
   * reads its source (connection, repository, branch) from the app's context.
   */
  static InfraStacks stacks(App app, EnvironmentSettings settings, Optional<String> imageTag) {
    Names names = settings.names();
    Tags.of(app).add("project", "clockmirror");
    Tags.of(app).add("environment", settings.name());

    EcrStack ecr =
        new EcrStack(
            app,
            names.ecrStack(),
            stackProps(
                settings,
                names.ecrStack(),
                "clockmirror image repository (" + settings.name() + ")"),
            new EcrStackProps(names.imageRepository(), settings.keepImages()));

    AppStack service =
        new AppStack(
            app,
            names.appStack(),
            stackProps(
                settings,
                names.appStack(),
                "clockmirror service on Fargate (" + settings.name() + ")"),
            new AppStackProps(settings, names.imageRepository(), imageTag));
    service.addStackDependency(
        ecr, "the image is pushed to the repository before a task can start");

    PipelineStackProps pipelineProps =
        PipelineStackProps.of(settings, key -> app.getNode().tryGetContext(key));
    PipelineStack pipeline =
        new PipelineStack(
            app,
            names.pipelineStack(),
            stackProps(
                settings,
                names.pipelineStack(),
                "clockmirror delivery pipeline ("
                    + settings.name()
                    + "): "
                    + pipelineProps.source()),
            pipelineProps);

    Aspects.of(app).add(new AwsSolutionsChecks(NagPackProps.builder().verbose(true).build()));
    return new InfraStacks(settings, ecr, service, pipeline);
  }

  /** Region only, no account: synthesis never needs credentials or an availability-zone lookup. */
  private static StackProps stackProps(
      EnvironmentSettings settings, String stackName, String description) {
    return StackProps.builder()
        .stackName(stackName)
        .description(description)
        .env(Environment.builder().region(settings.region()).build())
        .build();
  }
}
