package io.clockmirror.deployhook.supplychain;

import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a KMS GetPublicKey answer (the same JSON from the API and the CLI) and accepts only the key
 * this project signs with: ECC_NIST_P256, SIGN_VERIFY, offering ECDSA_SHA_256.
 */
final class KmsKeys {

  /** A KMS key or alias ARN; group 1 is its region. */
  private static final Pattern KMS_ARN =
      Pattern.compile("arn:aws[a-z-]*:kms:([a-z0-9-]+):\\d{12}:(key|alias)/.+");

  private KmsKeys() {}

  /**
   * The region a key (or alias) ARN names: KMS answers for a key only in its own region, and the
   * pipeline's key may live in another region than the caller. Empty for a bare id or alias name.
   */
  static Optional<String> region(String keyId) {
    Matcher arn = KMS_ARN.matcher(keyId);
    return arn.matches() ? Optional.of(arn.group(1)) : Optional.empty();
  }

  static SigningKey signingKey(Map<?, ?> answer, String keyId) {
    String spec =
        answer.get("KeySpec") instanceof String keySpec
            ? keySpec
            : Json.string(answer, "CustomerMasterKeySpec");
    if (!AwsCli.KEY_SPEC.equals(spec)) {
      throw new IllegalArgumentException(
          "KMS key " + keyId + " is " + spec + ", not " + AwsCli.KEY_SPEC);
    }
    String usage = Json.string(answer, "KeyUsage");
    if (!"SIGN_VERIFY".equals(usage)) {
      throw new IllegalArgumentException(
          "KMS key " + keyId + " is for " + usage + ", not SIGN_VERIFY");
    }
    if (!Json.list(answer, "SigningAlgorithms").contains(AwsCli.SIGNING_ALGORITHM)) {
      throw new IllegalArgumentException(
          "KMS key " + keyId + " does not offer " + AwsCli.SIGNING_ALGORITHM);
    }
    return SigningKey.parse(Base64.getDecoder().decode(Json.string(answer, "PublicKey")));
  }
}
