package io.clockmirror.deployhook.supplychain;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Signature manifests, good and deliberately bad, built here without the code under test, so the
 * gate is tested against what cosign's format says rather than against its own writer.
 */
final class BadSignatures {

  /** A manifest and the blobs it needs. */
  record Attachment(byte[] manifest, List<byte[]> blobs) {

    void addTo(InMemoryRegistry registry, String repository, Digest image) {
      blobs.forEach(registry::putBlob);
      registry.putManifest(repository, image.signatureTag(), Descriptor.OCI_MANIFEST, manifest);
    }

    void pushTo(Registry registry, String repository, Digest image)
        throws IOException, InterruptedException {
      for (byte[] blob : blobs) {
        registry.putBlob(repository, blob);
      }
      registry.putManifest(repository, image.signatureTag(), Descriptor.OCI_MANIFEST, manifest);
    }
  }

  private BadSignatures() {}

  static byte[] payload(Digest image) {
    return new SimpleSigningPayload(image, "registry.example/clockmirror", Map.of()).toBytes();
  }

  static Attachment signed(TestKeys key, Digest image) {
    byte[] payload = payload(image);
    return layers(layer(Descriptor.SIMPLE_SIGNING, payload, encode(key.sign(payload))));
  }

  /**
   * The key's valid signature over a payload that names {@code named}, stored for another image.
   */
  static Attachment signedFor(TestKeys key, Digest named) {
    return signed(key, named);
  }

  static Attachment alteredSignature(TestKeys key, Digest image) {
    byte[] payload = payload(image);
    byte[] signature = key.sign(payload);
    signature[signature.length - 1] ^= 0x01;
    return layers(layer(Descriptor.SIMPLE_SIGNING, payload, encode(signature)));
  }

  static Attachment notBase64(Digest image) {
    return layers(layer(Descriptor.SIMPLE_SIGNING, payload(image), "%%% not base64 %%%"));
  }

  static Attachment signedGarbage(TestKeys key) {
    byte[] payload = "this is not JSON".getBytes();
    return layers(layer(Descriptor.SIMPLE_SIGNING, payload, encode(key.sign(payload))));
  }

  static Attachment wrongLayerType(TestKeys key, Digest image) {
    byte[] payload = payload(image);
    return layers(layer("application/vnd.in-toto+json", payload, encode(key.sign(payload))));
  }

  static Attachment withoutAnnotation(Digest image) {
    return layers(layer(Descriptor.SIMPLE_SIGNING, payload(image), null));
  }

  static Attachment layers(Layer... layers) {
    byte[] config = "{}".getBytes(StandardCharsets.US_ASCII);
    List<byte[]> blobs = new ArrayList<>(List.of(config));
    List<Descriptor> descriptors = new ArrayList<>();
    for (Layer layer : layers) {
      blobs.add(layer.payload());
      Descriptor descriptor = Descriptor.of(layer.mediaType(), layer.payload());
      descriptors.add(
          layer.signature() == null
              ? descriptor
              : descriptor.withAnnotations(
                  Map.of(Descriptor.SIGNATURE_ANNOTATION, layer.signature())));
    }
    return new Attachment(
        Attachments.ociManifest(
            null, Descriptor.of(Descriptor.OCI_CONFIG, config), descriptors, null),
        blobs);
  }

  record Layer(String mediaType, byte[] payload, String signature) {}

  static Layer layer(String mediaType, byte[] payload, String signature) {
    return new Layer(mediaType, payload, signature);
  }

  static String encode(byte[] signature) {
    return Base64.getEncoder().encodeToString(signature);
  }

  /** The gate's reason for an image of {@code repository} without any signature. */
  static String unsigned(String repository, Digest image) {
    return "unsigned: "
        + repository
        + "@"
        + image
        + " has no signature (no tag "
        + image.signatureTag()
        + ")";
  }
}
