package io.clockmirror.infra.app;

import java.util.Objects;
import java.util.Optional;

/**
 * What the image repository needs to know.
 *
 * @param repositoryName the repository's name, prefixed with the environment
 * @param keepImages how many images the lifecycle rule keeps; older ones are expired
 * @param pushFromAccount the pipeline's account, when it is another than the repository's: its
 *     pipeline roles may push here
 * @param scansTheRegistry whether this stack holds its account's and region's registry scanning
 *     configuration (one per registry; {@code InfraApp} picks the stack)
 */
public record EcrStackProps(
    String repositoryName,
    int keepImages,
    Optional<String> pushFromAccount,
    boolean scansTheRegistry) {

  /** A repository stack that leaves the registry's scanning configuration to another. */
  public EcrStackProps(String repositoryName, int keepImages, Optional<String> pushFromAccount) {
    this(repositoryName, keepImages, pushFromAccount, false);
  }

  public EcrStackProps {
    Objects.requireNonNull(repositoryName, "repositoryName");
    Objects.requireNonNull(pushFromAccount, "pushFromAccount");
    if (keepImages < 1) {
      throw new IllegalArgumentException("keepImages must be at least 1: " + keepImages);
    }
  }
}
