package io.clockmirror.infra.pipeline;

import io.clockmirror.infra.constructs.ArtifactStore;
import io.clockmirror.infra.constructs.BuildProject;
import io.clockmirror.infra.constructs.BuildProjectProps;
import io.clockmirror.infra.settings.Names;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import software.amazon.awscdk.services.codebuild.PipelineProject;
import software.constructs.Construct;

/**
 * The pipeline's CodeBuild projects as they are added: each runs {@code buildspec/<name>.yml},
 * stores its artifacts (and its cache, if it keeps one) in the pipeline's {@link ArtifactStore},
 * and is named either for the whole pipeline ({@link #shared}) or for one environment ({@link
 * #perEnvironment}).
 */
final class PipelineProjects {

  /** Whether a project keeps its dependencies in an S3 cache between builds. */
  enum Caching {
    S3,
    NONE
  }

  private final Construct stack;
  private final ArtifactStore store;
  private final Map<String, PipelineProject> byName = new LinkedHashMap<>();

  PipelineProjects(Construct stack, ArtifactStore store) {
    this.stack = stack;
    this.store = store;
  }

  /** Every project added so far, by project name, in the order they were added. */
  Map<String, PipelineProject> byName() {
    return Map.copyOf(byName);
  }

  /** A project that runs once per commit, whatever the environments. */
  PipelineProject shared(
      String buildspec,
      String id,
      Caching caching,
      UnaryOperator<BuildProjectProps.Builder> configure) {
    BuildProjectProps.Builder builder =
        BuildProjectProps.builder()
            .projectName(Names.sharedBuildProject(buildspec))
            .description("clockmirror pipeline: buildspec/" + buildspec + ".yml")
            .logGroupName(Names.sharedBuildLogGroup(buildspec));
    return add(
        stack, id, buildspec, Names.sharedBuildProject(buildspec), caching, builder, configure);
  }

  /**
   * A project of one environment: named after it, told its name ({@code ENV_NAME}) and, past the
   * first, which environment's smoke test the image must have passed ({@code PROMOTED_FROM}).
   */
  PipelineProject perEnvironment(
      Construct scope,
      PipelineStackProps.Target target,
      String buildspec,
      String id,
      Caching caching,
      UnaryOperator<BuildProjectProps.Builder> configure) {
    Names names = target.settings().names();
    BuildProjectProps.Builder builder =
        BuildProjectProps.builder()
            .projectName(names.buildProject(buildspec))
            .description("clockmirror " + target.name() + ": " + names.buildspecFile(buildspec))
            .logGroupName(names.buildLogGroup(buildspec))
            .environmentVariable("ENV_NAME", target.name());
    target.previous().ifPresent(previous -> builder.environmentVariable("PROMOTED_FROM", previous));
    return add(scope, id, buildspec, names.buildProject(buildspec), caching, builder, configure);
  }

  private PipelineProject add(
      Construct scope,
      String id,
      String buildspec,
      String projectName,
      Caching caching,
      BuildProjectProps.Builder builder,
      UnaryOperator<BuildProjectProps.Builder> configure) {
    builder.buildspecFile("buildspec/" + buildspec + ".yml").store(store);
    if (caching == Caching.S3) {
      // Each environment's project has a cache of its own prefix, shared by nothing else.
      builder.cachePrefix(Names.buildCachePrefix(projectName));
    }
    PipelineProject project =
        new BuildProject(scope, id, configure.apply(builder).build()).project();
    byName.put(projectName, project);
    return project;
  }
}
