package io.clockmirror.deployhook.supplychain;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ECS, ECR and KMS as the Lambda gate calls them (JSON 1.1 over POST, the operation in {@code
 * X-Amz-Target}), answering in the shapes of the API references cited on each answer. It accepts
 * only requests that carry a Signature Version 4 Authorization header for the right service and
 * region; the signature itself is checked against AWS's published example in SigV4Test.
 */
final class FakeAws implements AutoCloseable {

  static final String REGION = "eu-west-1";
  static final String ACCESS_KEY = "AKIDFAKEGATE";
  static final String KEY_ARN =
      "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
  static final String ECR_PASSWORD = "ecr-password";
  static final String REVISION =
      "arn:aws:ecs:eu-west-1:111122223333:service-revision/clockmirror/prod-clockmirror/7412963219541837405";

  /** A PRE_SCALE_UP event in the shape of ECS's lifecycle payloads. */
  static final String EVENT =
      """
      {
        "executionId": "arn:aws:ecs:eu-west-1:111122223333:service-deployment/clockmirror/prod-clockmirror/abc",
        "lifecycleStage": "PRE_SCALE_UP",
        "resourceArn": "arn:aws:ecs:eu-west-1:111122223333:service-deployment/clockmirror/prod-clockmirror/abc",
        "executionDetails": {
          "serviceArn": "arn:aws:ecs:eu-west-1:111122223333:service/clockmirror/prod-clockmirror",
          "targetServiceRevisionArn": "%s",
          "testTrafficWeights": {},
          "productionTrafficWeights": {}
        }
      }
      """
          .formatted(REVISION);

  private static final Pattern AUTHORIZATION =
      Pattern.compile(
          "AWS4-HMAC-SHA256 Credential="
              + ACCESS_KEY
              + "/\\d{8}/([a-z0-9-]+)/(ecs|ecr|kms)/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-security-token;x-amz-target, Signature=[0-9a-f]{64}");

  final List<String> calls = new ArrayList<>();

  /** The service and region each call was signed for, e.g. {@code kms us-east-1}. */
  final List<String> scopes = new ArrayList<>();

  final Map<String, String> errors = new HashMap<>();
  volatile List<?> containerImages = List.of();
  volatile byte[] publicKey;
  volatile String keySpec = "ECC_NIST_P256";
  private final HttpServer server;

  FakeAws() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** The function's environment as Lambda sets it, with every endpoint pointed here. */
  Map<String, String> lambdaEnv() {
    Map<String, String> env = new HashMap<>();
    env.put("AWS_ACCESS_KEY_ID", ACCESS_KEY);
    env.put("AWS_SECRET_ACCESS_KEY", "secret");
    env.put("AWS_SESSION_TOKEN", "session");
    env.put("AWS_REGION", REGION);
    env.put("AWS_ENDPOINT_URL_ECS", url());
    env.put("AWS_ENDPOINT_URL_ECR", url());
    env.put("AWS_ENDPOINT_URL_KMS", url());
    return env;
  }

  static Map<String, Object> container(String name, String image, String digest) {
    Map<String, Object> container = Json.ordered("containerName", name, "image", image);
    if (digest != null) {
      container.put("imageDigest", digest);
    }
    return container;
  }

  private synchronized void handle(HttpExchange exchange) throws IOException {
    String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
    String authorization = exchange.getRequestHeaders().getFirst("Authorization");
    Map<?, ?> request = Json.object(exchange.getRequestBody().readAllBytes(), "request");
    calls.add(target + " " + Json.write(request).length);
    Matcher signed = authorization == null ? null : AUTHORIZATION.matcher(authorization);
    if (signed != null && signed.matches()) {
      scopes.add(signed.group(2) + " " + signed.group(1));
    }
    if (signed == null
        || !signed.matches()
        || !"session".equals(exchange.getRequestHeaders().getFirst("X-Amz-Security-Token"))) {
      send(
          exchange,
          403,
          Json.ordered("__type", "UnrecognizedClientException", "message", "bad signature"));
      return;
    }
    if (errors.containsKey(target)) {
      send(
          exchange,
          400,
          Json.ordered("__type", errors.get(target), "message", "refused by the fake"));
      return;
    }
    switch (target) {
      // https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DescribeServiceRevisions.html
      case "AmazonEC2ContainerServiceV20141113.DescribeServiceRevisions" -> {
        Object arn = ((List<?>) request.get("serviceRevisionArns")).getFirst();
        if (!REVISION.equals(arn)) {
          send(
              exchange,
              200,
              Json.ordered(
                  "serviceRevisions", List.of(),
                  "failures",
                      List.of(
                          Json.ordered(
                              "arn", arn, "reason", "MISSING", "detail", "no such revision"))));
          return;
        }
        send(
            exchange,
            200,
            Json.ordered(
                "serviceRevisions",
                    List.of(
                        Json.ordered(
                            "serviceRevisionArn", REVISION,
                            "serviceArn",
                                "arn:aws:ecs:eu-west-1:111122223333:service/clockmirror/prod-clockmirror",
                            "clusterArn", "arn:aws:ecs:eu-west-1:111122223333:cluster/clockmirror",
                            "taskDefinition",
                                "arn:aws:ecs:eu-west-1:111122223333:task-definition/prod-clockmirror:7",
                            "containerImages", containerImages,
                            "launchType", "FARGATE",
                            "createdAt", 1.7648E9)),
                "failures", List.of()));
      }
      // https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_GetAuthorizationToken.html
      case "AmazonEC2ContainerRegistry_V20150921.GetAuthorizationToken" ->
          send(
              exchange,
              200,
              Json.ordered(
                  "authorizationData",
                  List.of(
                      Json.ordered(
                          "authorizationToken",
                          Base64.getEncoder().encodeToString(("AWS:" + ECR_PASSWORD).getBytes()),
                          "expiresAt",
                          1.7649E9,
                          "proxyEndpoint",
                          "https://111122223333.dkr.ecr.eu-west-1.amazonaws.com"))));
      // https://docs.aws.amazon.com/kms/latest/APIReference/API_GetPublicKey.html
      case "TrentService.GetPublicKey" ->
          send(
              exchange,
              200,
              Json.ordered(
                  "KeyId",
                  KEY_ARN,
                  "PublicKey",
                  Base64.getEncoder().encodeToString(publicKey),
                  "CustomerMasterKeySpec",
                  keySpec,
                  "KeySpec",
                  keySpec,
                  "KeyUsage",
                  "SIGN_VERIFY",
                  "SigningAlgorithms",
                  List.of("ECDSA_SHA_256")));
      default -> send(exchange, 400, Json.ordered("__type", "UnknownOperationException"));
    }
  }

  static String ecrAuthorization() {
    return "Basic " + Base64.getEncoder().encodeToString(("AWS:" + ECR_PASSWORD).getBytes());
  }

  private static void send(HttpExchange exchange, int status, Object body) throws IOException {
    byte[] bytes = Json.write(body);
    exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
