package io.clockmirror.infra;

import io.clockmirror.infra.pipeline.PipelineStack;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Every stack one synthesis made.
 *
 * @param environments the stacks of each environment synthesized
 * @param pipeline the delivery pipeline; absent when one environment was selected ({@code -c
 *     env=<name>})
 */
public record InfraAppStacks(List<InfraStacks> environments, Optional<PipelineStack> pipeline) {

  public InfraAppStacks {
    environments = List.copyOf(Objects.requireNonNull(environments, "environments"));
    Objects.requireNonNull(pipeline, "pipeline");
  }

  /** The stacks of environment {@code name}. */
  public InfraStacks environment(String name) {
    return environments.stream()
        .filter(stacks -> stacks.settings().name().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("not synthesized: " + name));
  }
}
