package io.clockmirror.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code aws} CLI in one region: every call asks for JSON, and an error becomes an {@link
 * AwsError} with the service's error code, or a {@link Failure} when the credentials are the
 * problem (missing, expired), whatever the call was.
 */
public final class Aws {

  /** A call AWS refused, with the error code the CLI printed ({@code ValidationError}, ...). */
  public static final class AwsError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String code;

    AwsError(String code, String message) {
      super(message);
      this.code = code;
    }

    public String code() {
      return code;
    }
  }

  // The CLI's error line: "An error occurred (Code) when calling the Operation operation: message".
  private static final Pattern ERROR =
      Pattern.compile("An error occurred \\(([^)]+)\\) when calling the (\\w+) operation: (.*)");

  private final Processes processes;
  private final Project project;
  private final String region;

  public Aws(Processes processes, Project project, String region) {
    this.processes = Objects.requireNonNull(processes, "processes");
    this.project = Objects.requireNonNull(project, "project");
    this.region = Objects.requireNonNull(region, "region");
  }

  public String region() {
    return region;
  }

  /** Runs {@code aws ARGS --region R --output json} and reads its JSON answer. */
  public Map<String, Object> json(String... args) {
    String out = text(args);
    return out.isBlank() ? Map.of() : Json.object(out, "aws " + args[0] + " " + args[1]);
  }

  /** The same, or empty when AWS answers with one of {@code missingCodes}. */
  public Optional<Map<String, Object>> jsonIfExists(List<String> missingCodes, String... args) {
    try {
      return Optional.of(json(args));
    } catch (AwsError e) {
      if (missingCodes.contains(e.code())) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /** Runs a call and returns what it printed on stdout. */
  public String text(String... args) {
    return call(null, args);
  }

  /** Runs a call with {@code stdin}, output as text (e.g. {@code ecr get-login-password}). */
  public String call(String stdin, String... args) {
    List<String> command = new ArrayList<>(List.of("aws"));
    command.addAll(List.of(args));
    command.addAll(List.of("--region", region, "--output", "json"));
    Processes.Result result = processes.run(project.root(), Map.of(), command, stdin, line -> {});
    if (result.ok()) {
      return result.out();
    }
    throw error(result);
  }

  private static RuntimeException error(Processes.Result result) {
    String err = result.err().strip();
    String lower = err.toLowerCase(java.util.Locale.ROOT);
    if (lower.contains("unable to locate credentials")
        || lower.contains("could not be found") && lower.contains("profile")) {
      return new Failure(
          ExitCode.CREDENTIALS,
          "no AWS credentials: " + firstLine(err),
          "run 'aws configure' (access keys) or 'aws sso login' (IAM Identity Center),"
              + " or set AWS_PROFILE to a profile that has them");
    }
    Matcher matcher = ERROR.matcher(err);
    String code = matcher.find() ? matcher.group(1) : "";
    if (code.startsWith("ExpiredToken")
        || code.equals("RequestExpired")
        || lower.contains("token has expired")
        || lower.contains("session associated with this profile has expired")) {
      return new Failure(
          ExitCode.CREDENTIALS,
          "the AWS credentials have expired: " + firstLine(err),
          "renew them: 'aws sso login' for IAM Identity Center, else new keys or session token");
    }
    if (code.equals("InvalidClientTokenId") || code.equals("UnrecognizedClientException")) {
      return new Failure(
          ExitCode.CREDENTIALS,
          "AWS does not know these credentials: " + firstLine(err),
          "check AWS_PROFILE / 'aws configure list'; the key may have been deleted or rotated");
    }
    String message = matcher.find(0) ? matcher.group(3) : firstLine(err);
    return new AwsError(code.isEmpty() ? "exit " + result.exit() : code, message);
  }

  private static String firstLine(String text) {
    int newline = text.indexOf('\n');
    return newline < 0 ? text : text.substring(0, newline);
  }
}
