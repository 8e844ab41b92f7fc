package io.clockmirror.infra;

import io.clockmirror.infra.app.AppStack;
import io.clockmirror.infra.app.EcrStack;
import io.clockmirror.infra.settings.EnvironmentSettings;
import java.util.List;
import java.util.Objects;
import software.amazon.awscdk.Stack;

/**
 * The stacks of one environment, as {@link InfraApp} created them.
 *
 * @param settings the environment they were made for
 * @param ecr the image repository
 * @param app the service
 */
public record InfraStacks(EnvironmentSettings settings, EcrStack ecr, AppStack app) {

  public InfraStacks {
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(ecr, "ecr");
    Objects.requireNonNull(app, "app");
  }

  /** Every stack, in deploy order. */
  public List<Stack> all() {
    return List.of(ecr, app);
  }
}
