package io.clockmirror.infra;

import static org.assertj.core.api.Assertions.assertThat;

import io.clockmirror.infra.ScriptProcess.Run;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code buildspec/publish-image.sh}, as the pipeline and the deploy docs run it: only a tag that
 * belongs to one commit is pushed, so no two publications can want the same tag in the immutable
 * repository, and the digest is checked equal to the built one in the layout, before and after
 * every push. The pipeline's credentials are those of account 111111111111 and the repository is in
 * 222222222222, as with environments in separate accounts: {@code aws} answers as ECR does for such
 * credentials, and {@code skopeo} serves a registry kept in files, so what only ECR can show is
 * checked here; {@code buildspec/registry-check.sh} runs the same script with the real skopeo
 * against a real registry.
 */
class PublishImageScriptTest {

  private static final String REGISTRY = "222222222222.dkr.ecr.eu-west-1.amazonaws.com";
  private static final String REPOSITORY = REGISTRY + "/dev-clockmirror";
  private static final String PIPELINE_REGISTRY = "111111111111.dkr.ecr.eu-west-1.amazonaws.com";
  private static final String TOKEN = "token-of-111111111111";
  private static final String COMMIT = ImageTagScriptTest.COMMIT;

  @TempDir Path fakes;
  private Path registry;
  private Path pushes;
  private Path awsCalls;
  private Path artifact;
  private Path layout;
  private String digest;

