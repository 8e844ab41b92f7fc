package io.clockmirror.image;

import java.util.regex.Pattern;

/**
 * Which build the running service is: the image tag it was published under ({@code <version>-<short
 * sha>}, from {@code buildspec/image-tag.sh}) and the full commit id it was built from. The image
 * build bakes both into the image; anything started without them (the jar, a plain {@code docker
 * build}) is {@value #UNNAMED}. Checked when the service starts, so a malformed identity is a
 * failed start rather than a report nobody can match.
 *
 * @param tag the image tag, or {@value #UNNAMED}
 * @param commit the commit id (7 to 64 lower-case hex digits), or {@value #UNNAMED}
 */
record ImageIdentity(String tag, String commit) {

  /** What a build reports that was not made by the image build with its identity. */
  static final String UNNAMED = "local";

  // The tags a registry accepts (OCI distribution spec; ECR takes the same).
  private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
  // SHA-1 or SHA-256 object names, abbreviated to no fewer than git's default 7 digits.
  private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{7,64}");

  ImageIdentity {
    if (tag == null || !TAG.matcher(tag).matches()) {
      throw new IllegalArgumentException(
          "clockmirror.image.tag is [" + tag + "]: not an image tag " + TAG.pattern());
    }
    if (commit == null || !(commit.equals(UNNAMED) || COMMIT.matcher(commit).matches())) {
      throw new IllegalArgumentException(
          "clockmirror.image.commit is ["
              + commit
              + "]: not a commit id (7 to 64 lower-case hex digits) or "
              + UNNAMED);
    }
  }
}
