package io.clockmirror.infra.pipeline;

import static java.util.stream.Collectors.toSet;

import io.clockmirror.infra.settings.CpuArchitectureChoice;
import io.clockmirror.infra.settings.EnvironmentSettings;
import io.clockmirror.infra.settings.Names;
import io.clockmirror.infra.settings.OperationsSettings;
import io.clockmirror.infra.settings.PipelineSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * What the one delivery pipeline needs to know.
 *
 * @param connectionArn CodeConnections connection to GitHub, made once by hand in the console
 * @param repositoryOwner GitHub owner of the watched repository
 * @param repositoryName GitHub name of the watched repository
 * @param branch the branch whose every commit is delivered
 * @param targets the environments the image is promoted through, in order
 */
public record PipelineStackProps(
    String connectionArn,
    String repositoryOwner,
    String repositoryName,
    String branch,
    List<Target> targets) {

  /**
   * One environment the pipeline deploys.
   *
   * @param settings the environment's settings
   * @param account its account, when another than the pipeline's may be meant; empty: the
   *     pipeline's own
   * @param approvalBefore whether its deploy waits for a manual approval
   * @param previous the environment whose smoke test the image must have passed first; empty for
   *     the first
   */
  public record Target(
      EnvironmentSettings settings,
      Optional<String> account,
      boolean approvalBefore,
      Optional<String> previous) {

    public Target {
      Objects.requireNonNull(settings, "settings");
      Objects.requireNonNull(account, "account");
      Objects.requireNonNull(previous, "previous");
    }

    public String name() {
      return settings.name();
    }
  }

  /** Context key of the connection ARN: {@code cdk deploy -c connectionArn=arn:aws:...}. */
  public static final String CONNECTION_ARN_KEY = "connectionArn";

  /** Context key of the watched repository, {@code owner/name}. */
  public static final String REPOSITORY_KEY = "repository";

  /** Context key of the watched branch. */
  public static final String BRANCH_KEY = "branch";

  /**
   * Stands in for the connection ARN so that {@code cdk synth} needs no context beyond {@code env}.
   * All zeros, so it can never name a real connection; the stack refuses to deploy with it.
   */
  public static final String PLACEHOLDER_CONNECTION_ARN =
      "arn:aws:codeconnections:eu-west-1:000000000000:connection/00000000-0000-0000-0000-000000000000";

  static final String DEFAULT_REPOSITORY = "clockmirror/clockmirror";
  static final String DEFAULT_BRANCH = "main";

  private static final Pattern CONNECTION_ARN = Pattern.compile(Names.CONNECTION_ARN_PATTERN);
  // GitHub: owner up to 39 characters of letters, digits and inner hyphens; repository names
  // also allow '.' and '_'.
  private static final Pattern OWNER =
      Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9-]{0,37}[A-Za-z0-9])?");
  private static final Pattern REPOSITORY = Pattern.compile("[A-Za-z0-9._-]{1,100}");
  private static final Pattern BRANCH = Pattern.compile("[A-Za-z0-9._/-]{1,255}");

  public PipelineStackProps {
    Objects.requireNonNull(connectionArn, "connectionArn");
    Objects.requireNonNull(repositoryOwner, "repositoryOwner");
    Objects.requireNonNull(repositoryName, "repositoryName");
    Objects.requireNonNull(branch, "branch");
    targets = List.copyOf(Objects.requireNonNull(targets, "targets"));
    require(!targets.isEmpty(), "the pipeline must deploy at least one environment");
    // The image is built once, so every environment must run it on the same processor family.
    Set<CpuArchitectureChoice> architectures =
        targets.stream().map(target -> target.settings().cpuArchitecture()).collect(toSet());
    require(
        architectures.size() == 1,
        "the image is built once: every environment of the pipeline needs the same"
            + " cpuArchitecture, not "
            + architectures);
    require(
        CONNECTION_ARN.matcher(connectionArn).matches(),
        "not a CodeConnections connection ARN: " + connectionArn);
    require(OWNER.matcher(repositoryOwner).matches(), "not a GitHub owner: " + repositoryOwner);
    require(
        REPOSITORY.matcher(repositoryName).matches(), "not a GitHub repository: " + repositoryName);
    require(
        BRANCH.matcher(branch).matches() && !branch.startsWith("/") && !branch.contains(".."),
        "not a branch name: " + branch);
  }

  /** The processor family the image is built for: that of every environment's tasks. */
  public CpuArchitectureChoice imageArchitecture() {
    return targets.getFirst().settings().cpuArchitecture();
  }

  /** The watched source as {@code owner/name@branch}. */
  public String source() {
    return repositoryOwner + "/" + repositoryName + "@" + branch;
  }

  /** True while the connection is the placeholder: synthesizable, not deployable. */
  public boolean usesPlaceholderConnection() {
    return PLACEHOLDER_CONNECTION_ARN.equals(connectionArn);
  }

  /** Who hears of a failed run: every address any of the pipeline's environments alerts. */
  public List<String> failureEmails() {
    return targets.stream()
        .flatMap(target -> target.settings().operations().alarmEmails().stream())
        .distinct()
        .toList();
  }

  /** The Slack channel of the last environment (production, usually) that has one. */
  public Optional<OperationsSettings.Slack> failureSlack() {
    return targets.reversed().stream()
        .map(target -> target.settings().operations().slack())
        .flatMap(Optional::stream)
        .findFirst();
  }

  /**
   * The pipeline that promotes through {@code settings}' environments (each found in {@code
   * environments}), with the source named by the context keys {@value #CONNECTION_ARN_KEY}, {@value
   * #REPOSITORY_KEY} and {@value #BRANCH_KEY}.
   */
  public static PipelineStackProps of(
      PipelineSettings settings,
      List<EnvironmentSettings> environments,
      Function<String, Object> context) {
    String repository = stringOr(context.apply(REPOSITORY_KEY), DEFAULT_REPOSITORY);
    int slash = repository.indexOf('/');
    require(
        slash > 0 && slash == repository.lastIndexOf('/'),
        "repository must be owner/name: " + repository);
    List<Target> targets = new ArrayList<>();
    for (String name : settings.environments()) {
      EnvironmentSettings environment =
          environments.stream()
              .filter(candidate -> candidate.name().equals(name))
              .findFirst()
              .orElseThrow(
                  () -> new IllegalArgumentException("no settings for environment " + name));
      targets.add(
          new Target(
              environment,
              settings.account(name),
              settings.approvalBefore(name),
              settings.previous(name)));
    }
    return new PipelineStackProps(
        stringOr(context.apply(CONNECTION_ARN_KEY), PLACEHOLDER_CONNECTION_ARN),
        repository.substring(0, slash),
        repository.substring(slash + 1),
        stringOr(context.apply(BRANCH_KEY), DEFAULT_BRANCH),
        targets);
  }

  private static String stringOr(Object value, String fallback) {
    return value == null || String.valueOf(value).isBlank() ? fallback : String.valueOf(value);
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }
}
