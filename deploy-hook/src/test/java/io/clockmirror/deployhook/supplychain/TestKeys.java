package io.clockmirror.deployhook.supplychain;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;

/** A local NIST P-256 key pair: the same algorithm as the pipeline's KMS key, for tests. */
record TestKeys(KeyPair pair) {

  static TestKeys generate() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      return new TestKeys(generator.generateKeyPair());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  SigningKey signingKey() {
    return new SigningKey((ECPublicKey) pair.getPublic());
  }

  /** SHA256withECDSA, DER-encoded: what KMS returns for ECDSA_SHA_256. */
  byte[] sign(byte[] payload) {
    try {
      Signature signer = Signature.getInstance("SHA256withECDSA");
      signer.initSign(pair.getPrivate());
      signer.update(payload);
      return signer.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The private key as PKCS#8 PEM, which openssl (the fake aws command) reads. */
  Path writePrivateKey(Path file) throws IOException {
    return Files.writeString(
        file,
        "-----BEGIN PRIVATE KEY-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(pair.getPrivate().getEncoded())
            + "\n-----END PRIVATE KEY-----\n");
  }

  Path writePublicKey(Path file) throws IOException {
    return Files.writeString(file, signingKey().toPem());
  }
}
