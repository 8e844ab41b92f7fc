package io.clockmirror.deployhook.supplychain;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What travels beside an image: its cosign signature manifest (tag {@code sha256-<hex>.sig}, one
 * simple-signing layer carrying the signature as an annotation, the layout cosign and
 * containers/image write and read) and its bill of materials as an OCI 1.1 artifact whose {@code
 * subject} is the image. Written into an OCI layout by the Build stage, pushed to each
 * environment's repository later. A registry with the referrers API (ECR) lists the bill of
 * materials by itself; for one without (Docker's registry 2.8) the push maintains the referrers tag
 * {@code sha256-<hex>}, an image index of the image's referrers, as the distribution spec directs.
 */
final class Attachments {

  static final int MAX_SBOM_BYTES = 16 * 1024 * 1024;
  static final String SBOM_ANNOTATION = "io.clockmirror.sbom";
  private static final byte[] EMPTY_JSON = "{}".getBytes(StandardCharsets.US_ASCII);

  private Attachments() {}

  /** The bill of materials as an artifact of the image; returns its manifest's descriptor. */
  static Descriptor writeSbom(OciLayout layout, byte[] sbom, Descriptor image) throws IOException {
    Descriptor config = layout.writeBlob(Descriptor.OCI_EMPTY, EMPTY_JSON);
    Descriptor document =
        layout
            .writeBlob(Descriptor.CYCLONEDX, sbom)
            .withAnnotations(Map.of("org.opencontainers.image.title", "sbom.cdx.json"));
    byte[] manifest =
        ociManifest(Descriptor.CYCLONEDX, config, List.of(document), subjectOf(image));
    return layout.addManifest(
        Descriptor.of(Descriptor.OCI_MANIFEST, manifest).withArtifactType(Descriptor.CYCLONEDX),
        manifest);
  }

  /**
   * The signature manifest for one signed payload, tagged {@code sha256-<hex>.sig} in the layout.
   */
  static Descriptor writeSignature(OciLayout layout, byte[] payload, byte[] signature)
      throws IOException {
    Digest image = SimpleSigningPayload.parse(payload).image();
    Descriptor layer =
        layout
            .writeBlob(Descriptor.SIMPLE_SIGNING, payload)
            .withAnnotations(
                Map.of(
                    Descriptor.SIGNATURE_ANNOTATION,
                    Base64.getEncoder().encodeToString(signature)));
    byte[] config =
        Json.write(
            Json.ordered(
                "architecture",
                "",
                "os",
                "",
                "config",
                Map.of(),
                "rootfs",
                Json.ordered("type", "layers", "diff_ids", List.of(layer.digest().toString()))));
    Descriptor configDescriptor = layout.writeBlob(Descriptor.OCI_CONFIG, config);
    byte[] manifest = ociManifest(null, configDescriptor, List.of(layer), null);
    return layout.addManifest(
        Descriptor.of(Descriptor.OCI_MANIFEST, manifest)
            .withAnnotations(Map.of(Descriptor.REF_NAME, image.signatureTag())),
        manifest);
  }

  /**
   * Pushes every manifest of the layout with its blobs: artifacts with a subject first (by digest,
   * plus the referrers tag where needed), then tagged manifests. A tag that already exists is kept
   * as it is (ECR tags are immutable); the gate then judges what the repository holds.
   */
  static void push(OciLayout layout, Registry registry, String repository, PrintStream log)
      throws IOException, InterruptedException {
    List<Descriptor> manifests = new ArrayList<>(layout.manifests());
    manifests.sort(Comparator.comparing(m -> m.annotations().containsKey(Descriptor.REF_NAME)));
    for (Descriptor descriptor : manifests) {
      byte[] manifest = layout.readBlob(descriptor.digest());
      Map<?, ?> json = Json.object(manifest, "manifest " + descriptor.digest());
      List<Descriptor> blobs = new ArrayList<>();
      blobs.add(Descriptor.fromJson(Json.object(json, "config")));
      for (Object layer : Json.list(json, "layers")) {
        blobs.add(Descriptor.fromJson((Map<?, ?>) layer));
      }
      String tag = descriptor.annotations().get(Descriptor.REF_NAME);
      if (tag != null) {
        Optional<Registry.Manifest> existing = registry.manifest(repository, tag);
        if (existing.isPresent()) {
          log.println(
              existing.get().digest().equals(descriptor.digest())
                  ? "already there: " + repository + ":" + tag
                  : "kept: "
                      + repository
                      + ":"
                      + tag
                      + " exists as "
                      + existing.get().digest()
                      + " (not "
                      + descriptor.digest()
                      + "); the gate judges it");
          continue;
        }
      }
      for (Descriptor blob : blobs) {
        registry.putBlob(repository, layout.readBlob(blob.digest()));
      }
      String reference = tag != null ? tag : descriptor.digest().toString();
      boolean registryIndexesReferrers =
          registry.putManifest(repository, reference, descriptor.mediaType(), manifest);
      log.println("pushed: " + repository + (tag != null ? ":" + tag : "@" + descriptor.digest()));
      if (json.get("subject") instanceof Map<?, ?> subject && !registryIndexesReferrers) {
        Digest subjectDigest = Digest.parse(Json.string(subject, "digest"));
        addToReferrersTag(registry, repository, subjectDigest, descriptor, json);
        log.println("listed in: " + repository + ":" + subjectDigest.referrersTag());
      }
    }
  }

  /**
   * The image's bill of materials and its manifest digest: from the referrers API, or else from the
   * referrers tag. With {@code expected} (the digest the signed payload names), only that one.
   */
  static Optional<Sbom> readSbom(
      Registry registry, String repository, Digest image, Optional<Digest> expected)
      throws IOException, InterruptedException {
    Optional<byte[]> index = registry.referrers(repository, image);
    if (index.isEmpty()) {
      index = registry.manifest(repository, image.referrersTag()).map(Registry.Manifest::bytes);
    }
    if (index.isEmpty()) {
      return Optional.empty();
    }
    for (Object entry : Json.list(Json.object(index.get(), "referrers index"), "manifests")) {
      Descriptor referrer = Descriptor.fromJson((Map<?, ?>) entry);
      if (!Descriptor.CYCLONEDX.equals(referrer.artifactType())
          || expected.isPresent() && !expected.get().equals(referrer.digest())) {
        continue;
      }
      Registry.Manifest manifest =
          registry
              .manifest(repository, referrer.digest().toString())
              .orElseThrow(
                  () ->
                      new RegistryException(
                          "referrer " + referrer.digest() + " is listed but missing"));
      List<?> layers = Json.list(Json.object(manifest.bytes(), "SBOM manifest"), "layers");
      if (layers.size() != 1) {
        throw new RegistryException(
            "SBOM manifest " + manifest.digest() + " has " + layers.size() + " layers, not 1");
      }
      Descriptor document = Descriptor.fromJson((Map<?, ?>) layers.getFirst());
      return Optional.of(
          new Sbom(
              manifest.digest(), registry.blob(repository, document.digest(), MAX_SBOM_BYTES)));
    }
    return Optional.empty();
  }

  /**
   * A bill of materials read from a registry, and the digest of the artifact manifest it came in.
   */
  record Sbom(Digest manifest, byte[] document) {}

  private static void addToReferrersTag(
      Registry registry, String repository, Digest subject, Descriptor referrer, Map<?, ?> manifest)
      throws IOException, InterruptedException {
    String tag = subject.referrersTag();
    List<Object> entries = new ArrayList<>();
    Optional<Registry.Manifest> existing = registry.manifest(repository, tag);
    if (existing.isPresent()) {
      entries.addAll(
          Json.list(Json.object(existing.get().bytes(), "referrers tag " + tag), "manifests"));
    }
    String digest = referrer.digest().toString();
    if (entries.stream()
        .anyMatch(e -> e instanceof Map<?, ?> m && digest.equals(m.get("digest")))) {
      return;
    }
    Descriptor entry =
        new Descriptor(
            Descriptor.OCI_MANIFEST,
            referrer.digest(),
            referrer.size(),
            manifest.get("artifactType") instanceof String type ? type : null,
            Map.of());
    entries.add(entry.toJson());
    byte[] index =
        Json.write(
            Json.ordered(
                "schemaVersion", 2, "mediaType", Descriptor.OCI_INDEX, "manifests", entries));
    registry.putManifest(repository, tag, Descriptor.OCI_INDEX, index);
  }

  /** An OCI image manifest; {@code artifactType} and {@code subject} are left out when null. */
  static byte[] ociManifest(
      String artifactType, Descriptor config, List<Descriptor> layers, Descriptor subject) {
    Map<String, Object> manifest =
        Json.ordered("schemaVersion", 2, "mediaType", Descriptor.OCI_MANIFEST);
    if (artifactType != null) {
      manifest.put("artifactType", artifactType);
    }
    manifest.put("config", config.toJson());
    manifest.put("layers", layers.stream().map(Descriptor::toJson).toList());
    if (subject != null) {
      manifest.put("subject", subject.toJson());
    }
    return Json.write(manifest);
  }

  private static Descriptor subjectOf(Descriptor image) {
    return new Descriptor(image.mediaType(), image.digest(), image.size(), null, Map.of());
  }
}