  @BeforeEach
  void installFakes() throws IOException {
    registry = fakes.resolve("registry");
    pushes = fakes.resolve("pushes");
    awsCalls = fakes.resolve("aws-calls");
    Files.createDirectories(registry.resolve(REPOSITORY));
    Files.writeString(pushes, "");
    Files.writeString(awsCalls, "");
    // ECR as credentials of 111111111111 see it; the repository is in 222222222222.
    ScriptProcess.executable(
        fakes.resolve("aws"),
        """
        #!/usr/bin/env bash
        echo "$*" >> "$FAKE_AWS_CALLS"
        [[ "$1" == ecr ]] || { echo "unexpected aws $*" >&2; exit 99; }
        operation="$2" registry=111111111111 region="" repository=""
        shift 2
        while [[ $# -gt 0 ]]; do
          case "$1" in
            --registry-id) registry="$2"; shift ;;
            --region) region="$2"; shift ;;
            --repository-name) repository="$2"; shift ;;
          esac
          shift
        done
        [[ -z "$region" || "$region" == eu-west-1 ]] || { echo "no repository in $region" >&2; exit 96; }
        if [[ "$operation" == get-login-password ]]; then
          # https://awscli.amazonaws.com/v2/documentation/api/latest/reference/ecr/get-login-password.html
          # Output: the password alone. GetAuthorizationToken takes no registry: the token is valid
          # for every registry the caller may use
          # (https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_GetAuthorizationToken.html).
          echo "token-of-111111111111"
          exit 0
        fi
        if [[ "$registry" != 222222222222 ]]; then
          # Without --registry-id ECR "assumes the default registry", the caller's own; there the
          # repository does not exist. Error RepositoryNotFoundException of every repository
          # operation, e.g. https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_DescribeImages.html#API_DescribeImages_Errors,
          # printed as the CLI prints a service error, with exit code 254
          # (https://docs.aws.amazon.com/cli/latest/userguide/cli-usage-returncodes.html).
          name="$(sed -E 's/(^|-)([a-z])/\\U\\2/g' <<<"$operation")"
          echo "" >&2
          echo "An error occurred (RepositoryNotFoundException) when calling the $name operation: The repository with name '$repository' does not exist in the registry with id '$registry'" >&2
          exit 254
        fi
        echo "unexpected aws ecr $operation: give the fake its documented answer" >&2
        exit 99
        """);
    // skopeo against a registry kept in $FAKE_REGISTRY: the directory <host>/<repository> is a
    // repository, the file <host>/<repository>/<tag> the manifest bytes the tag serves. Errors are
    // one line, the shape skopeo 1.9.3 prints (buildspec/registry-check.sh sees it), with the
    // registry's error codes: MANIFEST_UNKNOWN, and ECR's NAME_UNKNOWN text for a repository it
    // does not have (aws-actions/amazon-ecr-login#166).
    ScriptProcess.executable(
        fakes.resolve("skopeo"),
        """
        #!/usr/bin/env bash
        fail() { printf 'time="2026-01-01T00:00:00Z" level=fatal msg="%s"\\n' "$1" >&2; exit 1; }
        command="$1" tls="" password="" args=()
        shift
        while [[ $# -gt 0 ]]; do
          case "$1" in
            --tls-verify=* | --dest-tls-verify=*) tls="${1#*=}" ;;
            --raw | --preserve-digests) ;;
            --username) [[ "$2" == AWS ]] || exit 98; shift ;;
            --password-stdin) password="$(cat)" ;;
            -*) echo "unexpected skopeo option $1" >&2; exit 99 ;;
            *) args+=("$1") ;;
          esac
          shift
        done
        if [[ "$command" == login ]]; then
          [[ -n "$password" && ${#args[@]} -eq 1 ]] || fail "login needs a password and a registry"
          echo "${args[0]} $password" >> "$FAKE_REGISTRY/logins"
          echo "Login Succeeded!"
          exit 0
        fi
        [[ "$tls" == true ]] || { echo "skopeo $command without TLS verification" >&2; exit 97; }
        reference="${args[-1]#docker://}"
        host="${reference%%/*}" path="${reference#*/}"
        repository="${path%:*}" tag="${path##*:}"
        grep -qx "$host token-of-[0-9]*" "$FAKE_REGISTRY/logins" 2>/dev/null \\
          || fail "reading manifest $tag in $host/$repository: unauthorized: authentication required"
        [[ -d "$FAKE_REGISTRY/$host/$repository" ]] \\
          || fail "Error parsing image name \\\\\\"${args[-1]}\\\\\\": reading manifest $tag in $host/$repository: name unknown: The repository with name '$repository' does not exist in the registry with id '${host%%.*}'"
        case "$command" in
          inspect)
            [[ -f "$FAKE_REGISTRY/$host/$repository/$tag" ]] \\
              || fail "Error parsing image name \\\\\\"${args[-1]}\\\\\\": reading manifest $tag in $host/$repository: manifest unknown: manifest unknown"
            cat "$FAKE_REGISTRY/$host/$repository/$tag" ;;
          copy)
            [[ ${#args[@]} -eq 2 && "${args[0]}" == oci:* ]] || { echo "unexpected copy ${args[*]}" >&2; exit 99; }
            layout="${args[0]#oci:}"
            blob="$(jq -r '.manifests[0].digest' "$layout/index.json")"
            if [[ -n "${FAKE_REGISTRY_STORES:-}" ]]; then
              printf '%s' "$FAKE_REGISTRY_STORES" > "$FAKE_REGISTRY/$host/$repository/$tag"
            else
              cp "$layout/blobs/sha256/${blob#sha256:}" "$FAKE_REGISTRY/$host/$repository/$tag"
            fi
            echo "$tag" >> "$FAKE_PUSHES" ;;
          *) echo "unexpected skopeo $command" >&2; exit 99 ;;
        esac
        """);
    artifact = fakes.resolve("Image");
    layout = artifact.resolve("image");
    digest = writeLayout(layout, "{\"schemaVersion\":2}");
  }

