package io.clockmirror.deployhook.supplychain;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line in-process, with the AWS CLI replaced by src/test/fake-aws/aws (a local P-256
 * key through openssl, answers in the CLI reference's shapes) and an in-memory registry.
 */
class SupplyChainMainTest {

  static final Path FAKE_AWS = Path.of("src", "test", "fake-aws").toAbsolutePath();
  private static final String REPO = "clockmirror";
  private final TestKeys key = TestKeys.generate();
  private final TestImages.Image image = TestImages.image("cli");
  private final InMemoryRegistry registry;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  @TempDir Path dir;

  SupplyChainMainTest() throws IOException {
    registry = new InMemoryRegistry();
    image.addTo(registry, REPO, "1.0.0");
  }

  @AfterEach
  void stop() {
    registry.close();
  }

  private Map<String, String> env() throws IOException {
    Map<String, String> env = new HashMap<>();
    env.put("PATH", FAKE_AWS + ":" + System.getenv("PATH"));
    env.put("FAKE_KMS_PRIVATE_KEY", key.writePrivateKey(dir.resolve("kms.pem")).toString());
    env.put("FAKE_AWS_LOG", dir.resolve("aws.log").toString());
    return env;
  }

  private int run(Map<String, String> env, String... args) throws InterruptedException {
    out.reset();
    err.reset();
    return SupplyChainMain.run(
        args,
        env,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String[] registryArgs(String command, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                command,
                "--registry",
                registry.url().toString(),
                "--repository",
                REPO,
                "--digest",
                image.digest().toString()));
    args.addAll(List.of(more));
    return args.toArray(String[]::new);
  }

  @Test
  void signsPushesVerifiesAndFetchesTheSbomThroughKms() throws Exception {
    Map<String, String> env = env();
    image.writeLayout(dir.resolve("image"));
    Path sbom = dir.resolve("sbom.cdx.json");
    assertThat(
            run(
                env,
                "sbom",
                "--maven-bom",
                ImageSbomTest.FIXTURES.resolve("maven-bom.json").toString(),
                "--facts",
                ImageSbomTest.FIXTURES.resolve("facts").toString(),
                "--image-name",
                "clockmirror",
                "--image-version",
                "1.0.0-abc1234",
                "--image-digest",
                image.digest().toString(),
                "--out",
                sbom.toString()))
        .as(err.toString(StandardCharsets.UTF_8))
        .isZero();
    assertThat(
            run(
                env,
                "sign",
                "--image-layout",
                dir.resolve("image").toString(),
                "--key-id",
                "alias/clockmirror-signing",
                "--identity",
                "registry.example/clockmirror",
                "--sbom",
                sbom.toString(),
                "--out",
                dir.resolve("attachments").toString()))
        .as(err.toString(StandardCharsets.UTF_8))
        .isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains(
            "signed "
                + image.digest()
                + " as registry.example/clockmirror with alias/clockmirror-signing: "
                + image.digest().signatureTag());
    List<String> calls = Files.readAllLines(dir.resolve("aws.log"));
    assertThat(calls).hasSize(2);
    assertThat(calls.get(0))
        .startsWith("kms sign --key-id alias/clockmirror-signing --message fileb://")
        .endsWith("--message-type DIGEST --signing-algorithm ECDSA_SHA_256 --output json");
    assertThat(calls.get(1))
        .isEqualTo("kms get-public-key --key-id alias/clockmirror-signing --output json");

    // What the fake aws command's ECR token decodes to: AWS:fake-password.
    registry.requiredAuthorization =
        "Basic "
            + Base64.getEncoder()
                .encodeToString("AWS:fake-password".getBytes(StandardCharsets.US_ASCII));
    assertThat(
            run(
                env,
                "push",
                "--layout",
                dir.resolve("attachments").toString(),
                "--registry",
                registry.url().toString(),
                "--repository",
                REPO,
                "--auth",
                "ecr"))
        .as(err.toString(StandardCharsets.UTF_8))
        .isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("pushed: " + REPO + ":" + image.digest().signatureTag());

    assertThat(
            run(
                env,
                registryArgs("verify", "--key-id", "alias/clockmirror-signing", "--auth", "ecr")))
        .as(err.toString(StandardCharsets.UTF_8))
        .isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .startsWith("SIGNED: " + REPO + "@" + image.digest());
    Path got = dir.resolve("got.json");
    Path publicKey = key.writePublicKey(dir.resolve("public.pem"));
    assertThat(
            run(
                env,
                registryArgs(
                    "fetch-sbom",
                    "--public-key",
                    publicKey.toString(),
                    "--auth",
                    "ecr",
                    "--out",
                    got.toString())))
        .as(err.toString(StandardCharsets.UTF_8))
        .isZero();
    assertThat(Files.readAllBytes(got)).isEqualTo(Files.readAllBytes(sbom));
  }

  @Test
  void refusesAnImageSignedByAnotherKeyWithExitOne() throws Exception {
    BadSignatures.signed(TestKeys.generate(), image.digest()).addTo(registry, REPO, image.digest());
    Path publicKey = key.writePublicKey(dir.resolve("public.pem"));
    assertThat(run(env(), registryArgs("verify", "--public-key", publicKey.toString())))
        .isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .startsWith("NOT SIGNED: no valid signature for " + image.digest());
    assertThat(fetchSbom(publicKey)).isEqualTo(1);
  }

  private int fetchSbom(Path publicKey) throws Exception {
    return run(
        env(),
        registryArgs(
            "fetch-sbom",
            "--public-key",
            publicKey.toString(),
            "--out",
            dir.resolve("x").toString()));
  }

  @Test
  void verifiesTheImageATagNames() throws Exception {
    image.addTo(registry, REPO, "1.0.0-abc1234");
    Path publicKey = key.writePublicKey(dir.resolve("public.pem"));
    String[] byTag = {
      "verify",
      "--registry",
      registry.url().toString(),
      "--repository",
      REPO,
      "--tag",
      "1.0.0-abc1234",
      "--public-key",
      publicKey.toString()
    };
    assertThat(run(env(), byTag)).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .isEqualTo(
            "NOT SIGNED: tag 1.0.0-abc1234 is "
                + image.digest()
                + "; "
                + BadSignatures.unsigned(REPO, image.digest())
                + "\n");
    BadSignatures.signed(key, image.digest()).addTo(registry, REPO, image.digest());
    assertThat(run(env(), byTag)).as(err.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .startsWith("SIGNED: tag 1.0.0-abc1234 is " + image.digest() + "; ");
    byTag[6] = "2.0.0";
    assertThat(run(env(), byTag)).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .isEqualTo("NOT SIGNED: tag 2.0.0 is not in " + REPO + "\n");
    byTag[6] = "../x";
    assertThat(run(env(), byTag)).isEqualTo(2);
    assertThat(
            run(
                env(),
                registryArgs("verify", "--tag", "1.0.0", "--public-key", publicKey.toString())))
        .isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("give exactly one of --digest and --tag");
  }

  @Test
  void asksKmsInTheRegionTheKeyArnNamesAndEcrInTheRegistrysRegion() throws Exception {
    Map<String, String> env = env();
    env.put("AWS_REGION", "eu-west-1");
    image.writeLayout(dir.resolve("image"));
    String keyArn = "arn:aws:kms:us-east-1:111122223333:alias/clockmirror-image-signing";
    assertThat(
            run(
                env,
                "sign",
                "--image-layout",
                dir.resolve("image").toString(),
                "--key-id",
                keyArn,
                "--identity",
                "registry.example/clockmirror",
                "--out",
                dir.resolve("attachments").toString()))
        .as(err.toString(StandardCharsets.UTF_8))
        .isZero();
    assertThat(run(env, registryArgs("verify", "--key-id", "alias/clockmirror-image-signing")))
        .isEqualTo(1);
    List<String> calls = Files.readAllLines(dir.resolve("aws.log"));
    assertThat(calls).hasSize(3);
    assertThat(calls.get(0))
        .startsWith("kms sign --key-id " + keyArn)
        .contains(" --region us-east-1 ");
    assertThat(calls.get(1))
        .isEqualTo("kms get-public-key --key-id " + keyArn + " --region us-east-1 --output json");
    // A bare alias is asked in the command's own region.
    assertThat(calls.get(2))
        .isEqualTo("kms get-public-key --key-id alias/clockmirror-image-signing --output json");

    assertThat(EcrTokens.region("222233334444.dkr.ecr.eu-central-1.amazonaws.com"))
        .contains("eu-central-1");
    assertThat(EcrTokens.region("222233334444.dkr.ecr.cn-north-1.amazonaws.com.cn"))
        .contains("cn-north-1");
    assertThat(EcrTokens.region("localhost")).isEmpty();
    assertThat(KmsKeys.region("alias/clockmirror-image-signing")).isEmpty();
  }

  @Test
  void fetchSbomNeedsASignatureThatNamesOne() throws Exception {
    BadSignatures.signed(key, image.digest()).addTo(registry, REPO, image.digest());
    Path publicKey = key.writePublicKey(dir.resolve("public.pem"));
    assertThat(fetchSbom(publicKey)).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .isEqualTo("the signature names no bill of materials\n");
  }

  @Test
  void usageErrorsExitTwo() throws Exception {
    Map<String, String> env = env();
    assertThat(run(env)).isEqualTo(2);
    assertThat(run(env, "launch")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .isEqualTo("launch: unknown command 'launch'\n");
    assertThat(run(env, "verify", "--registry")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("--registry needs a value");
    assertThat(run(env, "verify", "--color", "red")).isEqualTo(2);
    assertThat(run(env, "push", "--layout", "a", "--layout", "b")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("--layout is given twice");
    assertThat(run(env, registryArgs("verify"))).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("give exactly one of --public-key and --key-id");
    assertThat(run(env, registryArgs("verify", "--key-id", "k", "--auth", "token"))).isEqualTo(2);
    assertThat(
            run(
                env,
                "verify",
                "--registry",
                registry.url().toString(),
                "--digest",
                image.digest().toString(),
                "--key-id",
                "k"))
        .isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("--repository is required");
  }

  private int sign(Map<String, String> env, String out) throws InterruptedException {
    return run(
        env,
        "sign",
        "--image-layout",
        dir.resolve("image").toString(),
        "--key-id",
        "k",
        "--identity",
        "r/a",
        "--out",
        dir.resolve(out).toString());
  }

  @Test
  void failsWithoutTheAwsCommandAndOnALayoutOfSeveralImages() throws Exception {
    Map<String, String> env = Map.of("PATH", dir.toString());
    image.writeLayout(dir.resolve("image"));
    assertThat(sign(env, "attachments")).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("no aws command on PATH");
    OciLayout.open(dir.resolve("image"))
        .addManifest(
            TestImages.image("second").manifest(), TestImages.image("second").manifestBytes());
    assertThat(sign(env, "again")).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("the image layout lists 2 manifests, not one");
  }
}
