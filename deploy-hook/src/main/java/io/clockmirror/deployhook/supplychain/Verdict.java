package io.clockmirror.deployhook.supplychain;

import java.util.Map;

/**
 * The gate's answer: passed, or the reason it refused; there is no third outcome. A pass carries
 * the annotations of the signed claim (the digest of the image's bill of materials).
 */
record Verdict(boolean passed, String reason, Map<String, String> signedAnnotations) {

  Verdict {
    if (reason == null || reason.isBlank()) {
      throw new IllegalArgumentException("a verdict says why");
    }
    signedAnnotations = Map.copyOf(signedAnnotations);
    if (!passed && !signedAnnotations.isEmpty()) {
      throw new IllegalArgumentException("a refusal carries no signed claim");
    }
  }

  static Verdict pass(String why, Map<String, String> signedAnnotations) {
    return new Verdict(true, why, signedAnnotations);
  }

  static Verdict fail(String why) {
    return new Verdict(false, why, Map.of());
  }
}