  /** A minimal image layout: one manifest blob and the index naming it; returns its digest. */
  static String writeLayout(Path layout, String manifest) throws IOException {
    byte[] bytes = manifest.getBytes(StandardCharsets.UTF_8);
    String hex = sha256(bytes);
    Files.createDirectories(layout.resolve("blobs/sha256"));
    Files.write(layout.resolve("blobs/sha256/" + hex), bytes);
    Files.writeString(
        layout.resolve("index.json"),
        "{\"schemaVersion\":2,\"manifests\":[{\"digest\":\"sha256:" + hex + "\"}]}");
    return "sha256:" + hex;
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void deployEcrLogsInAndPushesToTheEnvironmentsAccountWithThePipelinesCredentials()
      throws Exception {
    Run run = deployEcr(List.of());
    assertThat(run.exitCode()).as(run.stderr()).isZero();
    assertThat(run.stdout()).contains(REPOSITORY + ":" + version() + "-abc1234@" + digest);
    // The token of the pipeline's account logs in to the registry the repository URI names.
    assertThat(Files.readAllLines(registry.resolve("logins")))
        .containsExactly(REGISTRY + " " + TOKEN);
    assertThat(Files.readAllLines(awsCalls))
        .containsExactly("ecr get-login-password --region eu-west-1");
    assertThat(Files.readAllLines(pushes)).containsExactly(version() + "-abc1234");
    assertThat(served(version() + "-abc1234")).isEqualTo(digest);
  }

  @Test
  void anEcrCallThatNamesNoRegistryStopsDeployEcrInTwoAccounts() throws Exception {
    // What publish-image.sh once did before pushing: ECR reads the pipeline's own registry.
    Run run =
        deployEcr(
            List.of(
                "aws ecr describe-images --region eu-west-1 --repository-name dev-clockmirror"
                    + " --image-ids imageTag=\"$IMAGE_TAG\""));
    assertThat(run.exitCode()).isEqualTo(254);
    assertThat(run.stderr())
        .contains("(RepositoryNotFoundException) when calling the DescribeImages operation")
        .contains("in the registry with id '111111111111'");
    assertThat(Files.readAllLines(pushes)).isEmpty();
  }

  @Test
  void aPipelineRunPushesOnlyItsCommitsOwnTagAndTheRegistryHoldsTheBuiltDigest() throws Exception {
    loggedIn();
    Run run = publish(version() + "-abc1234");
    assertThat(run.exitCode()).as(run.stderr()).isZero();
    assertThat(Files.readAllLines(pushes)).containsExactly(version() + "-abc1234");
    assertThat(served(version() + "-abc1234")).isEqualTo(digest);
    assertThat(run.stdout()).contains(REPOSITORY + ":" + version() + "-abc1234@" + digest);
    assertThat(Files.readString(awsCalls)).as("no ECR API call").isEmpty();
  }

  @Test
  void aPushTheRegistryStoresUnderAnotherDigestFailsTheRun() throws Exception {
    loggedIn();
    Run run =
        publish(version() + "-abc1234", Map.of("FAKE_REGISTRY_STORES", "{\"schemaVersion\":3}"));
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.stderr())
        .contains("serves " + version() + "-abc1234 as 'sha256:")
        .contains("after the push, not " + digest);
  }

