package io.clockmirror.deployhook.supplychain;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides whether an image digest carries a valid signature by the signing key: reads the cosign
 * signature manifest ({@code sha256-<hex>.sig}) from the image's repository, and passes only when
 * one of its simple-signing layers is the key's ECDSA signature over a payload that names exactly
 * this digest. Everything else is a refusal with its reason: no signature, another key, another
 * digest, a corrupt or missing part, a registry that cannot be reached or answers wrongly, and any
 * unexpected error. The signature is checked before the payload is believed, as containers/image
 * does.
 */
final class SignatureGate {

  static final int MAX_SIGNATURES = 16;
  static final int MAX_PAYLOAD_BYTES = 64 * 1024;

  private final Registry registry;
  private final SigningKey key;

  SignatureGate(Registry registry, SigningKey key) {
    this.registry = registry;
    this.key = key;
  }

  Verdict check(String repository, Digest image) {
    return guarded(() -> checkOrThrow(repository, image));
  }

  /**
   * The image a tag names, for when ECS has not yet resolved the tag to a digest: the registry's
   * digest for the tag now. The repositories' tags are immutable, so it is the digest ECS pulls.
   */
  Verdict checkTag(String repository, String tag) {
    return guarded(
        () -> {
          Optional<Registry.Manifest> found = registry.manifest(repository, tag);
          if (found.isEmpty()) {
            return Verdict.fail("tag " + tag + " is not in " + repository);
          }
          Digest digest = found.get().digest();
          Verdict verdict = checkOrThrow(repository, digest);
          String resolved = "tag " + tag + " is " + digest + "; ";
          return verdict.passed()
              ? Verdict.pass(resolved + verdict.reason(), verdict.signedAnnotations())
              : Verdict.fail(resolved + verdict.reason());
        });
  }

  private interface RegistryCheck {
    Verdict run() throws IOException, InterruptedException;
  }

  private Verdict guarded(RegistryCheck check) {
    try {
      return check.run();
    } catch (HttpTimeoutException e) {
      return Verdict.fail(
          "registry " + registry.base() + " did not answer in time: " + e.getMessage());
    } catch (ConnectException e) {
      return Verdict.fail("registry " + registry.base() + " unreachable: " + e);
    } catch (IOException e) {
      return Verdict.fail("registry " + registry.base() + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Verdict.fail("interrupted while reading the signature");
    } catch (RuntimeException e) {
      return Verdict.fail("unexpected error while checking the signature: " + e);
    }
  }

  private Verdict checkOrThrow(String repository, Digest image)
      throws IOException, InterruptedException {
    String tag = image.signatureTag();
    Optional<Registry.Manifest> found = registry.manifest(repository, tag);
    if (found.isEmpty()) {
      return Verdict.fail(
          "unsigned: " + repository + "@" + image + " has no signature (no tag " + tag + ")");
    }
    Registry.Manifest manifest = found.get();
    if (!Descriptor.OCI_MANIFEST.equals(manifest.mediaType())) {
      return Verdict.fail(
          "signature manifest " + tag + " is '" + manifest.mediaType() + "', not an OCI manifest");
    }
    List<?> layers;
    try {
      layers = Json.list(Json.object(manifest.bytes(), "signature manifest " + tag), "layers");
    } catch (IllegalArgumentException e) {
      return Verdict.fail("signature manifest " + tag + " is corrupt: " + e.getMessage());
    }
    List<String> refusals = new ArrayList<>();
    int considered = 0;
    for (Object entry : layers) {
      if (considered == MAX_SIGNATURES) {
        refusals.add("more than " + MAX_SIGNATURES + " signatures: the rest not read");
        break;
      }
      considered++;
      switch (checkLayer(repository, image, entry, considered)) {
        case Accepted(SimpleSigningPayload claim) -> {
          return Verdict.pass(
              repository
                  + "@"
                  + image
                  + " is signed by the signing key (signature "
                  + considered
                  + ")",
              claim.annotations());
        }
        case Refused(String reason) -> refusals.add(reason);
      }
    }
    if (refusals.isEmpty()) {
      return Verdict.fail("signature manifest " + tag + " holds no signature");
    }
    return Verdict.fail("no valid signature for " + image + ": " + String.join("; ", refusals));
  }

  /** What one layer of the signature manifest turned out to be. */
  private sealed interface LayerCheck {}

  private record Accepted(SimpleSigningPayload claim) implements LayerCheck {}

  private record Refused(String reason) implements LayerCheck {}

  private LayerCheck checkLayer(String repository, Digest image, Object entry, int number)
      throws IOException, InterruptedException {
    String label = "signature " + number;
    Descriptor layer;
    try {
      layer = Descriptor.fromJson(entry instanceof Map<?, ?> map ? map : Map.of());
    } catch (IllegalArgumentException e) {
      return new Refused(label + ": corrupt layer descriptor (" + e.getMessage() + ")");
    }
    if (!Descriptor.SIMPLE_SIGNING.equals(layer.mediaType())) {
      return new Refused(
          label + ": layer type '" + layer.mediaType() + "' is not a simple-signing payload");
    }
    String encoded = layer.annotations().get(Descriptor.SIGNATURE_ANNOTATION);
    if (encoded == null) {
      return new Refused(label + ": no " + Descriptor.SIGNATURE_ANNOTATION + " annotation");
    }
    byte[] signature;
    try {
      signature = Base64.getDecoder().decode(encoded);
    } catch (IllegalArgumentException e) {
      return new Refused(label + ": the signature is not base64");
    }
    if (layer.size() > MAX_PAYLOAD_BYTES) {
      return new Refused(
          label + ": payload of " + layer.size() + " bytes is larger than a signature payload");
    }
    byte[] payload = registry.blob(repository, layer.digest(), MAX_PAYLOAD_BYTES);
    if (!key.verifies(payload, signature)) {
      return new Refused(label + ": not a signature by the signing key (another key, or altered)");
    }
    SimpleSigningPayload claim;
    try {
      claim = SimpleSigningPayload.parse(payload);
    } catch (IllegalArgumentException e) {
      return new Refused(
          label + ": signed payload is not a simple-signing claim (" + e.getMessage() + ")");
    }
    if (!claim.image().equals(image)) {
      return new Refused(label + ": signed for " + claim.image() + ", not for " + image);
    }
    return new Accepted(claim);
  }
}
