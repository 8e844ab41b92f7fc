package io.clockmirror.deployhook.supplychain;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AttachmentsTest {

  private static final String REPO = "team/clockmirror";
  private final TestKeys key = TestKeys.generate();
  private final TestImages.Image image = TestImages.image("attach");
  private final byte[] sbom = "{\"bomFormat\":\"CycloneDX\"}".getBytes(StandardCharsets.UTF_8);
  private final InMemoryRegistry memory;
  private final Registry registry;
  @TempDir Path dir;

  AttachmentsTest() throws IOException {
    memory = new InMemoryRegistry();
    image.addTo(memory, REPO, "1.0.0");
    registry = new Registry(memory.url(), null, Duration.ofSeconds(5));
  }

  @AfterEach
  void stop() {
    memory.close();
  }

  /** What the sign command writes: the SBOM artifact, then the signature naming it. */
  private OciLayout signedLayout() throws IOException {
    OciLayout layout = OciLayout.create(dir.resolve("attachments"));
    Descriptor artifact = Attachments.writeSbom(layout, sbom, image.manifest());
    byte[] payload =
        new SimpleSigningPayload(
                image.digest(),
                "registry.example/clockmirror",
                Map.of(Attachments.SBOM_ANNOTATION, artifact.digest().toString()))
            .toBytes();
    Attachments.writeSignature(layout, payload, key.sign(payload));
    return layout;
  }

  private String push(OciLayout layout) throws Exception {
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    Attachments.push(layout, registry, REPO, new PrintStream(log, true, StandardCharsets.UTF_8));
    return log.toString(StandardCharsets.UTF_8);
  }

  @Test
  void pushedSignatureAndSbomAreReadBackWithoutAReferrersApi() throws Exception {
    OciLayout layout = signedLayout();
    String log = push(layout);
    assertThat(log)
        .contains("listed in: " + REPO + ":" + image.digest().referrersTag())
        .contains("pushed: " + REPO + ":" + image.digest().signatureTag());
    Verdict verdict = new SignatureGate(registry, key.signingKey()).check(REPO, image.digest());
    assertThat(verdict.passed()).as(verdict.reason()).isTrue();
    Digest named = Digest.parse(verdict.signedAnnotations().get(Attachments.SBOM_ANNOTATION));
    Optional<Attachments.Sbom> read =
        Attachments.readSbom(registry, REPO, image.digest(), Optional.of(named));
    assertThat(read).isPresent();
    assertThat(read.get().document()).isEqualTo(sbom);
    assertThat(read.get().manifest()).isEqualTo(named);
    assertThat(memory.requests).anyMatch(r -> r.startsWith("GET /v2/" + REPO + "/referrers/"));
  }

  @Test
  void aRegistryWithTheReferrersApiNeedsNoReferrersTag() throws Exception {
    memory.referrersApi = true;
    String log = push(signedLayout());
    assertThat(log).doesNotContain("listed in:");
    assertThat(memory.tags).doesNotContainKey(REPO + ":" + image.digest().referrersTag());
    assertThat(
            Attachments.readSbom(registry, REPO, image.digest(), Optional.empty())
                .orElseThrow()
                .document())
        .isEqualTo(sbom);
  }

  @Test
  void pushingAgainChangesNothingAndAnExistingSignatureIsKept() throws Exception {
    OciLayout layout = signedLayout();
    push(layout);
    byte[] index =
        memory.manifests.get(memory.tags.get(REPO + ":" + image.digest().referrersTag())).bytes();
    assertThat(push(layout))
        .contains("already there: " + REPO + ":" + image.digest().signatureTag());
    assertThat(
            memory
                .manifests
                .get(memory.tags.get(REPO + ":" + image.digest().referrersTag()))
                .bytes())
        .as("the referrers tag lists the SBOM once")
        .isEqualTo(index);
    Path other = dir.resolve("other");
    OciLayout second = OciLayout.create(other);
    byte[] payload = BadSignatures.payload(image.digest());
    Attachments.writeSignature(second, payload, key.sign(payload));
    assertThat(push(second))
        .contains("kept: " + REPO + ":" + image.digest().signatureTag() + " exists as");
  }

  @Test
  void noSbomIsEmptyAndAnotherDigestIsNotTaken() throws Exception {
    assertThat(Attachments.readSbom(registry, REPO, image.digest(), Optional.empty())).isEmpty();
    push(signedLayout());
    assertThat(Attachments.readSbom(registry, REPO, image.digest(), Optional.of(image.digest())))
        .isEmpty();
  }
}
