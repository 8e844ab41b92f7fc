package io.clockmirror.deployhook.supplychain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bill of materials from a trimmed copy of the service's Maven BOM and facts that
 * docker/sbom-facts.sh recorded on this machine (a runtime jlinked with the Dockerfile's modules,
 * Debian's libc, files of the packaged service).
 */
class ImageSbomTest {

  static final Path FIXTURES = Path.of("src", "test", "resources", "supplychain");
  private static final Digest IMAGE = Digest.of("image".getBytes(StandardCharsets.UTF_8));

  static Map<?, ?> assemble() throws IOException {
    return Json.object(
        ImageSbom.assemble(
            Files.readAllBytes(FIXTURES.resolve("maven-bom.json")),
            ImageSbom.Facts.read(FIXTURES.resolve("facts")),
            "clockmirror",
            "1.0.0-abc1234",
            IMAGE),
        "sbom");
  }

  static Map<?, ?> component(Map<?, ?> sbom, String name) {
    return Json.list(sbom, "components").stream()
        .map(c -> (Map<?, ?>) c)
        .filter(c -> name.equals(c.get("name")))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no component " + name));
  }

  @Test
  void describesTheImageByItsDigest() throws IOException {
    Map<?, ?> sbom = assemble();
    assertThat(sbom.get("bomFormat")).isEqualTo("CycloneDX");
    assertThat(sbom.get("specVersion")).isEqualTo("1.6");
    Map<?, ?> image = Json.object(Json.object(sbom, "metadata"), "component");
    assertThat(image.get("type")).isEqualTo("container");
    assertThat(image.get("purl"))
        .isEqualTo("pkg:oci/clockmirror@sha256%3A" + IMAGE.hex() + "?tag=1.0.0-abc1234");
    assertThat(sbom.get("serialNumber")).isEqualTo(assemble().get("serialNumber"));
    assertThat(
            ImageSbom.assemble(
                Files.readAllBytes(FIXTURES.resolve("maven-bom.json")),
                ImageSbom.Facts.read(FIXTURES.resolve("facts")),
                "clockmirror",
                "1.0.0-abc1234",
                IMAGE))
        .as("the same inputs, the same bytes")
        .isEqualTo(Json.write(sbom));
  }

  @Test
  void findsTheServiceJarQuarkusAndTheJavaRuntime() throws IOException {
    Map<?, ?> sbom = assemble();
    Map<?, ?> service = component(sbom, "clockmirror-service");
    assertThat(service.get("group")).isEqualTo("io.clockmirror");
    assertThat(service.get("evidence").toString())
        .contains("/app/app/clockmirror-service-1.0.0.jar");
    Map<?, ?> quarkus = component(sbom, "quarkus-core");
    assertThat(quarkus.get("version")).isEqualTo("3.33.2");
    assertThat(quarkus.get("evidence").toString())
        .contains("/app/lib/main/io.quarkus.quarkus-core-3.33.2.jar");
    Map<?, ?> jdk = component(sbom, "java-runtime");
    assertThat(jdk.get("type")).isEqualTo("platform");
    assertThat(jdk.get("version")).isEqualTo("25.0.3");
    assertThat(
            Json.list(jdk, "components").stream()
                .map(m -> String.valueOf(((Map<?, ?>) m).get("name")))
                .toList())
        .contains("java.base", "jdk.zipfs", "jdk.management");
  }

  @Test
  void namesTheCLibraryByItsPackageAndListsTheOtherFiles() throws IOException {
    Map<?, ?> sbom = assemble();
    Map<?, ?> libc = component(sbom, "libc6");
    assertThat(libc.get("version")).isEqualTo("2.36-9+deb12u14");
    assertThat(libc.get("purl"))
        .isEqualTo("pkg:deb/debian/libc6@2.36-9%2Bdeb12u14?arch=amd64&distro=debian-12");
    assertThat(Json.list(libc, "components")).hasSize(2);
    assertThat(component(sbom, "/app/quarkus-run.jar").get("type")).isEqualTo("file");
    assertThat(Json.list(sbom, "dependencies").toString())
        .contains(
            "{ref=image, dependsOn=[pkg:maven/io.clockmirror/clockmirror-service@1.0.0?type=jar, java-runtime, deb:libc6@2.36-9+deb12u14?arch=amd64]}");
  }

  @Test
  void refusesIncompleteFacts(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("jdk-release"), "JAVA_VERSION=\"25\"\n");
    Files.writeString(dir.resolve("os-release"), "ID=debian\nVERSION_ID=12\n");
    Files.writeString(dir.resolve("files.tsv"), "");
    assertThatThrownBy(() -> ImageSbom.Facts.read(dir)).hasMessage("jdk-release has no MODULES");
    Files.writeString(dir.resolve("jdk-release"), "JAVA_VERSION=\"25\"\nMODULES=\"java.base\"\n");
    Files.writeString(dir.resolve("files.tsv"), "relative\t" + IMAGE.hex() + "\t-\t-\t-\n");
    assertThatThrownBy(() -> ImageSbom.Facts.read(dir))
        .hasMessageContaining("not an absolute path");
    Files.writeString(dir.resolve("files.tsv"), "/a\t" + IMAGE.hex() + "\tlibc6\t-\t-\n");
    assertThatThrownBy(() -> ImageSbom.Facts.read(dir)).hasMessageContaining("go together");
    Files.writeString(dir.resolve("files.tsv"), "/a\tx\n");
    assertThatThrownBy(() -> ImageSbom.Facts.read(dir)).hasMessageContaining("files.tsv line 1");
    assertThat(ImageSbom.keyValues(dir.resolve("os-release")))
        .isEqualTo(Map.of("ID", "debian", "VERSION_ID", "12"));
  }
}
