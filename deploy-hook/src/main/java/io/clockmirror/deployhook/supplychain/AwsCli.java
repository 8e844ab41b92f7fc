package io.clockmirror.deployhook.supplychain;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The AWS calls of the command line, made with the {@code aws} command on PATH (CodeBuild has it
 * and its credentials; a developer has it with theirs), reading the JSON its references document:
 *
 * <ul>
 *   <li><a href="https://docs.aws.amazon.com/cli/latest/reference/kms/sign.html">kms sign</a>: the
 *       SHA-256 of the payload goes in with {@code --message-type DIGEST} and {@code
 *       --signing-algorithm ECDSA_SHA_256}; {@code Signature} comes back base64, a DER-encoded
 *       ECDSA signature;
 *   <li><a href="https://docs.aws.amazon.com/cli/latest/reference/kms/get-public-key.html">kms
 *       get-public-key</a>: {@code PublicKey}, base64 DER SubjectPublicKeyInfo, with {@code
 *       KeySpec}, {@code KeyUsage} and {@code SigningAlgorithms};
 *   <li><a
 *       href="https://docs.aws.amazon.com/cli/latest/reference/ecr/get-authorization-token.html">ecr
 *       get-authorization-token</a>: {@code authorizationData[0].authorizationToken}, base64 of
 *       {@code AWS:<password>}, sent to the registry as HTTP Basic credentials.
 * </ul>
 */
final class AwsCli {

  static final String KEY_SPEC = "ECC_NIST_P256";
  static final String SIGNING_ALGORITHM = "ECDSA_SHA_256";
  private static final Duration TIMEOUT = Duration.ofSeconds(120);

  private final String command;
  private final Map<String, String> env;

  /** {@code env} is the whole environment the command runs with (its credentials, its region). */
  AwsCli(String command, Map<String, String> env) {
    this.command = command;
    this.env = Map.copyOf(env);
  }

  /**
   * The {@code aws} executable on the PATH of {@code env} (looked up here: a child process would be
   * found on the PATH this JVM started with, not the one given).
   */
  static AwsCli fromPath(Map<String, String> env) {
    for (String directory : env.getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path candidate = Path.of(directory.isEmpty() ? "." : directory, "aws");
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return new AwsCli(candidate.toString(), env);
      }
    }
    throw new IllegalStateException("no aws command on PATH (the AWS CLI is needed for this step)");
  }

  /** KMS signs the SHA-256 {@code digest} with the key; returns the DER signature. */
  byte[] sign(String keyId, byte[] digest) throws IOException, InterruptedException {
    if (digest.length != 32) {
      throw new IllegalArgumentException("a SHA-256 digest is 32 bytes");
    }
    Path message = Files.createTempFile("kms-digest", ".bin");
    try {
      Files.write(message, digest);
      Map<?, ?> answer =
          run(
              inRegion(
                  KmsKeys.region(keyId),
                  "kms",
                  "sign",
                  "--key-id",
                  keyId,
                  "--message",
                  "fileb://" + message,
                  "--message-type",
                  "DIGEST",
                  "--signing-algorithm",
                  SIGNING_ALGORITHM));
      if (answer.get("SigningAlgorithm") instanceof String algorithm
          && !SIGNING_ALGORITHM.equals(algorithm)) {
        throw new IOException("kms sign answered with " + algorithm + ", not " + SIGNING_ALGORITHM);
      }
      return Base64.getDecoder().decode(Json.string(answer, "Signature"));
    } finally {
      Files.deleteIfExists(message);
    }
  }

  SigningKey publicKey(String keyId) throws IOException, InterruptedException {
    return KmsKeys.signingKey(
        run(inRegion(KmsKeys.region(keyId), "kms", "get-public-key", "--key-id", keyId)), keyId);
  }

  /**
   * The Authorization header value for the ECR registry {@code host}, asked in that registry's
   * region (any other host: the command's own region).
   */
  String ecrAuthorization(String host) throws IOException, InterruptedException {
    return EcrTokens.authorization(
        run(inRegion(EcrTokens.region(host), "ecr", "get-authorization-token")));
  }

  /**
   * {@code arguments}, asked in {@code region} when there is one; otherwise the command's own
   * region (its environment or profile) answers.
   */
  private static String[] inRegion(Optional<String> region, String... arguments) {
    List<String> all = new ArrayList<>(List.of(arguments));
    region.ifPresent(name -> all.addAll(List.of("--region", name)));
    return all.toArray(String[]::new);
  }

  private Map<?, ?> run(String... arguments) throws IOException, InterruptedException {
    List<String> argv = new ArrayList<>();
    argv.add(command);
    argv.addAll(List.of(arguments));
    argv.addAll(List.of("--output", "json"));
    Path out = Files.createTempFile("aws-out", ".json");
    Path err = Files.createTempFile("aws-err", ".txt");
    try {
      ProcessBuilder builder =
          new ProcessBuilder(argv).redirectOutput(out.toFile()).redirectError(err.toFile());
      builder.environment().clear();
      builder.environment().putAll(env);
      Process process = builder.start();
      if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IOException(
            "aws " + arguments[0] + " " + arguments[1] + " took longer than " + TIMEOUT);
      }
      if (process.exitValue() != 0) {
        throw new IOException(
            "aws "
                + arguments[0]
                + " "
                + arguments[1]
                + " failed (exit "
                + process.exitValue()
                + "): "
                + Files.readString(err, StandardCharsets.UTF_8).strip());
      }
      return Json.object(
          Files.readAllBytes(out), "the answer of aws " + arguments[0] + " " + arguments[1]);
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }
}
