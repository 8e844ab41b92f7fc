package io.clockmirror.deployhook.supplychain;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The supply-chain steps of the pipeline, and the manual check, from the command line: {@code java
 * -cp deploy-hook.jar io.clockmirror.deployhook.supplychain.SupplyChainMain COMMAND --option value
 * ...}. Exit 0 on success, 1 when the step failed or the image is refused, 2 on a usage error.
 *
 * <pre>
 * sbom       --maven-bom FILE --facts DIR --image-name NAME --image-version VERSION
 *            --image-digest sha256:... --out FILE
 * sign       --image-layout DIR --key-id KMS_KEY --identity REPOSITORY [--sbom FILE] --out DIR
 * push       --layout DIR --registry URL --repository NAME [--auth none|ecr]
 * verify     --registry URL --repository NAME (--digest sha256:... | --tag TAG)
 *            (--public-key FILE | --key-id KMS_KEY) [--auth none|ecr]
 * fetch-sbom the options of verify with --digest, and --out FILE
 * </pre>
 *
 * AWS is reached through the {@code aws} command found on the PATH of the given environment.
 */
public final class SupplyChainMain {

  static final Duration REGISTRY_TIMEOUT = Duration.ofSeconds(30);
  private static final Set<String> REGISTRY_OPTIONS =
      Set.of("registry", "repository", "digest", "tag", "public-key", "key-id", "auth");

  private SupplyChainMain() {}

  public static void main(String[] args) throws InterruptedException {
    System.exit(run(args, System.getenv(), System.out, System.err));
  }

