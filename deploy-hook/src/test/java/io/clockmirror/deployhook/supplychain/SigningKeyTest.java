package io.clockmirror.deployhook.supplychain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import org.junit.jupiter.api.Test;

class SigningKeyTest {

  private final TestKeys keys = TestKeys.generate();
  private final byte[] payload = "payload".getBytes(StandardCharsets.UTF_8);

  @Test
  void readsDerAndPemAndVerifiesItsSignatures() {
    SigningKey fromDer = SigningKey.parse(keys.pair().getPublic().getEncoded());
    SigningKey fromPem = SigningKey.parse(fromDer.toPem().getBytes(StandardCharsets.US_ASCII));
    assertThat(fromPem).isEqualTo(fromDer);
    byte[] signature = keys.sign(payload);
    assertThat(fromPem.verifies(payload, signature)).isTrue();
    assertThat(fromPem.verifies("other".getBytes(StandardCharsets.UTF_8), signature)).isFalse();
    assertThat(fromPem.verifies(payload, TestKeys.generate().sign(payload))).isFalse();
    assertThat(fromPem.verifies(payload, new byte[] {1, 2, 3})).isFalse();
  }

  @Test
  void acceptsOnlyNistP256() throws Exception {
    KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
    ec.initialize(new ECGenParameterSpec("secp384r1"));
    byte[] p384 = ec.generateKeyPair().getPublic().getEncoded();
    assertThatThrownBy(() -> SigningKey.parse(p384))
        .hasMessage("the signing key is not an EC key on NIST P-256");
    KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
    rsa.initialize(2048);
    byte[] rsaKey = rsa.generateKeyPair().getPublic().getEncoded();
    assertThatThrownBy(() -> SigningKey.parse(rsaKey)).hasMessageContaining("not an EC public key");
    assertThatThrownBy(
            () ->
                SigningKey.parse(
                    "-----BEGIN PUBLIC KEY-----\nAAAA".getBytes(StandardCharsets.US_ASCII)))
        .hasMessageContaining("without its END line");
  }
}