  @Test
  void aLayoutThatIsNotTheBuiltImageIsNeverPushed() throws Exception {
    loggedIn();
    String other = writeLayout(fakes.resolve("other"), "{\"schemaVersion\":2,\"other\":1}");
    Run run =
        run(
            List.of(
                "bash",
                "buildspec/publish-image.sh",
                fakes.resolve("other").toString(),
                REPOSITORY,
                version() + "-abc1234",
                digest),
            Map.of());
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.stderr()).contains("holds " + other).contains("not the image " + digest);
    // A manifest changed after the index was written is caught by its bytes.
    Files.writeString(layout.resolve("blobs/sha256/" + digest.substring("sha256:".length())), "{}");
    Run tampered = publish(version() + "-abc1234");
    assertThat(tampered.exitCode()).isEqualTo(1);
    assertThat(tampered.stderr())
        .contains("(manifest bytes sha256:" + sha256("{}".getBytes(StandardCharsets.UTF_8)));
    assertThat(Files.readAllLines(pushes)).isEmpty();
  }

  @Test
  void aTagTheRepositoryHoldsForAnotherDigestIsRefused() throws Exception {
    loggedIn();
    Files.writeString(registry.resolve(REPOSITORY + "/" + version() + "-abc1234"), "{}");
    Run run = publish(version() + "-abc1234");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.stderr())
        .contains(
            "already holds "
                + version()
                + "-abc1234 as sha256:"
                + sha256("{}".getBytes(StandardCharsets.UTF_8)))
        .contains("refusing");
    assertThat(Files.readAllLines(pushes)).isEmpty();
  }

  @Test
  void theDocumentedManualFirstDeployDoesNotStopThePipelineRunOfTheSameCommit() throws Exception {
    loggedIn();
    // docs/deploy.md: the first image by hand, with the tag buildspec/image-tag.sh --manual
    // makes ...
    Run manualTag = run(List.of("bash", "buildspec/image-tag.sh", "--manual", COMMIT));
    Run manual = publish(manualTag.stdout().trim());
    assertThat(manual.exitCode()).as(manual.stderr()).isZero();
    // ... then the pipeline's first run, DockerBuild's tag for the same commit.
    Run pipelineTag = run(List.of("bash", "buildspec/image-tag.sh", COMMIT));
    Run pipeline = publish(pipelineTag.stdout().trim());
    assertThat(pipeline.exitCode()).as(pipeline.stderr()).isZero();
    assertThat(Files.readAllLines(pushes))
        .containsExactly(manualTag.stdout().trim(), version() + "-abc1234");
  }

  @Test
  void aFixCommitAfterARunThatFailedLaterPublishesTheSameVersion() throws Exception {
    loggedIn();
    // The failed run's commit got through DeployECR; the version itself was never burnt.
    Files.writeString(registry.resolve(REPOSITORY + "/" + version()), "{\"old\":1}");
    Files.writeString(registry.resolve(REPOSITORY + "/" + version() + "-0ld0ld0"), "{\"old\":1}");
    Run run = publish(version() + "-def5678");
    assertThat(run.exitCode()).as(run.stderr()).isZero();
    assertThat(Files.readAllLines(pushes)).containsExactly(version() + "-def5678");
  }

  @Test
  void aTagThatCouldBeAnotherCommitsIsRefusedBeforeAnythingIsPushed() throws Exception {
    loggedIn();
    for (String tag : List.of(version(), version() + "-latest", "9.9.9-abc1234", "abc1234")) {
      Run run = publish(tag);
      assertThat(run.exitCode()).as(tag).isEqualTo(2);
      assertThat(run.stderr()).as(tag).contains("buildspec/image-tag.sh");
    }
    assertThat(Files.readAllLines(pushes)).isEmpty();
  }

  @Test
  void aRetriedRunOfTheSameCommitPushesNothingAgain() throws Exception {
    loggedIn();
    Files.copy(
        layout.resolve("blobs/sha256/" + digest.substring("sha256:".length())),
        registry.resolve(REPOSITORY + "/" + version() + "-abc1234"));
    Run run = publish(version() + "-abc1234");
    assertThat(run.exitCode()).as(run.stderr()).isZero();
    assertThat(run.stdout()).contains("already in dev-clockmirror as " + digest);
    assertThat(Files.readAllLines(pushes)).isEmpty();
  }

  @Test
  void aRepositoryTheRegistryDoesNotHaveFailsWithOneClearLine() throws Exception {
    // The URI of the pipeline's own registry: the repository lives in the other account.
    Files.writeString(registry.resolve("logins"), PIPELINE_REGISTRY + " " + TOKEN + "\n");
    Run run =
        run(
            List.of(
                "bash",
                "buildspec/publish-image.sh",
                layout.toString(),
                PIPELINE_REGISTRY + "/dev-clockmirror",
                version() + "-abc1234",
                digest),
            Map.of());
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.stderr().lines())
        .singleElement()
        .asString()
        .startsWith(
            "publish-image: the registry "
                + PIPELINE_REGISTRY
                + " has no repository dev-clockmirror")
        .contains("the URI must name the environment's account and region")
        .contains("in the registry with id '111111111111'");
    assertThat(Files.readAllLines(pushes)).isEmpty();
  }

  @Test
  void withoutALoginThePublicationFailsAndSaysHowToLogIn() throws Exception {
    Run run = publish(version() + "-abc1234");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.stderr())
        .contains("publish-image: " + REGISTRY + " refuses to show dev-clockmirror: log in first")
        .contains("unauthorized: authentication required");
    assertThat(Files.readAllLines(pushes)).isEmpty();
  }

  @Test
  void plainHttpIsOnlyForARegistryOnThisMachine() throws Exception {
    loggedIn();
    Run run = publish(version() + "-abc1234", Map.of("PUBLISH_TLS_VERIFY", "false"));
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.stderr())
        .contains(
            "PUBLISH_TLS_VERIFY=false is only for a registry on this machine, not " + REGISTRY);
    Run unknown = publish(version() + "-abc1234", Map.of("PUBLISH_TLS_VERIFY", "no"));
    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(Files.readAllLines(pushes)).isEmpty();
  }

  /** DeployECR's login and publish commands, after {@code before}, as its build phase runs them. */
  private Run deployEcr(List<String> before) throws Exception {
    List<String> commands = Buildspecs.commandTexts("deploy-ecr");
    String login =
        commands.stream().filter(c -> c.contains("skopeo login")).findFirst().orElseThrow();
    String publish =
        commands.stream()
            .filter(c -> c.startsWith("buildspec/publish-image.sh "))
            .findFirst()
            .orElseThrow();
    String script =
        "set -euo pipefail\n"
            + before.stream().map(c -> c + "\n").collect(Collectors.joining())
            + login
            + "\n"
            + publish
            + "\n";
    return run(
        List.of("bash", "-c", script),
        Map.of(
            "REPOSITORY_URI",
            REPOSITORY,
            "IMAGE_TAG",
            version() + "-abc1234",
            "IMAGE_DIGEST",
            digest,
            "CODEBUILD_SRC_DIR_Image",
            artifact.toString()));
  }

  private void loggedIn() throws IOException {
    Files.writeString(registry.resolve("logins"), REGISTRY + " " + TOKEN + "\n");
  }

  /** The digest of the manifest bytes the fake registry serves for {@code tag}. */
  private String served(String tag) throws IOException {
    return "sha256:" + sha256(Files.readAllBytes(registry.resolve(REPOSITORY + "/" + tag)));
  }

  private String version() throws Exception {
    return ScriptProcess.projectVersion(fakes);
  }

  private Run publish(String tag) throws Exception {
    return publish(tag, Map.of());
  }

  private Run publish(String tag, Map<String, String> extraEnvironment) throws Exception {
    return run(
        List.of("bash", "buildspec/publish-image.sh", layout.toString(), REPOSITORY, tag, digest),
        extraEnvironment);
  }

  private Run run(List<String> command) throws Exception {
    return run(command, Map.of());
  }

  /** Runs {@code command} with the fakes first on the PATH and their files in its environment. */
  private Run run(List<String> command, Map<String, String> extraEnvironment) throws Exception {
    Map<String, String> environment = new HashMap<>();
    environment.put("PATH", fakes + ":" + System.getenv("PATH"));
    environment.put("FAKE_REGISTRY", registry.toString());
    environment.put("FAKE_PUSHES", pushes.toString());
    environment.put("FAKE_AWS_CALLS", awsCalls.toString());
    environment.putAll(extraEnvironment);
    return ScriptProcess.run(fakes, command, environment);
  }
}
