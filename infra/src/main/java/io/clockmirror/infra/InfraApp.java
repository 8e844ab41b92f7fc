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
 * ({@code cdk synth -c env=dev}). Each stack has one method here.
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

  /** Adds every stack of one environment, checked by the cdk-nag AWS Solutions rules. */
  static InfraStacks stacks(App app, EnvironmentSettings settings, Optional<String> imageTag) {
    Tags.of(app).add("project", "clockmirror");
    Tags.of(app).add("environment", settings.name());
    EcrStack ecr = ecrStack(app, settings);
    AppStack service = appStack(app, settings, ecr, imageTag);
    PipelineStack.forEnvironment(app, settings);
    Aspects.of(app).add(new AwsSolutionsChecks(NagPackProps.builder().verbose(true).build()));
    return new InfraStacks(settings, ecr, service);
  }

  static EcrStack ecrStack(App app, EnvironmentSettings settings) {
    String id = settings.prefix() + "-ecr";
    return new EcrStack(
        app,
        id,
        stackProps(settings, id, "clockmirror image repository (" + settings.name() + ")"),
        new EcrStackProps(settings.prefix(), settings.keepImages()));
  }

  static AppStack appStack(
      App app, EnvironmentSettings settings, EcrStack ecr, Optional<String> imageTag) {
    String id = settings.prefix() + "-app";
    AppStack stack =
        new AppStack(
            app,
            id,
            stackProps(settings, id, "clockmirror service on Fargate (" + settings.name() + ")"),
            new AppStackProps(settings, ecr.repositoryName(), imageTag));
    stack.addStackDependency(ecr, "the image is pushed to the repository before a task can start");
    return stack;
  }

  private static StackProps stackProps(
      EnvironmentSettings settings, String stackName, String description) {
    return StackProps.builder()
        .stackName(stackName)
        .description(description)
        // No account: it stays a deploy-time value (the caller's credentials), so synthesis never
        // needs credentials and no availability-zone lookup is ever made.
        .env(Environment.builder().region(settings.region()).build())
        .build();
  }
}
