package io.clockmirror.infra;

import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * What the delivery pipeline of one environment needs to know.
 *
 * @param environmentName the environment the pipeline deploys ({@code cdk -c env=})
 * @param connectionArn CodeConnections connection to GitHub, made once by hand in the console
 * @param repositoryOwner GitHub owner of the watched repository
 * @param repositoryName GitHub name of the watched repository
 * @param branch the branch whose every commit is delivered
 * @param imageArchitecture processor family of the Fargate task, so the image is built for it
 * @param ecrStackName stack that DeployECR deploys
 * @param appStackName stack that DeployApp deploys
 * @param imageRepositoryName ECR repository that DeployECR pushes to
 */
public record PipelineStackProps(
    String environmentName,
    String connectionArn,
    String repositoryOwner,
    String repositoryName,
    String branch,
    CpuArchitectureChoice imageArchitecture,
    String ecrStackName,
    String appStackName,
    String imageRepositoryName) {

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
    Objects.requireNonNull(environmentName, "environmentName");
    Objects.requireNonNull(connectionArn, "connectionArn");
    Objects.requireNonNull(repositoryOwner, "repositoryOwner");
    Objects.requireNonNull(repositoryName, "repositoryName");
    Objects.requireNonNull(branch, "branch");
    Objects.requireNonNull(imageArchitecture, "imageArchitecture");
    Objects.requireNonNull(ecrStackName, "ecrStackName");
    Objects.requireNonNull(appStackName, "appStackName");
    Objects.requireNonNull(imageRepositoryName, "imageRepositoryName");
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

  /** The names of everything the pipeline's environment makes. */
  public Names names() {
    return new Names(environmentName);
  }

  /** The watched source as {@code owner/name@branch}. */
  public String source() {
    return repositoryOwner + "/" + repositoryName + "@" + branch;
  }

  /** True while the connection is the placeholder: synthesizable, not deployable. */
  public boolean usesPlaceholderConnection() {
    return PLACEHOLDER_CONNECTION_ARN.equals(connectionArn);
  }

  /**
   * The pipeline of {@code settings}' environment, with the source named by the context keys
   * {@value #CONNECTION_ARN_KEY}, {@value #REPOSITORY_KEY} and {@value #BRANCH_KEY}.
   */
  public static PipelineStackProps of(
      EnvironmentSettings settings, Function<String, Object> context) {
    String repository = stringOr(context.apply(REPOSITORY_KEY), DEFAULT_REPOSITORY);
    int slash = repository.indexOf('/');
    require(
        slash > 0 && slash == repository.lastIndexOf('/'),
        "repository must be owner/name: " + repository);
    Names names = settings.names();
    return new PipelineStackProps(
        settings.name(),
        stringOr(context.apply(CONNECTION_ARN_KEY), PLACEHOLDER_CONNECTION_ARN),
        repository.substring(0, slash),
        repository.substring(slash + 1),
        stringOr(context.apply(BRANCH_KEY), DEFAULT_BRANCH),
        settings.cpuArchitecture(),
        names.ecrStack(),
        names.appStack(),
        names.imageRepository());
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
