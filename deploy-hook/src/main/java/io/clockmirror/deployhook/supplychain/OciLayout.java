package io.clockmirror.deployhook.supplychain;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An OCI image layout directory ({@code oci-layout}, {@code index.json}, {@code blobs/sha256/}):
 * how the Build stage hands the image, and separately its signature and bill of materials, to the
 * stages that push them. Blobs read back are checked against their names.
 */
final class OciLayout {

  private static final int MAX_BLOB_BYTES = 64 * 1024 * 1024;

  private final Path root;

  private OciLayout(Path root) {
    this.root = root;
  }

  /** A new, empty layout; the directory must not exist or be empty. */
  static OciLayout create(Path root) throws IOException {
    if (Files.isDirectory(root)) {
      try (var entries = Files.list(root)) {
        if (entries.findAny().isPresent()) {
          throw new IOException(root + " exists and is not empty");
        }
      }
    }
    Files.createDirectories(root.resolve("blobs").resolve("sha256"));
    Files.write(root.resolve("oci-layout"), Json.write(Map.of("imageLayoutVersion", "1.0.0")));
    OciLayout layout = new OciLayout(root);
    layout.writeIndex(List.of());
    return layout;
  }

  static OciLayout open(Path root) throws IOException {
    if (!Files.isRegularFile(root.resolve("oci-layout"))
        || !Files.isRegularFile(root.resolve("index.json"))) {
      throw new IOException(root + " is not an OCI image layout (no oci-layout or index.json)");
    }
    return new OciLayout(root);
  }

  Descriptor writeBlob(String mediaType, byte[] content) throws IOException {
    Descriptor descriptor = Descriptor.of(mediaType, content);
    Files.write(blobPath(descriptor.digest()), content);
    return descriptor;
  }

  byte[] readBlob(Digest digest) throws IOException {
    Path path = blobPath(digest);
    if (Files.size(path) > MAX_BLOB_BYTES) {
      throw new IOException(path + " is larger than " + MAX_BLOB_BYTES + " bytes");
    }
    byte[] content = Files.readAllBytes(path);
    if (!digest.matches(content)) {
      throw new IOException(path + " does not hash to its name");
    }
    return content;
  }

  /** The manifests index.json lists, in order. */
  List<Descriptor> manifests() throws IOException {
    Map<?, ?> index = Json.object(Files.readAllBytes(root.resolve("index.json")), "index.json");
    List<Descriptor> manifests = new ArrayList<>();
    for (Object entry : Json.list(index, "manifests")) {
      manifests.add(Descriptor.fromJson((Map<?, ?>) entry));
    }
    return manifests;
  }

  /** Writes a manifest blob and lists it in index.json. */
  Descriptor addManifest(Descriptor manifest, byte[] content) throws IOException {
    if (!manifest.digest().matches(content)) {
      throw new IllegalArgumentException("the manifest's descriptor does not match its bytes");
    }
    Files.write(blobPath(manifest.digest()), content);
    List<Descriptor> manifests = new ArrayList<>(manifests());
    manifests.add(manifest);
    writeIndex(manifests);
    return manifest;
  }

  private void writeIndex(List<Descriptor> manifests) throws IOException {
    Files.write(
        root.resolve("index.json"),
        Json.write(
            Json.ordered(
                "schemaVersion",
                2,
                "mediaType",
                Descriptor.OCI_INDEX,
                "manifests",
                manifests.stream().map(Descriptor::toJson).toList())));
  }

  private Path blobPath(Digest digest) {
    return root.resolve("blobs").resolve("sha256").resolve(digest.hex());
  }
}
