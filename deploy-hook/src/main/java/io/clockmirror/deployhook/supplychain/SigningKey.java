package io.clockmirror.deployhook.supplychain;

import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * The public half of the pipeline's signing key: an ECDSA key on NIST P-256, the shape of an AWS
 * KMS key with key spec ECC_NIST_P256 (GetPublicKey returns it as DER SubjectPublicKeyInfo),
 * verifying ECDSA_SHA_256 signatures (DER-encoded, as KMS Sign returns them) over payload bytes.
 */
record SigningKey(ECPublicKey key) {

  private static final String PEM_BEGIN = "-----BEGIN PUBLIC KEY-----";
  private static final String PEM_END = "-----END PUBLIC KEY-----";

  SigningKey {
    if (key == null || !onP256(key.getParams())) {
      throw new IllegalArgumentException("the signing key is not an EC key on NIST P-256");
    }
  }

  /** Reads DER SubjectPublicKeyInfo or the same as PEM ({@code BEGIN PUBLIC KEY}). */
  static SigningKey parse(byte[] encoded) {
    String text = new String(encoded, StandardCharsets.US_ASCII).strip();
    byte[] der = encoded;
    if (text.startsWith(PEM_BEGIN)) {
      int end = text.indexOf(PEM_END);
      if (end < 0) {
        throw new IllegalArgumentException("a PEM public key without its END line");
      }
      der = Base64.getMimeDecoder().decode(text.substring(PEM_BEGIN.length(), end));
    }
    PublicKey key;
    try {
      key = KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(der));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("not an EC public key (SubjectPublicKeyInfo): " + e, e);
    }
    return new SigningKey((ECPublicKey) key);
  }

  /** The key as PEM, the form cosign and containers/image policies take. */
  String toPem() {
    return PEM_BEGIN
        + "\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
            .encodeToString(key.getEncoded())
        + "\n"
        + PEM_END
        + "\n";
  }

  /** True when {@code signature} (DER ECDSA) is this key's signature over {@code payload}. */
  boolean verifies(byte[] payload, byte[] signature) {
    try {
      Signature verifier = Signature.getInstance("SHA256withECDSA");
      verifier.initVerify(key);
      verifier.update(payload);
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      // A signature that is not even DER: not this key's signature.
      return false;
    }
  }

  private static boolean onP256(ECParameterSpec params) {
    try {
      AlgorithmParameters p256 = AlgorithmParameters.getInstance("EC");
      p256.init(new ECGenParameterSpec("secp256r1"));
      ECParameterSpec expected = p256.getParameterSpec(ECParameterSpec.class);
      return params.getCurve().equals(expected.getCurve())
          && params.getGenerator().equals(expected.getGenerator())
          && params.getOrder().equals(expected.getOrder());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every JDK knows secp256r1", e);
    }
  }
}
