package io.clockmirror.infra.constructs;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.codebuild.ComputeType;
import software.amazon.awscdk.services.codebuild.IBuildImage;
import software.amazon.awscdk.services.codebuild.ReportGroupType;
import software.amazon.awscdk.services.iam.PolicyStatement;

/**
 * What a {@link BuildProject} needs to know; made with {@link #builder()}, checked by {@link
 * Builder#build()}.
 *
 * @param projectName the CodeBuild project's name
 * @param description the project's description
 * @param buildspecFile the buildspec, relative to the source root
 * @param logGroupName the project's own log group
 * @param logRetentionDays days the build logs are kept (default 90)
 * @param image the build image
 * @param compute the build's compute size
 * @param privileged runs a Docker daemon in the build (default false). Only a build that runs
 *     {@code docker} needs it: a privileged build can do anything to its host
 * @param environmentVariables plain-text variables of every build (never secrets)
 * @param store the pipeline's artifact store, which every build reads
 * @param cachePrefix where the build keeps its S3 cache in the store; empty: no cache
 * @param writesArtifacts whether the build writes output artifacts (a cache also writes)
 * @param reports report groups the buildspec publishes into
 * @param grants further statements of the build's role
 * @param timeout how long a build may run (default 45 minutes)
 */
public record BuildProjectProps(
    String projectName,
    String description,
    String buildspecFile,
    String logGroupName,
    int logRetentionDays,
    IBuildImage image,
    ComputeType compute,
    boolean privileged,
    Map<String, String> environmentVariables,
    ArtifactStore store,
    Optional<String> cachePrefix,
    boolean writesArtifacts,
    List<Report> reports,
    List<Grant> grants,
    Duration timeout) {

  public BuildProjectProps {
    Objects.requireNonNull(projectName, "projectName");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(buildspecFile, "buildspecFile");
    Objects.requireNonNull(logGroupName, "logGroupName");
    Objects.requireNonNull(image, "image");
    Objects.requireNonNull(compute, "compute");
    // Insertion order, so that every synthesis lists the variables alike.
    environmentVariables = Collections.unmodifiableMap(new LinkedHashMap<>(environmentVariables));
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(cachePrefix, "cachePrefix");
    reports = List.copyOf(reports);
    grants = List.copyOf(grants);
    Objects.requireNonNull(timeout, "timeout");
    if (!LogRetention.isOffered(logRetentionDays)) {
      throw new IllegalArgumentException("no log retention of " + logRetentionDays + " days");
    }
    if (!buildspecFile.endsWith(".yml")) {
      throw new IllegalArgumentException("not a buildspec file: " + buildspecFile);
    }
  }

  /**
   * A report group the buildspec publishes into.
   *
   * @param key the report's key in the buildspec
   * @param groupName the group's name; CodeBuild files report {@code <key>} into {@code
   *     <project>-<key>}
   * @param type test results or code coverage
   */
  public record Report(String key, String groupName, ReportGroupType type) {

    public Report {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(groupName, "groupName");
      Objects.requireNonNull(type, "type");
    }
  }

  /**
   * A statement of the build role.
   *
   * @param statement what it allows
   * @param wildcardReason when its resource has a wildcard: why it is as narrow as it can be
   */
  public record Grant(PolicyStatement statement, Optional<String> wildcardReason) {

    public Grant {
      Objects.requireNonNull(statement, "statement");
      Objects.requireNonNull(wildcardReason, "wildcardReason");
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Collects the props; the defaults are those documented on {@link BuildProjectProps}. */
  public static final class Builder {
    private String projectName;
    private String description;
    private String buildspecFile;
    private String logGroupName;
    private int logRetentionDays = 90;
    private IBuildImage image;
    private ComputeType compute;
    private boolean privileged;
    private final Map<String, String> environmentVariables = new LinkedHashMap<>();
    private ArtifactStore store;
    private Optional<String> cachePrefix = Optional.empty();
    private boolean writesArtifacts;
    private final List<Report> reports = new ArrayList<>();
    private final List<Grant> grants = new ArrayList<>();
    private Duration timeout = Duration.minutes(45);

    private Builder() {}

    public Builder projectName(String value) {
      projectName = value;
      return this;
    }

    public Builder description(String value) {
      description = value;
      return this;
    }

    public Builder buildspecFile(String value) {
      buildspecFile = value;
      return this;
    }

    public Builder logGroupName(String value) {
      logGroupName = value;
      return this;
    }

    public Builder logRetentionDays(int value) {
      logRetentionDays = value;
      return this;
    }

    public Builder image(IBuildImage value) {
      image = value;
      return this;
    }

    public Builder compute(ComputeType value) {
      compute = value;
      return this;
    }

    public Builder privileged(boolean value) {
      privileged = value;
      return this;
    }

    public Builder environmentVariable(String name, String value) {
      environmentVariables.put(name, value);
      return this;
    }

    public Builder store(ArtifactStore value) {
      store = value;
      return this;
    }

    public Builder cachePrefix(String value) {
      cachePrefix = Optional.of(value);
      return this;
    }

    public Builder writesArtifacts(boolean value) {
      writesArtifacts = value;
      return this;
    }

    public Builder report(String key, String groupName, ReportGroupType type) {
      reports.add(new Report(key, groupName, type));
      return this;
    }

    /** A statement whose resources name exactly what it reaches. */
    public Builder grant(PolicyStatement statement) {
      grants.add(new Grant(statement, Optional.empty()));
      return this;
    }

    /** A statement whose resource has a wildcard, with the reason it is as narrow as can be. */
    public Builder grant(PolicyStatement statement, String wildcardReason) {
      grants.add(new Grant(statement, Optional.of(wildcardReason)));
      return this;
    }

    public Builder timeout(Duration value) {
      timeout = value;
      return this;
    }

    public BuildProjectProps build() {
      return new BuildProjectProps(
          projectName,
          description,
          buildspecFile,
          logGroupName,
          logRetentionDays,
          image,
          compute,
          privileged,
          environmentVariables,
          store,
          cachePrefix,
          writesArtifacts,
          reports,
          grants,
          timeout);
    }
  }
}
