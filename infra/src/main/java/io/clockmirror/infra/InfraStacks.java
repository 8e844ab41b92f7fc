package io.clockmirror.infra;

import java.util.Objects;

/**
 * The stacks of one environment, as {@link InfraApp} created them.
 *
 * @param settings the environment they were made for
 * @param ecr the image repository
 */
public record InfraStacks(EnvironmentSettings settings, EcrStack ecr) {

  public InfraStacks {
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(ecr, "ecr");
  }
}
