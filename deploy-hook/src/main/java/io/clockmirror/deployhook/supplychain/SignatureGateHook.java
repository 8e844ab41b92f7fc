package io.clockmirror.deployhook.supplychain;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;

/**
 * The ECS lifecycle hook that lets only signed images start (Lambda handler {@code
 * io.clockmirror.deployhook.supplychain.SignatureGateHook::handleRequest}, stage {@code
 * PRE_SCALE_UP}: the new revision has no task yet). It reads the revision from the event ({@code
 * executionDetails.targetServiceRevisionArn}), asks ECS for the revision's container images with
 * the digests ECS resolved (DescribeServiceRevisions; a tag ECS has not resolved yet is resolved in
 * the registry, whose tags are immutable), and answers {@code {"hookStatus":"SUCCEEDED"}} only when
 * every one of them comes from the configured repository and carries a valid signature by the KMS
 * signing key. Anything else, including any error, is {@code FAILED} (ECS rolls back) with the
 * reason as the last log line.
 */
public final class SignatureGateHook implements RequestStreamHandler {

  static final String SUCCEEDED = "SUCCEEDED";
  static final String FAILED = "FAILED";
  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  private final Map<String, String> env;
  private final PrintStream log;

  /**
   * The constructor Lambda calls: configuration and credentials from the function's environment.
   */
  public SignatureGateHook() {
    this(System.getenv(), System.out);
  }

  SignatureGateHook(Map<String, String> env, PrintStream log) {
    this.env = Map.copyOf(env);
    this.log = log;
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context)
      throws IOException {
    String status = decide(input.readAllBytes());
    output.write(Json.write(Map.of("hookStatus", status)));
    output.flush();
  }

  /** The hook status for one event; SUCCEEDED only when every image was found signed. */
  String decide(byte[] event) {
    Verdict verdict;
    try {
      verdict = check(event);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      verdict = Verdict.fail("interrupted");
    } catch (IOException e) {
      verdict = Verdict.fail("AWS: " + Json.firstLine(e.getMessage()));
    } catch (IllegalArgumentException e) {
      // Missing credentials, an AWS answer without a field it documents, a key of another kind.
      verdict = Verdict.fail(e.getMessage());
    } catch (RuntimeException e) {
      verdict = Verdict.fail("unexpected error: " + e);
    }
    String status = verdict.passed() ? SUCCEEDED : FAILED;
    log.println(("hookStatus " + status + ": " + verdict.reason()).replaceAll("\\p{Cntrl}+", " "));
    return status;
  }

  private Verdict check(byte[] event) throws IOException, InterruptedException {
    String revision;
    GateSettings settings;
    try {
      revision = revisionArn(event);
      settings = GateSettings.fromEnv(env);
    } catch (IllegalArgumentException e) {
      return Verdict.fail(e.getMessage());
    }
    AwsApi aws = new AwsApi(env, TIMEOUT, ZonedDateTime::now);
    List<AwsApi.ContainerImage> images = aws.containerImages(revision);
    log.println("checking " + images.size() + " container image(s) of " + revision);
    if (images.isEmpty()) {
      return Verdict.fail("the revision " + revision + " lists no container image");
    }
    SigningKey key = aws.publicKey(settings.signingKeyId());
    Registry registry =
        new Registry(
            settings.registry(), settings.ecrAuth() ? aws.ecrAuthorization() : null, TIMEOUT);
    SignatureGate gate = new SignatureGate(registry, key);
    for (AwsApi.ContainerImage image : images) {
      Verdict verdict = checkImage(gate, settings, image);
      log.println(
          (verdict.passed() ? "ok   " : "FAIL ") + image.containerName() + ": " + verdict.reason());
      if (!verdict.passed()) {
        return Verdict.fail("container " + image.containerName() + ": " + verdict.reason());
      }
    }
    return Verdict.pass("every container image is signed by " + settings.signingKeyId(), Map.of());
  }

  private static Verdict checkImage(
      SignatureGate gate, GateSettings settings, AwsApi.ContainerImage image) {
    String prefix = settings.imagePrefix();
    String reference = image.image();
    if (!reference.startsWith(prefix)
        || reference.length() == prefix.length()
        || (reference.charAt(prefix.length()) != ':' && reference.charAt(prefix.length()) != '@')) {
      return Verdict.fail("image " + reference + " is not from " + prefix);
    }
    String digest = image.imageDigest();
    int at = reference.indexOf('@');
    if (digest == null && at > 0) {
      digest = reference.substring(at + 1);
    }
    if (digest == null) {
      // Before the revision's first task ECS may not have resolved the tag yet.
      return gate.checkTag(settings.repository(), reference.substring(prefix.length() + 1));
    }
    Digest resolved;
    try {
      resolved = Digest.parse(digest);
    } catch (IllegalArgumentException e) {
      return Verdict.fail("image digest of " + reference + ": " + e.getMessage());
    }
    if (at > 0 && !reference.substring(at + 1).equals(resolved.toString())) {
      return Verdict.fail(reference + " names another digest than ECS resolved (" + resolved + ")");
    }
    return gate.check(settings.repository(), resolved);
  }

  /** The new revision: under {@code executionDetails}, where ECS's lifecycle payloads put it. */
  static String revisionArn(byte[] event) {
    Map<?, ?> fields = Json.object(event, "the event");
    Object details = fields.get("executionDetails");
    Object arn =
        details instanceof Map<?, ?> execution && execution.containsKey("targetServiceRevisionArn")
            ? execution.get("targetServiceRevisionArn")
            : fields.get("targetServiceRevisionArn");
    if (arn instanceof String text && text.startsWith("arn:")) {
      return text;
    }
    throw new IllegalArgumentException("the event names no targetServiceRevisionArn");
  }
}
