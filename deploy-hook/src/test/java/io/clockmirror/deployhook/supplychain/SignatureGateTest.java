package io.clockmirror.deployhook.supplychain;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SignatureGateTest {

  private static final String REPO = "clockmirror";
  private final TestKeys key = TestKeys.generate();
  private final TestImages.Image image = TestImages.image("one");
  private final InMemoryRegistry registry;

  SignatureGateTest() throws IOException {
    registry = new InMemoryRegistry();
    image.addTo(registry, REPO, "1.0.0");
  }

  @AfterEach
  void stop() {
    registry.close();
  }

  private Verdict check() {
    return gate(key).check(REPO, image.digest());
  }

  private SignatureGate gate(TestKeys with) {
    return new SignatureGate(
        new Registry(registry.url(), null, Duration.ofSeconds(5)), with.signingKey());
  }

  @Test
  void passesTheKeysSignatureOverTheDigest() {
    BadSignatures.signed(key, image.digest()).addTo(registry, REPO, image.digest());
    Verdict verdict = check();
    assertThat(verdict.passed()).as(verdict.reason()).isTrue();
    assertThat(verdict.reason())
        .isEqualTo(REPO + "@" + image.digest() + " is signed by the signing key (signature 1)");
  }

  @Test
  void refusesAnUnsignedImage() {
    Verdict verdict = check();
    assertThat(verdict.passed()).isFalse();
    assertThat(verdict.reason()).isEqualTo(BadSignatures.unsigned(REPO, image.digest()));
  }

  @Test
  void refusesASignatureByAnotherKey() {
    BadSignatures.signed(TestKeys.generate(), image.digest()).addTo(registry, REPO, image.digest());
    assertThat(check().reason())
        .endsWith("signature 1: not a signature by the signing key (another key, or altered)");
    assertThat(check().passed()).isFalse();
  }

  @Test
  void refusesTheKeysSignatureOverAnotherDigest() {
    Digest other = TestImages.image("two").digest();
    BadSignatures.signedFor(key, other).addTo(registry, REPO, image.digest());
    Verdict verdict = check();
    assertThat(verdict.passed()).isFalse();
    assertThat(verdict.reason())
        .endsWith("signature 1: signed for " + other + ", not for " + image.digest());
  }

  @Test
  void refusesAnAlteredSignature() {
    BadSignatures.alteredSignature(key, image.digest()).addTo(registry, REPO, image.digest());
    assertThat(check().reason()).contains("not a signature by the signing key");
  }

  @Test
  void refusesCorruptSignatureLayers() {
    BadSignatures.notBase64(image.digest()).addTo(registry, REPO, image.digest());
    assertThat(check().reason()).endsWith("signature 1: the signature is not base64");
    BadSignatures.withoutAnnotation(image.digest()).addTo(registry, REPO, image.digest());
    assertThat(check().reason())
        .endsWith("signature 1: no dev.cosignproject.cosign/signature annotation");
    BadSignatures.wrongLayerType(key, image.digest()).addTo(registry, REPO, image.digest());
    assertThat(check().reason())
        .endsWith(
            "signature 1: layer type 'application/vnd.in-toto+json' is not a simple-signing payload");
    BadSignatures.signedGarbage(key).addTo(registry, REPO, image.digest());
    assertThat(check().reason())
        .contains("signature 1: signed payload is not a simple-signing claim");
    assertThat(check().passed()).isFalse();
  }

  @Test
  void refusesASignatureManifestThatIsNotAnOciManifest() {
    registry.putManifest(
        REPO, image.digest().signatureTag(), Descriptor.DOCKER_MANIFEST, image.manifestBytes());
    assertThat(check().reason())
        .endsWith("is '" + Descriptor.DOCKER_MANIFEST + "', not an OCI manifest");
  }

  @Test
  void refusesAManifestWithoutLayersOrNotJson() {
    registry.putManifest(
        REPO, image.digest().signatureTag(), Descriptor.OCI_MANIFEST, "{\"layers\":[]}".getBytes());
    assertThat(check().reason()).endsWith("holds no signature");
    registry.putManifest(
        REPO, image.digest().signatureTag(), Descriptor.OCI_MANIFEST, "nope".getBytes());
    assertThat(check().reason()).contains("is corrupt: signature manifest");
  }

  @Test
  void refusesWhenThePayloadBlobIsMissing() {
    BadSignatures.Attachment signed = BadSignatures.signed(key, image.digest());
    registry.putManifest(
        REPO, image.digest().signatureTag(), Descriptor.OCI_MANIFEST, signed.manifest());
    assertThat(check().reason()).contains("GET blob sha256:").contains("HTTP 404");
  }

  @Test
  void acceptsWhenOneOfSeveralSignaturesIsValid() {
    byte[] payload = BadSignatures.payload(image.digest());
    BadSignatures.layers(
            BadSignatures.layer(
                Descriptor.SIMPLE_SIGNING,
                payload,
                BadSignatures.encode(TestKeys.generate().sign(payload))),
            BadSignatures.layer(
                Descriptor.SIMPLE_SIGNING, payload, BadSignatures.encode(key.sign(payload))))
        .addTo(registry, REPO, image.digest());
    assertThat(check().reason()).endsWith("(signature 2)");
  }

  @Test
  void readsAtMostSixteenSignatures() {
    byte[] payload = BadSignatures.payload(image.digest());
    BadSignatures.Layer foreign =
        BadSignatures.layer(
            Descriptor.SIMPLE_SIGNING,
            payload,
            BadSignatures.encode(TestKeys.generate().sign(payload)));
    BadSignatures.Layer[] layers = new BadSignatures.Layer[SignatureGate.MAX_SIGNATURES + 1];
    Arrays.fill(layers, foreign);
    layers[SignatureGate.MAX_SIGNATURES] =
        BadSignatures.layer(
            Descriptor.SIMPLE_SIGNING, payload, BadSignatures.encode(key.sign(payload)));
    BadSignatures.layers(layers).addTo(registry, REPO, image.digest());
    assertThat(check().passed()).isFalse();
    assertThat(check().reason()).endsWith("more than 16 signatures: the rest not read");
  }

  @Test
  void refusesWhenTheRegistryAnswersAnError() {
    BadSignatures.signed(key, image.digest()).addTo(registry, REPO, image.digest());
    registry.failWith = 500;
    assertThat(check().reason())
        .contains(": GET manifest " + image.digest().signatureTag() + ": HTTP 500");
    assertThat(check().passed()).isFalse();
  }

  @Test
  void refusesWhenTheRegistryIsUnreachable() throws IOException {
    int closed = LocalRegistry.closedPort();
    SignatureGate gate =
        new SignatureGate(
            new Registry(URI.create("http://127.0.0.1:" + closed), null, Duration.ofSeconds(2)),
            key.signingKey());
    Verdict verdict = gate.check(REPO, image.digest());
    assertThat(verdict.passed()).isFalse();
    assertThat(verdict.reason())
        .startsWith("registry http://127.0.0.1:" + closed + " unreachable: ");
  }

  @Test
  void refusesWhenTheRegistryDoesNotAnswerInTime() throws IOException {
    try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      SignatureGate gate =
          new SignatureGate(
              new Registry(
                  URI.create("http://127.0.0.1:" + silent.getLocalPort()),
                  null,
                  Duration.ofMillis(300)),
              key.signingKey());
      assertThat(gate.check(REPO, image.digest()).reason()).contains("did not answer in time");
    }
  }

  @Test
  void refusesOnAnInvalidRepositoryNameInsteadOfThrowing() {
    assertThat(gate(key).check("Not/Valid", image.digest()).reason())
        .startsWith(
            "unexpected error while checking the signature: java.lang.IllegalArgumentException");
  }
}
