package io.clockmirror.infra;

import java.util.Objects;

/**
 * What the image repository needs to know.
 *
 * @param repositoryName the repository's name, prefixed with the environment
 * @param keepImages how many images the lifecycle rule keeps; older ones are expired
 */
public record EcrStackProps(String repositoryName, int keepImages) {

  public EcrStackProps {
    Objects.requireNonNull(repositoryName, "repositoryName");
    if (keepImages < 1) {
      throw new IllegalArgumentException("keepImages must be at least 1: " + keepImages);
    }
  }
}
