package io.clockmirror.deployhook.supplychain;

import static org.assertj.core.api.Assertions.assertThat;

import io.clockmirror.deployhook.runtime.StreamHandlerRunner;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The supply chain against a real registry (Debian's docker-registry 2.8): the deployment file's
 * command line signs through the aws command (faked with a local P-256 key and openssl), attaches
 * the bill of materials made from the real service build, pushes both; the gate, the Lambda handler
 * and an independent verifier (curl, jq and openssl: deploy-hook/cosign-verify.sh) accept the
 * signed image and refuse every bad case. Debian's skopeo reads the same attachments. Run by
 * deploy-hook/supply-chain-check.sh, which installs the registry and skopeo.
 */
@Tag("registry")
class SupplyChainIT {

  private static final String REPO = "clockmirror";
  private static final Path JAR = Path.of(System.getProperty("hook.jar", "target/deploy-hook.jar"));
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Duration RUN_TIMEOUT = Duration.ofSeconds(120);

  @TempDir static Path work;
  private static LocalRegistry local;
  private static Registry registry;
  private static final TestKeys KEY = TestKeys.generate();
  private static Path privateKey;
  private static Path publicKey;

  @BeforeAll
  static void startTheRegistry() throws Exception {
    assertThat(JAR).as("the deployment file (mvn package)").isRegularFile();
    local = LocalRegistry.start(Files.createDirectories(work.resolve("registry")));
    registry = new Registry(local.url(), null, Duration.ofSeconds(10));
    privateKey = KEY.writePrivateKey(work.resolve("kms-private.pem"));
    publicKey = KEY.writePublicKey(work.resolve("public.pem"));
  }

  @AfterAll
  static void stopTheRegistry() throws InterruptedException {
    if (local != null) {
      local.close();
    }
  }

  record Run(int exit, String out, String err) {}

  private static Run run(Map<String, String> env, List<String> command) throws Exception {
    Path out = Files.createTempFile(work, "out", ".txt");
    Path err = Files.createTempFile(work, "err", ".txt");
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
    builder.environment().putAll(env);
    Process process = builder.start();
    assertThat(process.waitFor(RUN_TIMEOUT.toSeconds(), TimeUnit.SECONDS))
        .as("finished: " + command)
        .isTrue();
    return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
  }

  private static String java() {
    return ProcessHandle.current().info().command().orElse("java");
  }

  /** The deployment file's command line, with the aws command faked. */
  private static Run cli(String... args) throws Exception {
    List<String> command =
        new ArrayList<>(List.of(java(), "-cp", JAR.toString(), SupplyChainMain.class.getName()));
    command.addAll(List.of(args));
    return run(
        Map.of(
            "PATH",
            SupplyChainMainTest.FAKE_AWS + File.pathSeparator + System.getenv("PATH"),
            "FAKE_KMS_PRIVATE_KEY",
            privateKey.toString()),
        command);
  }

  private static Run verify(Digest image) throws Exception {
    return cli(
        "verify",
        "--registry",
        local.url().toString(),
        "--repository",
        REPO,
        "--digest",
        image.toString(),
        "--key-id",
        "alias/clockmirror-signing");
  }

  private static Run cosignVerify(Digest image) throws Exception {
    return run(
        Map.of(),
        List.of(
            "bash",
            ROOT.resolve("deploy-hook/cosign-verify.sh").toString(),
            local.url().toString(),
            REPO,
            image.toString(),
            publicKey.toString()));
  }

  /** skopeo with a policy that requires a sigstore signature by the key for this repository. */
  private static Run skopeo(Digest image) throws Exception {
    Path skopeo = LocalRegistry.requiredTool("skopeo.bin", "Debian's skopeo");
    String host = local.url().getRawAuthority();
    Path registries = Files.createDirectories(work.resolve("registries.d"));
    Files.writeString(
        registries.resolve("local.yaml"),
        "docker:\n  " + host + ":\n    use-sigstore-attachments: true\n");
    Path policy =
        Files.writeString(
            work.resolve("policy.json"),
            """
        {"default": [{"type": "reject"}],
         "transports": {"docker": {"%s/%s": [{"type": "sigstoreSigned", "keyPath": "%s",
           "signedIdentity": {"type": "matchRepository"}}]}}}
        """
                .formatted(host, REPO, publicKey));
    return run(
        Map.of(),
        List.of(
            skopeo.toString(),
            "--policy",
            policy.toString(),
            "--registries.d",
            registries.toString(),
            "copy",
            "--src-tls-verify=false",
            "docker://" + host + "/" + REPO + "@" + image,
            "dir:" + Files.createTempDirectory(work, "copy")));
  }

  @Test
  void theBuildStagesStepsSignTheImageAndAttachItsBillOfMaterials() throws Exception {
    TestImages.Image image = TestImages.image("signed by the pipeline");
    image.pushTo(registry, REPO, "1.0.0-signed");
    image.writeLayout(work.resolve("image"));
    Path mavenBom = ROOT.resolve("service/target/bom.json");
    assertThat(mavenBom).as("the service's Maven BOM (./mvnw -pl service package)").isRegularFile();
    Path facts = runtimeFacts();
    Path sbom = work.resolve("sbom.cdx.json");
    Run made =
        cli(
            "sbom",
            "--maven-bom",
            mavenBom.toString(),
            "--facts",
            facts.toString(),
            "--image-name",
            "clockmirror",
            "--image-version",
            "1.0.0-signed",
            "--image-digest",
            image.digest().toString(),
            "--out",
            sbom.toString());
    assertThat(made.exit()).as(made.err()).isZero();
    Run signed =
        cli(
            "sign",
            "--image-layout",
            work.resolve("image").toString(),
            "--key-id",
            "alias/clockmirror-signing",
            "--identity",
            local.url().getRawAuthority() + "/" + REPO,
            "--sbom",
            sbom.toString(),
            "--out",
            work.resolve("attachments").toString());
    assertThat(signed.exit()).as(signed.err()).isZero();
    Run pushed =
        cli(
            "push",
            "--layout",
            work.resolve("attachments").toString(),
            "--registry",
            local.url().toString(),
            "--repository",
            REPO);
    assertThat(pushed.exit()).as(pushed.err()).isZero();
    assertThat(pushed.out()).contains("listed in: " + REPO + ":" + image.digest().referrersTag());

    Run verified = verify(image.digest());
    assertThat(verified.exit()).as(verified.err()).isZero();
    assertThat(verified.out()).startsWith("SIGNED: " + REPO + "@" + image.digest());
    Run independent = cosignVerify(image.digest());
    assertThat(independent.exit()).as(independent.err()).isZero();
    assertThat(independent.out()).startsWith("verified: " + REPO + "@" + image.digest());
    // Debian's skopeo finds the signature (a sigstore signature of the right type) but Debian
    // builds it with sigstore verification patched out; an unsigned image gets another answer.
    Run skopeo = skopeo(image.digest());
    assertThat(
            skopeo.exit() == 0 || skopeo.err().contains("Debian-local change: sigstore disabled"))
        .as(skopeo.err())
        .isTrue();

    Path fetched = work.resolve("fetched.cdx.json");
    Run fetch =
        cli(
            "fetch-sbom",
            "--registry",
            local.url().toString(),
            "--repository",
            REPO,
            "--digest",
            image.digest().toString(),
            "--public-key",
            publicKey.toString(),
            "--out",
            fetched.toString());
    assertThat(fetch.exit()).as(fetch.err()).isZero();
    Map<?, ?> document = Json.object(Files.readAllBytes(fetched), "the fetched SBOM");
    Map<?, ?> service = ImageSbomTest.component(document, "clockmirror-service");
    assertThat(service.get("group")).isEqualTo("io.clockmirror");
    assertThat(service.get("evidence").toString())
        .contains("/app/app/clockmirror-service-" + System.getProperty("project.version") + ".jar");
    assertThat(ImageSbomTest.component(document, "quarkus-core").get("version"))
        .isEqualTo(System.getProperty("quarkus.version"));
    Map<String, String> release = ImageSbom.keyValues(work.resolve("runtime/release"));
    assertThat(ImageSbomTest.component(document, "java-runtime").get("version"))
        .isEqualTo(release.get("JAVA_VERSION"))
        .isEqualTo(Runtime.version().toString().replaceAll("[+-].*", ""));
    assertThat(ImageSbomTest.component(document, "libc6").get("purl").toString())
        .startsWith("pkg:deb/");
  }

  private static Arguments bad(
      String name,
      BiFunction<TestImages.Image, TestKeys, BadSignatures.Attachment> signature,
      String reason) {
    return Arguments.of(name, signature, reason);
  }

  static Stream<Arguments> badCases() {
    return Stream.of(
        bad("unsigned", null, "unsigned: "),
        bad(
            "another key",
            (image, key) -> BadSignatures.signed(TestKeys.generate(), image.digest()),
            "not a signature by the signing key"),
        bad(
            "another digest",
            (image, key) ->
                BadSignatures.signedFor(key, TestImages.image("some other image").digest()),
            "signature 1: signed for sha256:"),
        bad(
            "altered signature",
            (image, key) -> BadSignatures.alteredSignature(key, image.digest()),
            "not a signature by the signing key"),
        bad(
            "signature not base64",
            (image, key) -> BadSignatures.notBase64(image.digest()),
            "the signature is not base64"),
        bad(
            "not a signature layer",
            (image, key) -> BadSignatures.wrongLayerType(key, image.digest()),
            "is not a simple-signing payload"),
        bad(
            "signed garbage",
            (image, key) -> BadSignatures.signedGarbage(key),
            "signed payload is not a simple-signing claim"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badCases")
  void everyVerifierRefusesABadSignature(
      String name,
      BiFunction<TestImages.Image, TestKeys, BadSignatures.Attachment> attachment,
      String reason)
      throws Exception {
    TestImages.Image image = TestImages.image("bad case: " + name);
    image.pushTo(registry, REPO, "bad-" + name.replace(' ', '-'));
    if (attachment != null) {
      attachment.apply(image, KEY).pushTo(registry, REPO, image.digest());
    }
    Run gate = verify(image.digest());
    assertThat(gate.exit()).as(gate.out()).isEqualTo(1);
    assertThat(gate.err()).startsWith("NOT SIGNED: ").contains(reason);
    Run independent = cosignVerify(image.digest());
    assertThat(independent.exit()).as(independent.out()).isEqualTo(1);
    Run skopeo = skopeo(image.digest());
    assertThat(skopeo.exit()).isNotZero();
    if (attachment == null) {
      assertThat(skopeo.err()).contains("A signature was required, but no signature exists");
    }
  }

  @Test
  void theLambdaGateFromTheDeploymentFileLetsOnlyTheSignedImageStart() throws Exception {
    TestImages.Image signed = TestImages.image("lambda signed");
    signed.pushTo(registry, REPO, "lambda-signed");
    BadSignatures.signed(KEY, signed.digest()).pushTo(registry, REPO, signed.digest());
    TestImages.Image unsigned = TestImages.image("lambda unsigned");
    unsigned.pushTo(registry, REPO, "lambda-unsigned");
    try (FakeAws aws = new FakeAws()) {
      aws.publicKey = KEY.pair().getPublic().getEncoded();
      String name = local.url().getRawAuthority() + "/" + REPO;
      aws.containerImages =
          List.of(FakeAws.container("app", name + ":lambda-signed", signed.digest().toString()));
      assertThat(handler(aws)).isEqualTo("{\"hookStatus\":\"SUCCEEDED\"}");
      aws.containerImages =
          List.of(
              FakeAws.container("app", name + ":lambda-unsigned", unsigned.digest().toString()));
      assertThat(handler(aws)).isEqualTo("{\"hookStatus\":\"FAILED\"}");
    }
  }

  private static String handler(FakeAws aws) throws Exception {
    Path event = Files.writeString(Files.createTempFile(work, "event", ".json"), FakeAws.EVENT);
    Path response = Files.createTempFile(work, "response", ".json");
    Map<String, String> env = new HashMap<>(aws.lambdaEnv());
    env.put("SIGNING_KEY_ID", FakeAws.KEY_ARN);
    env.put("REGISTRY_URL", local.url().toString());
    env.put("REPOSITORY", REPO);
    env.put("REGISTRY_AUTH", "none");
    Run run =
        run(
            env,
            List.of(
                java(),
                "-cp",
                JAR + File.pathSeparator + Path.of("target", "test-classes"),
                StreamHandlerRunner.class.getName(),
                SignatureGateHook.class.getName() + "::handleRequest",
                event.toString(),
                response.toString()));
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).contains("hookStatus ");
    return Files.readString(response, StandardCharsets.UTF_8);
  }

  @Test
  void anUnreachableRegistryIsRefused() throws Exception {
    int closed = LocalRegistry.closedPort();
    Run gate =
        cli(
            "verify",
            "--registry",
            "http://127.0.0.1:" + closed,
            "--repository",
            REPO,
            "--digest",
            TestImages.image("x").digest().toString(),
            "--public-key",
            publicKey.toString());
    assertThat(gate.exit()).isEqualTo(1);
    assertThat(gate.err())
        .startsWith("NOT SIGNED: registry http://127.0.0.1:" + closed + " unreachable");
  }

  /**
   * The facts docker/sbom-facts.sh records in the image build, made here the same way: a runtime
   * jlinked with the Dockerfile's module list, and the C libraries it links against.
   */
  private static Path runtimeFacts() throws Exception {
    Matcher modules =
        Pattern.compile("(?m)^ARG JLINK_MODULES=(\\S+)$")
            .matcher(Files.readString(ROOT.resolve("Dockerfile")));
    assertThat(modules.find()).as("JLINK_MODULES in the Dockerfile").isTrue();
    Path runtime = work.resolve("runtime");
    Path jlink = Path.of(System.getProperty("java.home"), "bin", "jlink");
    Run linked =
        run(
            Map.of(),
            List.of(
                jlink.toString(),
                "--add-modules",
                modules.group(1),
                "--no-man-pages",
                "--no-header-files",
                "--output",
                runtime.toString()));
    assertThat(linked.exit()).as(linked.err()).isZero();
    Path rootfs = Files.createDirectories(work.resolve("rootfs"));
    Run ldd =
        run(
            Map.of(),
            List.of(
                "ldd",
                runtime.resolve("bin/java").toString(),
                runtime.resolve("lib/libjava.so").toString()));
    Matcher library = Pattern.compile("=> (/\\S+)").matcher(ldd.out());
    while (library.find()) {
      Path lib = Path.of(library.group(1));
      if (!lib.startsWith(runtime)) {
        Path copy =
            rootfs
                .resolve(lib.toRealPath().getParent().toString().substring(1))
                .resolve(lib.getFileName());
        Files.createDirectories(copy.getParent());
        Files.copy(lib, copy, StandardCopyOption.REPLACE_EXISTING);
      }
    }
    Path facts = work.resolve("facts");
    Run recorded =
        run(
            Map.of(),
            List.of(
                "bash",
                ROOT.resolve("docker/sbom-facts.sh").toString(),
                "--runtime",
                runtime.toString(),
                "--app",
                ROOT.resolve("service/target/quarkus-app").toString(),
                "--rootfs",
                rootfs.toString(),
                "--out",
                facts.toString()));
    assertThat(recorded.exit()).as(recorded.err()).isZero();
    return facts;
  }
}
