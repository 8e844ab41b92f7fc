package io.clockmirror.deployhook.supplychain;

import java.util.Base64;
import java.util.Map;

/**
 * Reads a KMS GetPublicKey answer (the same JSON from the API and the CLI) and accepts only the key
 * this project signs with: ECC_NIST_P256, SIGN_VERIFY, offering ECDSA_SHA_256.
 */
final class KmsKeys {

  private KmsKeys() {}

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
