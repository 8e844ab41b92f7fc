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
 * @param signingKey where the pipeline's signing key lives, which the signature gate reads
 */
public record AppStackProps(
    EnvironmentSettings settings,
    String repositoryName,
    Optional<String> imageTag,
    SigningKeyLocation signingKey) {

  /**
   * The region and account of the pipeline's stack, which holds the signing key; without an
   * account, the service stack's own.
   */
  public record SigningKeyLocation(String region, Optional<String> account) {

    public SigningKeyLocation {
      Objects.requireNonNull(region, "region");
      Objects.requireNonNull(account, "account");
    }
  }

  /** A service whose signing key lives in its own region and account. */
  public AppStackProps(
      EnvironmentSettings settings, String repositoryName, Optional<String> imageTag) {
    this(
        settings,
        repositoryName,
        imageTag,
        new SigningKeyLocation(settings.region(), Optional.empty()));
  }

  public AppStackProps {
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(repositoryName, "repositoryName");
    Objects.requireNonNull(imageTag, "imageTag");
    Objects.requireNonNull(signingKey, "signingKey");
    imageTag.ifPresent(
        tag -> {
          if (!tag.matches(AppStack.IMAGE_TAG_PATTERN)) {
            throw new IllegalArgumentException("not a valid image tag: " + tag);
          }
        });
  }
}