  static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err)
      throws InterruptedException {
    if (args.length == 0) {
      err.println("usage: SupplyChainMain sbom|sign|push|verify|fetch-sbom --option value ...");
      return 2;
    }
    String command = args[0];
    try {
      return switch (command) {
        case "sbom" ->
            sbom(
                CommandArgs.parse(
                    args,
                    1,
                    Set.of(
                        "maven-bom",
                        "facts",
                        "image-name",
                        "image-version",
                        "image-digest",
                        "out")),
                out);
        case "sign" ->
            sign(
                CommandArgs.parse(
                    args, 1, Set.of("image-layout", "key-id", "identity", "sbom", "out")),
                env,
                out);
        case "push" ->
            push(
                CommandArgs.parse(args, 1, Set.of("layout", "registry", "repository", "auth")),
                env,
                out);
        case "verify" -> verify(CommandArgs.parse(args, 1, REGISTRY_OPTIONS), env, out, err);
        case "fetch-sbom" ->
            fetchSbom(CommandArgs.parse(args, 1, union(REGISTRY_OPTIONS, "out")), env, out, err);
        default -> throw new IllegalArgumentException("unknown command '" + command + "'");
      };
    } catch (IllegalArgumentException e) {
      err.println(command + ": " + e.getMessage());
      return 2;
    } catch (IOException | RuntimeException e) {
      err.println(command + " failed: " + e.getMessage());
      return 1;
    }
  }

  private static int sbom(CommandArgs options, PrintStream out) throws IOException {
    Digest image = Digest.parse(options.required("image-digest"));
    byte[] document =
        ImageSbom.assemble(
            Files.readAllBytes(Path.of(options.required("maven-bom"))),
            ImageSbom.Facts.read(Path.of(options.required("facts"))),
            options.required("image-name"),
            options.required("image-version"),
            image);
    Path target = Path.of(options.required("out"));
    Files.write(target, document);
    out.println(
        "bill of materials for " + image + ": " + target + " (" + document.length + " bytes)");
    return 0;
  }

  private static int sign(CommandArgs options, Map<String, String> env, PrintStream out)
      throws IOException, InterruptedException {
    List<Descriptor> images = OciLayout.open(Path.of(options.required("image-layout"))).manifests();
    if (images.size() != 1) {
      throw new IOException("the image layout lists " + images.size() + " manifests, not one");
    }
    Descriptor image = images.getFirst();
    String keyId = options.required("key-id");
    String identity = options.required("identity");
    OciLayout attachments = OciLayout.create(Path.of(options.required("out")));
    Map<String, String> annotations = Map.of();
    Optional<String> sbom = options.optional("sbom");
    if (sbom.isPresent()) {
      Descriptor artifact =
          Attachments.writeSbom(attachments, Files.readAllBytes(Path.of(sbom.get())), image);
      annotations = Map.of(Attachments.SBOM_ANNOTATION, artifact.digest().toString());
      out.println(
          "bill of materials: artifact " + artifact.digest() + " with subject " + image.digest());
    }
    byte[] payload = new SimpleSigningPayload(image.digest(), identity, annotations).toBytes();
    AwsCli aws = AwsCli.fromPath(env);
    byte[] signature = aws.sign(keyId, Digest.of(payload).bytes());
    // The key's own public half must accept the signature before it leaves the build.
    if (!aws.publicKey(keyId).verifies(payload, signature)) {
      throw new IOException(
          "the signature KMS returned does not verify under " + keyId + "'s public key");
    }
    Descriptor manifest = Attachments.writeSignature(attachments, payload, signature);
    out.println(
        "signed "
            + image.digest()
            + " as "
            + identity
            + " with "
            + keyId
            + ": "
            + manifest.annotations().get(Descriptor.REF_NAME));
    return 0;
  }

  private static int push(CommandArgs options, Map<String, String> env, PrintStream out)
      throws IOException, InterruptedException {
    String repository = options.required("repository");
    Registry.checkRepository(repository);
    Attachments.push(
        OciLayout.open(Path.of(options.required("layout"))),
        registry(options, env),
        repository,
        out);
    return 0;
  }

  private static int verify(
      CommandArgs options, Map<String, String> env, PrintStream out, PrintStream err)
      throws IOException, InterruptedException {
    Verdict verdict = gate(options, env);
    if (verdict.passed()) {
      out.println("SIGNED: " + verdict.reason());
      return 0;
    }
    err.println("NOT SIGNED: " + verdict.reason());
    return 1;
  }

  private static int fetchSbom(
      CommandArgs options, Map<String, String> env, PrintStream out, PrintStream err)
      throws IOException, InterruptedException {
    Path target = Path.of(options.required("out"));
    Digest image = Digest.parse(options.required("digest"));
    Verdict verdict = gate(options, env);
    if (!verdict.passed()) {
      err.println("NOT SIGNED: " + verdict.reason());
      return 1;
    }
    String named = verdict.signedAnnotations().get(Attachments.SBOM_ANNOTATION);
    if (named == null) {
      err.println("the signature names no bill of materials");
      return 1;
    }
    Optional<Attachments.Sbom> sbom =
        Attachments.readSbom(
            registry(options, env),
            options.required("repository"),
            image,
            Optional.of(Digest.parse(named)));
    if (sbom.isEmpty()) {
      err.println("no bill of materials " + named + " refers to " + image);
      return 1;
    }
    Files.write(target, sbom.get().document());
    out.println(
        "bill of materials " + sbom.get().manifest() + " (signed with the image): " + target);
    return 0;
  }

  private static Verdict gate(CommandArgs options, Map<String, String> env)
      throws IOException, InterruptedException {
    String repository = options.required("repository");
    Registry.checkRepository(repository);
    Optional<String> tag = options.optional("tag");
    Optional<String> digest = options.optional("digest");
    if (tag.isPresent() == digest.isPresent()) {
      throw new IllegalArgumentException("give exactly one of --digest and --tag");
    }
    tag.ifPresent(Registry::checkTag);
    Optional<Digest> image = digest.map(Digest::parse);
    Optional<String> keyFile = options.optional("public-key");
    Optional<String> keyId = options.optional("key-id");
    if (keyFile.isPresent() == keyId.isPresent()) {
      throw new IllegalArgumentException("give exactly one of --public-key and --key-id");
    }
    Registry registry = registry(options, env);
    SigningKey key =
        keyFile.isPresent()
            ? SigningKey.parse(Files.readAllBytes(Path.of(keyFile.get())))
            : AwsCli.fromPath(env).publicKey(keyId.get());
    SignatureGate gate = new SignatureGate(registry, key);
    return image.isPresent()
        ? gate.check(repository, image.get())
        : gate.checkTag(repository, tag.orElseThrow());
  }

  private static Registry registry(CommandArgs options, Map<String, String> env)
      throws IOException, InterruptedException {
    String auth = options.optional("auth").orElse("none");
    URI base = URI.create(options.required("registry"));
    return switch (auth) {
      case "none" -> new Registry(base, null, REGISTRY_TIMEOUT);
      case "ecr" ->
          new Registry(
              base, AwsCli.fromPath(env).ecrAuthorization(base.getHost()), REGISTRY_TIMEOUT);
      default -> throw new IllegalArgumentException("--auth is none or ecr, not '" + auth + "'");
    };
  }

  private static Set<String> union(Set<String> names, String more) {
    Set<String> all = new HashSet<>(names);
    all.add(more);
    return Set.copyOf(all);
  }
}
