package io.clockmirror.deployhook.supplychain;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * An OCI content descriptor: what a manifest says about a blob or another manifest (media type,
 * digest, size, and for artifacts their type and annotations).
 */
record Descriptor(
    String mediaType,
    Digest digest,
    long size,
    String artifactType,
    Map<String, String> annotations) {

  static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
  static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
  static final String OCI_CONFIG = "application/vnd.oci.image.config.v1+json";
  static final String OCI_EMPTY = "application/vnd.oci.empty.v1+json";
  static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
  static final String DOCKER_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";

  /** The layer type of a cosign "simple signing" payload. */
  static final String SIMPLE_SIGNING = "application/vnd.dev.cosign.simplesigning.v1+json";

  /** The layer annotation holding the base64 signature over that payload. */
  static final String SIGNATURE_ANNOTATION = "dev.cosignproject.cosign/signature";

  /** CycloneDX JSON, as registered with IANA. */
  static final String CYCLONEDX = "application/vnd.cyclonedx+json";

  static final String REF_NAME = "org.opencontainers.image.ref.name";

  Descriptor {
    if (mediaType == null || mediaType.isBlank()) {
      throw new IllegalArgumentException("a descriptor needs a media type");
    }
    if (digest == null || size < 0) {
      throw new IllegalArgumentException("a descriptor needs a digest and a size >= 0");
    }
    annotations = Map.copyOf(annotations == null ? Map.of() : annotations);
  }

  static Descriptor of(String mediaType, byte[] content) {
    return new Descriptor(mediaType, Digest.of(content), content.length, null, Map.of());
  }

  Descriptor withAnnotations(Map<String, String> more) {
    Map<String, String> all = new LinkedHashMap<>(annotations);
    all.putAll(more);
    return new Descriptor(mediaType, digest, size, artifactType, all);
  }

  Descriptor withArtifactType(String type) {
    return new Descriptor(mediaType, digest, size, type, annotations);
  }

  Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("mediaType", mediaType);
    json.put("digest", digest.toString());
    json.put("size", size);
    if (artifactType != null) {
      json.put("artifactType", artifactType);
    }
    if (!annotations.isEmpty()) {
      json.put("annotations", new TreeMap<>(annotations));
    }
    return json;
  }

  static Descriptor fromJson(Map<?, ?> json) {
    Map<String, String> annotations = new LinkedHashMap<>();
    if (json.get("annotations") instanceof Map<?, ?> map) {
      map.forEach(
          (key, value) -> {
            if (key instanceof String name && value instanceof String text) {
              annotations.put(name, text);
            }
          });
    }
    return new Descriptor(
        Json.string(json, "mediaType"),
        Digest.parse(Json.string(json, "digest")),
        Json.number(json, "size"),
        json.get("artifactType") instanceof String type ? type : null,
        annotations);
  }
}
