package io.clockmirror.infra;

import java.nio.file.Path;
import software.amazon.awscdk.App;
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

  /** Adds every stack of the environment that the app's context names. */
  static InfraStacks stacks(App app) {
    Object env = app.getNode().tryGetContext("env");
    if (env == null) {
      throw new IllegalArgumentException("name the environment: cdk synth -c env=<name>");
    }
    EnvironmentSettings settings =
        EnvironmentSettings.fromContext(
            String.valueOf(env), app.getNode().tryGetContext(EnvironmentSettings.CONTEXT_KEY));
    Tags.of(app).add("project", "clockmirror");
    Tags.of(app).add("environment", settings.name());
    EcrStack ecr = ecrStack(app, settings);
    PipelineStack.forEnvironment(app, settings);
    return new InfraStacks(settings, ecr);
  }

  static EcrStack ecrStack(App app, EnvironmentSettings settings) {
    String id = settings.prefix() + "-ecr";
    return new EcrStack(
        app,
        id,
        stackProps(settings, id, "clockmirror image repository (" + settings.name() + ")"),
        new EcrStackProps(settings.prefix(), settings.keepImages()));
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
