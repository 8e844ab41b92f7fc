package io.clockmirror.infra.app;

import io.clockmirror.infra.settings.EnvironmentSettings;
import java.util.Objects;
import java.util.Optional;

/**
 * What the service stack needs to know.
 *
 * @param settings the environment's settings
 * @param repositoryName the ECR repository the image is pulled from (made by {@link EcrStack})
 * @param imageTag default of the stack's {@code ImageTag} parameter; empty leaves the parameter
 *     without a default, so the first deploy must name the image
 */
public record AppStackProps(
    EnvironmentSettings settings, String repositoryName, Optional<String> imageTag) {

  public AppStackProps {
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(repositoryName, "repositoryName");
    Objects.requireNonNull(imageTag, "imageTag");
    imageTag.ifPresent(
        tag -> {
          if (!tag.matches(AppStack.IMAGE_TAG_PATTERN)) {
            throw new IllegalArgumentException("not a valid image tag: " + tag);
          }
        });
  }
}
