package io.clockmirror.deployhook.supplychain;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * A SHA-256 content digest as OCI registries write it, {@code sha256:} and 64 lower-case hex
 * digits: the name of an image manifest, of a blob, of a signature's subject.
 */
public record Digest(String hex) {

  private static final String PREFIX = "sha256:";
  private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");

  public Digest {
    if (hex == null || !HEX.matcher(hex).matches()) {
      throw new IllegalArgumentException("not 64 lower-case hex digits: '" + hex + "'");
    }
  }

  /** Parses {@code sha256:<hex>}; anything else is an IllegalArgumentException naming the value. */
  public static Digest parse(String value) {
    if (value == null || !value.startsWith(PREFIX)) {
      throw new IllegalArgumentException("not a sha256 digest: '" + value + "'");
    }
    return new Digest(value.substring(PREFIX.length()));
  }

  /** The digest of these bytes. */
  public static Digest of(byte[] content) {
    try {
      return new Digest(
          HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  /** The 32 digest bytes (what KMS signs with message type DIGEST). */
  byte[] bytes() {
    return HexFormat.of().parseHex(hex);
  }

  boolean matches(byte[] content) {
    return equals(of(content));
  }

  /**
   * {@code sha256-<hex>}: the tag under which registries without a referrers API keep the list of
   * artifacts that refer to this manifest (OCI distribution spec 1.1, "referrers tag schema").
   */
  String referrersTag() {
    return "sha256-" + hex;
  }

  /** {@code sha256-<hex>.sig}: the tag of cosign's signature manifest for this image. */
  String signatureTag() {
    return referrersTag() + ".sig";
  }

  @Override
  public String toString() {
    return PREFIX + hex;
  }
}
