package io.clockmirror.deployhook.supplychain;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * Small but real images: a config, one gzipped tar layer holding one file, a Docker v2 manifest.
 */
final class TestImages {

  /** An image's manifest and blobs. */
  record Image(Descriptor manifest, byte[] manifestBytes, byte[] config, byte[] layer) {

    Digest digest() {
      return manifest.digest();
    }

    void pushTo(Registry registry, String repository, String tag)
        throws IOException, InterruptedException {
      registry.putBlob(repository, config);
      registry.putBlob(repository, layer);
      registry.putManifest(repository, tag, Descriptor.DOCKER_MANIFEST, manifestBytes);
    }

    void addTo(InMemoryRegistry registry, String repository, String tag) {
      registry.putBlob(config);
      registry.putBlob(layer);
      registry.putManifest(repository, tag, Descriptor.DOCKER_MANIFEST, manifestBytes);
    }

    /** The image as the Build stage hands it on: an OCI layout listing this one manifest. */
    OciLayout writeLayout(Path directory) throws IOException {
      OciLayout layout = OciLayout.create(directory);
      layout.writeBlob(Descriptor.DOCKER_MANIFEST, config);
      layout.writeBlob(Descriptor.DOCKER_MANIFEST, layer);
      layout.addManifest(manifest, manifestBytes);
      return layout;
    }
  }

  private TestImages() {}

  static Image image(String fileContent) {
    byte[] tar = tar("hello.txt", fileContent.getBytes(StandardCharsets.UTF_8));
    byte[] layer = gzip(tar);
    byte[] config =
        Json.write(
            Json.ordered(
                "architecture",
                "amd64",
                "os",
                "linux",
                "config",
                Map.of(),
                "rootfs",
                Json.ordered("type", "layers", "diff_ids", List.of(Digest.of(tar).toString()))));
    byte[] manifest =
        Json.write(
            Json.ordered(
                "schemaVersion",
                2,
                "mediaType",
                Descriptor.DOCKER_MANIFEST,
                "config",
                Descriptor.of("application/vnd.docker.container.image.v1+json", config).toJson(),
                "layers",
                List.of(
                    Descriptor.of("application/vnd.docker.image.rootfs.diff.tar.gzip", layer)
                        .toJson())));
    return new Image(Descriptor.of(Descriptor.DOCKER_MANIFEST, manifest), manifest, config, layer);
  }

  private static byte[] tar(String name, byte[] content) {
    byte[] header = new byte[512];
    put(header, 0, name);
    put(header, 100, "0000644");
    put(header, 108, "0000000");
    put(header, 116, "0000000");
    put(header, 124, String.format("%011o", content.length));
    put(header, 136, "00000000000");
    Arrays.fill(header, 148, 156, (byte) ' ');
    header[156] = '0';
    put(header, 257, "ustar");
    put(header, 263, "00");
    int sum = 0;
    for (byte b : header) {
      sum += b & 0xff;
    }
    put(header, 148, String.format("%06o", sum));
    header[154] = 0;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(header);
    out.writeBytes(content);
    out.writeBytes(new byte[(512 - content.length % 512) % 512 + 1024]);
    return out.toByteArray();
  }

  private static void put(byte[] header, int offset, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(bytes, 0, header, offset, bytes.length);
  }

  private static byte[] gzip(byte[] content) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
      gzip.write(content);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return out.toByteArray();
  }
}
