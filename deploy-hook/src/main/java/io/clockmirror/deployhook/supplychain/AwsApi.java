package io.clockmirror.deployhook.supplychain;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The three AWS API calls the Lambda gate makes, over HTTPS with Signature Version 4 and the JSON
 * 1.1 protocol, credentials and region from the function's environment (Lambda sets {@code
 * AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY}, {@code AWS_SESSION_TOKEN} and {@code
 * AWS_REGION}). {@code AWS_ENDPOINT_URL_ECS}, {@code _ECR} and {@code _KMS} override an endpoint,
 * as the AWS SDKs' service-specific endpoint variables do.
 */
final class AwsApi {

  /**
   * One container of a service revision, from DescribeServiceRevisions' {@code containerImages}.
   */
  record ContainerImage(String containerName, String image, String imageDigest) {}

  private record Service(String name, String signingName, String host, String targetPrefix) {}

  private static final Service ECS =
      new Service("ECS", "ecs", "ecs", "AmazonEC2ContainerServiceV20141113");
  private static final Service ECR =
      new Service("ECR", "ecr", "api.ecr", "AmazonEC2ContainerRegistry_V20150921");
  private static final Service KMS = new Service("KMS", "kms", "kms", "TrentService");
  private static final String JSON_1_1 = "application/x-amz-json-1.1";
  private static final int MAX_ANSWER_BYTES = 1024 * 1024;

  private final SigV4 signer;
  private final Map<String, String> env;
  private final Duration timeout;
  private final Supplier<ZonedDateTime> clock;
  private final HttpClient http;

  AwsApi(Map<String, String> env, Duration timeout, Supplier<ZonedDateTime> clock) {
    this.signer =
        new SigV4(
            env.get("AWS_ACCESS_KEY_ID"),
            env.get("AWS_SECRET_ACCESS_KEY"),
            env.get("AWS_SESSION_TOKEN"),
            env.get("AWS_REGION"));
    this.env = Map.copyOf(env);
    this.timeout = timeout;
    this.clock = clock;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(timeout)
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  /**
   * <a
   * href="https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DescribeServiceRevisions.html">DescribeServiceRevisions</a>:
   * the container images of one revision, with the digests ECS resolved.
   */
  List<ContainerImage> containerImages(String serviceRevisionArn)
      throws IOException, InterruptedException {
    Map<?, ?> answer =
        call(
            ECS,
            "DescribeServiceRevisions",
            Map.of("serviceRevisionArns", List.of(serviceRevisionArn)));
    List<?> failures = answer.get("failures") instanceof List<?> list ? list : List.of();
    if (!failures.isEmpty() && failures.getFirst() instanceof Map<?, ?> failure) {
      throw new IOException(
          "ECS could not describe "
              + serviceRevisionArn
              + ": "
              + failure.get("reason")
              + " "
              + failure.get("detail"));
    }
    List<?> revisions = Json.list(answer, "serviceRevisions");
    if (revisions.size() != 1 || !(revisions.getFirst() instanceof Map<?, ?> revision)) {
      throw new IOException(
          "ECS answered " + revisions.size() + " revisions for " + serviceRevisionArn);
    }
    return Json.list(revision, "containerImages").stream()
        .map(
            entry -> {
              Map<?, ?> image = (Map<?, ?>) entry;
              return new ContainerImage(
                  Json.string(image, "containerName"),
                  Json.string(image, "image"),
                  image.get("imageDigest") instanceof String digest ? digest : null);
            })
        .toList();
  }

  /**
   * <a
   * href="https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_GetAuthorizationToken.html">GetAuthorizationToken</a>:
   * the Authorization header for the account's registry.
   */
  String ecrAuthorization() throws IOException, InterruptedException {
    return EcrTokens.authorization(call(ECR, "GetAuthorizationToken", Map.of()));
  }

  /**
   * <a
   * href="https://docs.aws.amazon.com/kms/latest/APIReference/API_GetPublicKey.html">GetPublicKey</a>:
   * the public half of the signing key, accepted only as ECC_NIST_P256 for ECDSA_SHA_256. A key (or
   * alias) ARN is asked in the region it names: the pipeline's key may live in another region than
   * the service.
   */
  SigningKey publicKey(String keyId) throws IOException, InterruptedException {
    SigV4 inKeyRegion = signer;
    Optional<String> region = KmsKeys.region(keyId);
    if (region.isPresent() && !region.get().equals(signer.region())) {
      inKeyRegion =
          new SigV4(
              signer.accessKeyId(), signer.secretAccessKey(), signer.sessionToken(), region.get());
    }
    return KmsKeys.signingKey(
        call(KMS, "GetPublicKey", Map.of("KeyId", keyId), inKeyRegion), keyId);
  }

  private Map<?, ?> call(Service service, String operation, Map<String, Object> request)
      throws IOException, InterruptedException {
    return call(service, operation, request, signer);
  }

  private Map<?, ?> call(
      Service service, String operation, Map<String, Object> request, SigV4 signer)
      throws IOException, InterruptedException {
    URI endpoint =
        URI.create(
            env.getOrDefault(
                "AWS_ENDPOINT_URL_" + service.name(),
                "https://" + service.host() + "." + signer.region() + ".amazonaws.com"));
    byte[] body = Json.write(request);
    String target = service.targetPrefix() + "." + operation;
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("host", endpoint.getRawAuthority());
    headers.put("content-type", JSON_1_1);
    headers.put("x-amz-target", target);
    Map<String, String> auth =
        signer.sign("POST", "/", "", headers, body, service.signingName(), clock.get());
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(endpoint.resolve("/"))
            .timeout(timeout)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .header("Content-Type", JSON_1_1)
            .header("X-Amz-Target", target);
    auth.forEach(builder::header);
    HttpResponse<byte[]> response =
        http.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
    byte[] answer = response.body();
    if (answer.length > MAX_ANSWER_BYTES) {
      throw new IOException(target + ": an answer of " + answer.length + " bytes");
    }
    if (response.statusCode() != 200) {
      String text = new String(answer, 0, Math.min(answer.length, 300), StandardCharsets.UTF_8);
      throw new IOException(
          target + ": HTTP " + response.statusCode() + " " + text.replaceAll("\\p{Cntrl}+", " "));
    }
    return Json.object(answer, "the answer of " + target);
  }
}
