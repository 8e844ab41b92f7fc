package io.clockmirror.deployhook.supplychain;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The image's bill of materials in CycloneDX 1.6 JSON, assembled from what the build knows:
 *
 * <ul>
 *   <li>the service's Maven dependencies, as the CycloneDX Maven plugin wrote them ({@code
 *       service/target/bom.json});
 *   <li>the jlinked Java runtime, from the {@code release} file jlink writes into it (version,
 *       implementor, the exact module list);
 *   <li>every other file of the image, from a list of {@code path, sha256, package, version, arch}:
 *       files of a Debian/Ubuntu package (the C library the runtime links against) become that
 *       package, with a {@code pkg:deb} purl; the app's jars are located on their Maven component;
 *       the rest (the AOT cache, the JVM options, Quarkus' generated jars) are listed as files.
 * </ul>
 *
 * The serial number is derived from the image digest, so the same inputs give the same document.
 */
final class ImageSbom {

  static final String JDK_REF = "java-runtime";
  static final String JDK_PATH = "/opt/java/runtime";
  private static final String IMAGE_REF = "image";
  private static final String NONE = "-";

  /** What the image build records about the runtime and the files (the "facts" directory). */
  record Facts(
      Map<String, String> jdkRelease, Map<String, String> osRelease, List<ImageFile> files) {

    static final String JDK_RELEASE = "jdk-release";
    static final String OS_RELEASE = "os-release";
    static final String FILES = "files.tsv";

    Facts {
      for (String key : List.of("JAVA_VERSION", "MODULES")) {
        if (!jdkRelease.containsKey(key)) {
          throw new IllegalArgumentException(JDK_RELEASE + " has no " + key);
        }
      }
      for (String key : List.of("ID", "VERSION_ID")) {
        if (!osRelease.containsKey(key)) {
          throw new IllegalArgumentException(OS_RELEASE + " has no " + key);
        }
      }
      jdkRelease = Map.copyOf(jdkRelease);
      osRelease = Map.copyOf(osRelease);
      files = List.copyOf(files);
    }

    static Facts read(Path directory) throws IOException {
      List<ImageFile> files = new ArrayList<>();
      List<String> lines = Files.readAllLines(directory.resolve(FILES), StandardCharsets.UTF_8);
      for (int i = 0; i < lines.size(); i++) {
        if (!lines.get(i).isBlank()) {
          files.add(ImageFile.parse(lines.get(i), FILES + " line " + (i + 1)));
        }
      }
      return new Facts(
          keyValues(directory.resolve(JDK_RELEASE)),
          keyValues(directory.resolve(OS_RELEASE)),
          files);
    }
  }

  /** One file of the image; package, version and arch are {@code -} when no package owns it. */
  record ImageFile(String path, Digest sha256, String pkg, String version, String arch) {

    ImageFile {
      if (path == null || !path.startsWith("/")) {
        throw new IllegalArgumentException("not an absolute path: '" + path + "'");
      }
      if (NONE.equals(pkg) != NONE.equals(version) || NONE.equals(pkg) != NONE.equals(arch)) {
        throw new IllegalArgumentException(path + ": package, version and arch go together");
      }
    }

    static ImageFile parse(String line, String where) {
      String[] fields = line.split("\t", -1);
      if (fields.length != 5) {
        throw new IllegalArgumentException(where + ": expected 5 tab-separated fields");
      }
      return new ImageFile(fields[0], new Digest(fields[1]), fields[2], fields[3], fields[4]);
    }

    boolean packaged() {
      return !NONE.equals(pkg);
    }
  }

  private ImageSbom() {}

  /** The document for the image {@code name:version} with manifest digest {@code image}. */
  static byte[] assemble(byte[] mavenBom, Facts facts, String name, String version, Digest image) {
    Map<?, ?> maven = Json.object(mavenBom, "the Maven bill of materials");
    Map<?, ?> service = Json.object(Json.object(maven, "metadata"), "component");
    String serviceRef = Json.string(service, "bom-ref");

    List<Object> components = new ArrayList<>();
    Map<String, Map<String, Object>> jarsByFileName = new LinkedHashMap<>();
    Map<String, Object> serviceComponent = new LinkedHashMap<>(stringKeys(service));
    components.add(serviceComponent);
    jarsByFileName.put(
        Json.string(service, "name") + "-" + Json.string(service, "version") + ".jar",
        serviceComponent);
    for (Object entry : Json.list(maven, "components")) {
      Map<String, Object> component = new LinkedHashMap<>(stringKeys((Map<?, ?>) entry));
      components.add(component);
      if (component.get("group") instanceof String group
          && component.get("name") instanceof String artifact
          && component.get("version") instanceof String jarVersion) {
        // Quarkus' fast-jar names each dependency group.artifact-version.jar.
        jarsByFileName.put(group + "." + artifact + "-" + jarVersion + ".jar", component);
      }
    }

    components.add(javaRuntime(facts.jdkRelease()));
    Map<String, List<ImageFile>> packages = new TreeMap<>();
    List<Object> looseFiles = new ArrayList<>();
    for (ImageFile file : facts.files()) {
      if (file.path().startsWith(JDK_PATH + "/")) {
        continue;
      }
      if (file.packaged()) {
        packages
            .computeIfAbsent(
                file.pkg() + "\t" + file.version() + "\t" + file.arch(), k -> new ArrayList<>())
            .add(file);
        continue;
      }
      String fileName = file.path().substring(file.path().lastIndexOf('/') + 1);
      Map<String, Object> jar =
          file.path().startsWith("/app/") ? jarsByFileName.get(fileName) : null;
      if (jar != null) {
        addOccurrence(jar, file.path());
      } else {
        looseFiles.add(fileComponent(file));
      }
    }
    List<String> packageRefs = new ArrayList<>();
    packages.forEach(
        (key, files) -> {
          Map<String, Object> component = osPackage(files, facts.osRelease());
          packageRefs.add((String) component.get("bom-ref"));
          components.add(component);
        });
    components.addAll(looseFiles);

    List<Object> dependencies = new ArrayList<>();
    if (maven.get("dependencies") instanceof List<?> graph) {
      dependencies.addAll(graph);
    }
    dependencies.add(dependency(JDK_REF, packageRefs));
    List<String> top = new ArrayList<>(List.of(serviceRef, JDK_REF));
    top.addAll(packageRefs);
    dependencies.add(dependency(IMAGE_REF, top));

    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("component", imageComponent(name, version, image));
    if (Json.object(maven, "metadata").get("tools") != null) {
      metadata.put("tools", Json.object(maven, "metadata").get("tools"));
    }
    Map<String, Object> bom = new LinkedHashMap<>();
    bom.put("bomFormat", "CycloneDX");
    bom.put("specVersion", "1.6");
    bom.put(
        "serialNumber",
        "urn:uuid:" + UUID.nameUUIDFromBytes(image.toString().getBytes(StandardCharsets.UTF_8)));
    bom.put("version", 1);
    bom.put("metadata", metadata);
    bom.put("components", components);
    bom.put("dependencies", dependencies);
    return Json.write(bom);
  }

  private static Map<String, Object> imageComponent(String name, String version, Digest image) {
    Map<String, Object> component = new LinkedHashMap<>();
    component.put("type", "container");
    component.put("bom-ref", IMAGE_REF);
    component.put("name", name);
    component.put("version", version);
    // purl-spec's oci type: the digest is the version, its ':' percent-encoded.
    component.put(
        "purl",
        "pkg:oci/"
            + name
            + "@"
            + URLEncoder.encode(image.toString(), StandardCharsets.UTF_8)
            + "?tag="
            + URLEncoder.encode(version, StandardCharsets.UTF_8));
    component.put("hashes", List.of(Json.ordered("alg", "SHA-256", "content", image.hex())));
    return component;
  }

  private static Map<String, Object> javaRuntime(Map<String, String> release) {
    Map<String, Object> runtime = new LinkedHashMap<>();
    runtime.put("type", "platform");
    runtime.put("bom-ref", JDK_REF);
    runtime.put("name", "java-runtime");
    runtime.put("version", release.get("JAVA_VERSION"));
    if (release.containsKey("IMPLEMENTOR")) {
      runtime.put("supplier", Map.of("name", release.get("IMPLEMENTOR")));
    }
    runtime.put(
        "description",
        "Java runtime cut with jlink to the modules the service uses"
            + (release.containsKey("JAVA_RUNTIME_VERSION")
                ? ", from build " + release.get("JAVA_RUNTIME_VERSION")
                : ""));
    List<Object> properties = new ArrayList<>();
    for (String key :
        List.of("JAVA_RUNTIME_VERSION", "IMPLEMENTOR", "IMPLEMENTOR_VERSION", "MODULES")) {
      if (release.containsKey(key)) {
        properties.add(
            Json.ordered(
                "name",
                "clockmirror:jdk:" + key.toLowerCase(Locale.ROOT),
                "value",
                release.get(key)));
      }
    }
    runtime.put("properties", properties);
    List<Object> modules = new ArrayList<>();
    for (String module : release.get("MODULES").split("\\s+")) {
      if (!module.isEmpty()) {
        modules.add(
            Json.ordered(
                "type",
                "library",
                "bom-ref",
                JDK_REF + ":" + module,
                "name",
                module,
                "version",
                release.get("JAVA_VERSION")));
      }
    }
    runtime.put("components", modules);
    runtime.put("evidence", Map.of("occurrences", List.of(Map.of("location", JDK_PATH))));
    return runtime;
  }

  private static Map<String, Object> osPackage(List<ImageFile> files, Map<String, String> os) {
    ImageFile first = files.getFirst();
    String distro = os.get("ID");
    Map<String, Object> component = new LinkedHashMap<>();
    component.put("type", "library");
    component.put(
        "bom-ref", "deb:" + first.pkg() + "@" + first.version() + "?arch=" + first.arch());
    component.put("name", first.pkg());
    component.put("version", first.version());
    // purl-spec's deb type: namespace is the distribution, arch and distro as qualifiers.
    component.put(
        "purl",
        "pkg:deb/"
            + distro
            + "/"
            + first.pkg()
            + "@"
            + URLEncoder.encode(first.version(), StandardCharsets.UTF_8)
            + "?arch="
            + first.arch()
            + "&distro="
            + distro
            + "-"
            + os.get("VERSION_ID"));
    List<Object> children = new ArrayList<>();
    for (ImageFile file : files) {
      children.add(fileComponent(file));
    }
    component.put("components", children);
    return component;
  }

  private static Map<String, Object> fileComponent(ImageFile file) {
    Map<String, Object> component = new LinkedHashMap<>();
    component.put("type", "file");
    component.put("bom-ref", "file:" + file.path());
    component.put("name", file.path());
    component.put(
        "hashes", List.of(Json.ordered("alg", "SHA-256", "content", file.sha256().hex())));
    return component;
  }

  @SuppressWarnings("unchecked")
  private static void addOccurrence(Map<String, Object> component, String path) {
    Map<String, Object> evidence =
        (Map<String, Object>)
            component.compute(
                "evidence",
                (key, old) ->
                    old instanceof Map<?, ?> map
                        ? new LinkedHashMap<>((Map<String, Object>) map)
                        : new LinkedHashMap<>());
    List<Object> occurrences = new ArrayList<>();
    if (evidence.get("occurrences") instanceof List<?> existing) {
      occurrences.addAll(existing);
    }
    occurrences.add(Map.of("location", path));
    evidence.put("occurrences", occurrences);
  }

  private static Map<String, Object> dependency(String ref, List<String> dependsOn) {
    Set<String> unique = new LinkedHashSet<>(dependsOn);
    return Json.ordered("ref", ref, "dependsOn", List.copyOf(unique));
  }

  private static Map<String, Object> stringKeys(Map<?, ?> map) {
    Map<String, Object> copy = new LinkedHashMap<>();
    map.forEach((key, value) -> copy.put(String.valueOf(key), value));
    return copy;
  }

  /** A {@code KEY="value"} file as jlink's release file and /etc/os-release are written. */
  static Map<String, String> keyValues(Path file) throws IOException {
    Map<String, String> values = new LinkedHashMap<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      int equals = line.indexOf('=');
      if (line.isBlank() || line.startsWith("#") || equals < 1) {
        continue;
      }
      String value = line.substring(equals + 1).strip();
      if (value.length() >= 2
          && (value.startsWith("\"") && value.endsWith("\"")
              || value.startsWith("'") && value.endsWith("'"))) {
        value = value.substring(1, value.length() - 1);
      }
      values.put(line.substring(0, equals).strip(), value);
    }
    return values;
  }
}
