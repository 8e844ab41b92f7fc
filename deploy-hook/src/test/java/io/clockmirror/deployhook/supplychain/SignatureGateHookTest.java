package io.clockmirror.deployhook.supplychain;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Lambda gate with ECS, ECR and KMS faked (documented shapes) and an in-memory registry. */
class SignatureGateHookTest {

  private static final String REPO = "clockmirror";
  private final TestKeys key = TestKeys.generate();
  private final TestImages.Image image = TestImages.image("hook");
  private final FakeAws aws;
  private final InMemoryRegistry registry;
  private final ByteArrayOutputStream log = new ByteArrayOutputStream();

  SignatureGateHookTest() throws IOException {
    aws = new FakeAws();
    aws.publicKey = key.pair().getPublic().getEncoded();
    registry = new InMemoryRegistry();
    registry.requiredAuthorization = FakeAws.ecrAuthorization();
    image.addTo(registry, REPO, "1.0.0");
    aws.containerImages =
        List.of(FakeAws.container("app", imageName(":1.0.0"), image.digest().toString()));
  }

  @AfterEach
  void stop() {
    aws.close();
    registry.close();
  }

  private String imageName(String suffix) {
    return registry.url().getRawAuthority() + "/" + REPO + suffix;
  }

  private Map<String, String> env() {
    Map<String, String> env = aws.lambdaEnv();
    env.put("SIGNING_KEY_ID", FakeAws.KEY_ARN);
    env.put("REGISTRY_URL", registry.url().toString());
    env.put("REPOSITORY", REPO);
    return env;
  }

  private String decide(Map<String, String> env, String event) {
    return new SignatureGateHook(env, new PrintStream(log, true, StandardCharsets.UTF_8))
        .decide(event.getBytes(StandardCharsets.UTF_8));
  }

  private String lastLine() {
    String[] lines = log.toString(StandardCharsets.UTF_8).strip().split("\n");
    return lines[lines.length - 1];
  }

  @Test
  void succeedsForASignedImageAndAnswersInEcsShape() throws IOException {
    BadSignatures.signed(key, image.digest()).addTo(registry, REPO, image.digest());
    ByteArrayOutputStream response = new ByteArrayOutputStream();
    new SignatureGateHook(env(), new PrintStream(log, true, StandardCharsets.UTF_8))
        .handleRequest(
            new ByteArrayInputStream(FakeAws.EVENT.getBytes(StandardCharsets.UTF_8)),
            response,
            null);
    assertThat(response.toString(StandardCharsets.UTF_8))
        .isEqualTo("{\"hookStatus\":\"SUCCEEDED\"}");
    assertThat(lastLine())
        .isEqualTo("hookStatus SUCCEEDED: every container image is signed by " + FakeAws.KEY_ARN);
    assertThat(log.toString(StandardCharsets.UTF_8))
        .contains("checking 1 container image(s) of " + FakeAws.REVISION)
        .contains("ok   app: " + REPO + "@" + image.digest() + " is signed by the signing key");
    assertThat(aws.calls)
        .extracting(call -> call.substring(0, call.indexOf(' ')))
        .containsExactly(
            "AmazonEC2ContainerServiceV20141113.DescribeServiceRevisions",
            "TrentService.GetPublicKey",
            "AmazonEC2ContainerRegistry_V20150921.GetAuthorizationToken");
  }

  @Test
  void asksKmsInTheRegionTheKeyArnNamesAndEverythingElseInItsOwn() {
    BadSignatures.signed(key, image.digest()).addTo(registry, REPO, image.digest());
    Map<String, String> env = env();
    // The pipeline's key, by its alias, in another region than the service's.
    env.put("SIGNING_KEY_ID", "arn:aws:kms:us-east-1:111122223333:alias/clockmirror-image-signing");
    assertThat(decide(env, FakeAws.EVENT)).isEqualTo(SignatureGateHook.SUCCEEDED);
    assertThat(aws.scopes).containsExactly("ecs eu-west-1", "kms us-east-1", "ecr eu-west-1");
  }

  @Test
  void failsForAnUnsignedImage() {
    assertThat(decide(env(), FakeAws.EVENT)).isEqualTo(SignatureGateHook.FAILED);
    assertThat(lastLine())
        .isEqualTo(
            "hookStatus FAILED: container app: " + BadSignatures.unsigned(REPO, image.digest()));
  }

  @Test
  void failsForASignatureByAnotherKey() {
    BadSignatures.signed(TestKeys.generate(), image.digest()).addTo(registry, REPO, image.digest());
    assertThat(decide(env(), FakeAws.EVENT)).isEqualTo(SignatureGateHook.FAILED);
    assertThat(lastLine()).contains("not a signature by the signing key");
  }

  @Test
  void failsWhenOneOfSeveralContainersIsNotFromTheRepository() {
    BadSignatures.signed(key, image.digest()).addTo(registry, REPO, image.digest());
    aws.containerImages =
        List.of(
            FakeAws.container("app", imageName(":1.0.0"), image.digest().toString()),
            FakeAws.container(
                "sidecar",
                "public.ecr.aws/aws-observability/aws-for-fluent-bit:stable",
                image.digest().toString()));
    assertThat(decide(env(), FakeAws.EVENT)).isEqualTo(SignatureGateHook.FAILED);
    assertThat(lastLine())
        .isEqualTo(
            "hookStatus FAILED: container sidecar: image public.ecr.aws/aws-observability/aws-for-fluent-bit:stable is not from "
                + imageName(""));
    aws.containerImages =
        List.of(FakeAws.container("app", imageName("-other:1.0.0"), image.digest().toString()));
    decide(env(), FakeAws.EVENT);
    assertThat(lastLine()).contains("is not from " + imageName(""));
  }

