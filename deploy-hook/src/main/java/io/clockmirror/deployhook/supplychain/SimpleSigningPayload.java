package io.clockmirror.deployhook.supplychain;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The claim a signature covers, in cosign's "simple signing" format: this image manifest digest,
 * known as this identity, with optional annotations (here: the digest of the image's bill of
 * materials). Parsing is as strict as containers/image's: {@code critical} must hold exactly {@code
 * type}, {@code image} and {@code identity}, the type must be cosign's, and nothing is trusted
 * until the signature over the exact payload bytes has been verified.
 */
record SimpleSigningPayload(Digest image, String identity, Map<String, String> annotations) {

  static final String TYPE = "cosign container image signature";

  SimpleSigningPayload {
    if (image == null) {
      throw new IllegalArgumentException("a payload names an image digest");
    }
    if (identity == null || identity.isBlank()) {
      throw new IllegalArgumentException("a payload names an identity (docker-reference)");
    }
    annotations = Map.copyOf(annotations == null ? Map.of() : annotations);
  }

  /** The bytes that get signed: compact JSON, keys in a fixed order. */
  byte[] toBytes() {
    Map<String, Object> critical = new LinkedHashMap<>();
    critical.put("identity", Map.of("docker-reference", identity));
    critical.put("image", Map.of("docker-manifest-digest", image.toString()));
    critical.put("type", TYPE);
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("critical", critical);
    // cosign writes "optional": null when there are no annotations; containers/image accepts both.
    payload.put("optional", annotations.isEmpty() ? null : new TreeMap<>(annotations));
    return Json.write(payload);
  }

  static SimpleSigningPayload parse(byte[] payload) {
    Map<?, ?> json = Json.object(payload, "the signature payload");
    Json.exactFields(json, "the payload", "critical", "optional");
    Map<?, ?> critical = Json.object(json, "critical");
    Json.exactFields(critical, "critical", "identity", "image", "type");
    String type = Json.string(critical, "type");
    if (!TYPE.equals(type)) {
      throw new IllegalArgumentException(
          "the payload's type is '" + type + "', not '" + TYPE + "'");
    }
    Map<?, ?> image = Json.object(critical, "image");
    Json.exactFields(image, "critical.image", "docker-manifest-digest");
    Map<?, ?> identity = Json.object(critical, "identity");
    Json.exactFields(identity, "critical.identity", "docker-reference");
    Map<String, String> annotations = new LinkedHashMap<>();
    if (json.get("optional") instanceof Map<?, ?> optional) {
      optional.forEach(
          (key, value) -> {
            if (key instanceof String name && value instanceof String text) {
              annotations.put(name, text);
            }
          });
    } else if (json.get("optional") != null) {
      throw new IllegalArgumentException("'optional' is neither null nor a JSON object");
    }
    return new SimpleSigningPayload(
        Digest.parse(Json.string(image, "docker-manifest-digest")),
        Json.string(identity, "docker-reference"),
        annotations);
  }
}