  @Test
  void resolvesATagEcsHasNotResolvedYetInTheRegistry() {
    aws.containerImages = List.of(FakeAws.container("app", imageName(":1.0.0"), null));
    assertThat(decide(env(), FakeAws.EVENT)).isEqualTo(SignatureGateHook.FAILED);
    assertThat(lastLine())
        .endsWith(
            "tag 1.0.0 is " + image.digest() + "; " + BadSignatures.unsigned(REPO, image.digest()));
    BadSignatures.signed(key, image.digest()).addTo(registry, REPO, image.digest());
    assertThat(decide(env(), FakeAws.EVENT)).isEqualTo(SignatureGateHook.SUCCEEDED);
    assertThat(log.toString(StandardCharsets.UTF_8))
        .contains("ok   app: tag 1.0.0 is " + image.digest() + "; " + REPO + "@");
    aws.containerImages = List.of(FakeAws.container("app", imageName(":2.0.0"), null));
    assertThat(decide(env(), FakeAws.EVENT)).isEqualTo(SignatureGateHook.FAILED);
    assertThat(lastLine()).endsWith("container app: tag 2.0.0 is not in " + REPO);
  }

  @Test
  void takesTheDigestFromADigestReferenceAndRefusesAMismatch() {
    BadSignatures.signed(key, image.digest()).addTo(registry, REPO, image.digest());
    aws.containerImages = List.of(FakeAws.container("app", imageName("@" + image.digest()), null));
    assertThat(decide(env(), FakeAws.EVENT)).isEqualTo(SignatureGateHook.SUCCEEDED);
    Digest other = TestImages.image("other").digest();
    aws.containerImages =
        List.of(FakeAws.container("app", imageName("@" + image.digest()), other.toString()));
    assertThat(decide(env(), FakeAws.EVENT)).isEqualTo(SignatureGateHook.FAILED);
    assertThat(lastLine()).endsWith("names another digest than ECS resolved (" + other + ")");
    aws.containerImages = List.of(FakeAws.container("app", imageName(":1.0.0"), "md5:1"));
    decide(env(), FakeAws.EVENT);
    assertThat(lastLine()).contains("not a sha256 digest");
    aws.containerImages = List.of();
    decide(env(), FakeAws.EVENT);
    assertThat(lastLine()).endsWith("lists no container image");
    aws.containerImages = List.of("not an object");
    assertThat(decide(env(), FakeAws.EVENT)).isEqualTo(SignatureGateHook.FAILED);
    assertThat(lastLine())
        .startsWith("hookStatus FAILED: unexpected error: java.lang.ClassCastException");
  }

  @Test
  void failsWhenAwsRefusesOrTheKeyIsNotTheSigningKind() {
    aws.errors.put(
        "AmazonEC2ContainerServiceV20141113.DescribeServiceRevisions", "AccessDeniedException");
    assertThat(decide(env(), FakeAws.EVENT)).isEqualTo(SignatureGateHook.FAILED);
    assertThat(lastLine())
        .startsWith(
            "hookStatus FAILED: AWS: AmazonEC2ContainerServiceV20141113.DescribeServiceRevisions: HTTP 400")
        .contains("AccessDeniedException");
    aws.errors.clear();
    aws.keySpec = "RSA_2048";
    decide(env(), FakeAws.EVENT);
    assertThat(lastLine())
        .isEqualTo(
            "hookStatus FAILED: KMS key " + FakeAws.KEY_ARN + " is RSA_2048, not ECC_NIST_P256");
    Map<String, String> env = env();
    env.put("AWS_SECRET_ACCESS_KEY", "wrong");
    env.put("AWS_SESSION_TOKEN", "stale");
    decide(env, FakeAws.EVENT);
    assertThat(lastLine()).contains("HTTP 403").contains("UnrecognizedClientException");
  }

  @Test
  void failsForAnUnknownRevisionAndForEventsWithoutOne() {
    assertThat(decide(env(), FakeAws.EVENT.replace("7412963219541837405", "1")))
        .isEqualTo(SignatureGateHook.FAILED);
    assertThat(lastLine()).contains("ECS could not describe").contains("MISSING no such revision");
    decide(env(), "{\"lifecycleStage\":\"PRE_SCALE_UP\"}");
    assertThat(lastLine())
        .isEqualTo("hookStatus FAILED: the event names no targetServiceRevisionArn");
    decide(env(), "{\"targetServiceRevisionArn\":\"" + FakeAws.REVISION + "\"}");
    assertThat(lastLine()).contains("unsigned");
    decide(env(), "not json");
    assertThat(lastLine()).startsWith("hookStatus FAILED: the event is not JSON");
  }

  @Test
  void failsWithoutConfigurationOrCredentials() {
    for (String variable : List.of("SIGNING_KEY_ID", "REGISTRY_URL", "REPOSITORY")) {
      Map<String, String> env = env();
      env.remove(variable);
      assertThat(decide(env, FakeAws.EVENT)).isEqualTo(SignatureGateHook.FAILED);
      assertThat(lastLine()).isEqualTo("hookStatus FAILED: " + variable + " is not set");
    }
    Map<String, String> env = env();
    env.put("REGISTRY_AUTH", "basic");
    decide(env, FakeAws.EVENT);
    assertThat(lastLine()).endsWith("REGISTRY_AUTH is ecr or none, not 'basic'");
    env = env();
    env.remove("AWS_ACCESS_KEY_ID");
    decide(env, FakeAws.EVENT);
    assertThat(lastLine())
        .startsWith(
            "hookStatus FAILED: no AWS credentials (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY)");
    env = env();
    env.put("REGISTRY_AUTH", "none");
    decide(env, FakeAws.EVENT);
    assertThat(lastLine()).as("the registry wants ECR's token").contains("HTTP 401");
  }
}
