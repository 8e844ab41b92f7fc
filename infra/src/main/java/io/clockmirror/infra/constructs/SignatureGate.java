package io.clockmirror.infra.constructs;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.ecs.DeploymentLifecycleLambdaTarget;
import software.amazon.awscdk.services.ecs.DeploymentLifecycleStage;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.lambda.Function;
import software.constructs.Construct;

/**
 * The Java Lambda function that checks, before a new revision starts its first task ({@code
 * PRE_SCALE_UP}), that every container image ECS resolved for it carries a valid signature by the
 * pipeline's signing key (docs/supply-chain.md, <i>The Lambda gate</i>); its answer {@code FAILED}
 * (or none) makes ECS roll the deployment back before the revision takes any traffic.
 *
 * <p>Its role may describe the service's revisions, read the service repository and log in to the
 * registry, read the signing key's public half (by its alias, in the pipeline's account and
 * region), and write its own logs; ECS invokes it through a role that may invoke this function
 * only.
 */
public final class SignatureGate extends Construct {

  /** The handler of the {@code deploy-hook} module. */
  public static final String HANDLER =
      "io.clockmirror.deployhook.supplychain.SignatureGateHook::handleRequest";

  /** A few registry reads and three AWS calls, each bounded by the handler's own timeouts. */
  public static final Duration TIMEOUT = Duration.minutes(1);

  /**
   * What the gate needs to know.
   *
   * @param functionName the function's name
   * @param logGroupName its log group
   * @param logRetentionDays days its logs are kept
   * @param code the deployment file of the {@code deploy-hook} module
   * @param clusterName the service's cluster
   * @param serviceName the service whose revisions it checks
   * @param repositoryName the one repository every container image must come from
   * @param signingKeyAlias the signing key's alias
   * @param signingKeyRegion the region of the signing key (the pipeline's)
   * @param signingKeyAccount the account of the signing key (the pipeline's)
   */
  public record Props(
      String functionName,
      String logGroupName,
      int logRetentionDays,
      Path code,
      String clusterName,
      String serviceName,
      String repositoryName,
      String signingKeyAlias,
      String signingKeyRegion,
      String signingKeyAccount) {

    public Props {
      Objects.requireNonNull(functionName, "functionName");
      Objects.requireNonNull(logGroupName, "logGroupName");
      Objects.requireNonNull(code, "code");
      Objects.requireNonNull(clusterName, "clusterName");
      Objects.requireNonNull(serviceName, "serviceName");
      Objects.requireNonNull(repositoryName, "repositoryName");
      Objects.requireNonNull(signingKeyAlias, "signingKeyAlias");
      Objects.requireNonNull(signingKeyRegion, "signingKeyRegion");
      Objects.requireNonNull(signingKeyAccount, "signingKeyAccount");
      LambdaHook.check(logRetentionDays, code);
    }
  }

  private final Function function;
  private final DeploymentLifecycleLambdaTarget lifecycleTarget;

  public SignatureGate(Construct scope, String id, Props props) {
    super(scope, id);
    Stack stack = Stack.of(this);
    String registryHost = Aws.ACCOUNT_ID + ".dkr.ecr." + Aws.REGION + "." + Aws.URL_SUFFIX;
    String repositoryArn =
        "arn:"
            + Aws.PARTITION
            + ":ecr:"
            + Aws.REGION
            + ":"
            + Aws.ACCOUNT_ID
            + ":repository/"
            + props.repositoryName();
    String revisions =
        "arn:"
            + Aws.PARTITION
            + ":ecs:"
            + Aws.REGION
            + ":"
            + Aws.ACCOUNT_ID
            + ":service-revision/"
            + props.clusterName()
            + "/"
            + props.serviceName()
            + "/*";
    String keyAlias = props.signingKeyAlias();
    PolicyStatement readKey =
        ImageSigningKey.readPublicKey(
            keyAlias, props.signingKeyRegion(), props.signingKeyAccount());
    Map<String, LambdaHook.Grants> grants = new LinkedHashMap<>();
    grants.put(
        "CheckSignatures",
        new LambdaHook.Grants(
            List.of(
                LambdaHook.allow(List.of("ecs:DescribeServiceRevisions"), revisions),
                LambdaHook.allow(List.of("ecr:GetAuthorizationToken"), "*"),
                LambdaHook.allow(
                    List.of("ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"), repositoryArn),
                readKey),
            List.of(
                NagResources.wildcard(
                    NagResources.render(stack, revisions),
                    "A revision's id is made by ECS at each deployment; the statement names the"
                        + " service's own revisions."),
                NagResources.wildcard(
                    "*",
                    "ecr:GetAuthorizationToken supports no resource-level permissions; it only"
                        + " returns a registry login, the reads are limited to the service"
                        + " repository."),
                NagResources.wildcard(
                    NagResources.render(stack, readKey.getResources().getFirst()),
                    ImageSigningKey.READ_PUBLIC_KEY_REASON))));
    Map<String, String> environment = new LinkedHashMap<>();
    environment.put(
        "SIGNING_KEY_ID",
        ImageSigningKey.aliasArn(keyAlias, props.signingKeyRegion(), props.signingKeyAccount()));
    environment.put("REGISTRY_URL", "https://" + registryHost);
    environment.put("REPOSITORY", props.repositoryName());
    environment.put("REGISTRY_AUTH", "ecr");
    LambdaHook.Parts parts =
        LambdaHook.add(
            this,
            new LambdaHook.Spec(
                props.functionName(),
                props.logGroupName(),
                props.logRetentionDays(),
                props.code(),
                HANDLER,
                "Refuses a revision whose images the pipeline did not sign",
                "The signature gate reads the service's revisions, its repository and the signing"
                    + " key's public half",
                TIMEOUT,
                environment,
                grants,
                "ECS runs the signature gate",
                "SignatureGate",
                DeploymentLifecycleStage.PRE_SCALE_UP));
    function = parts.function();
    lifecycleTarget = parts.lifecycleTarget();
  }

  public Function function() {
    return function;
  }

  /** What {@code FargateService.addLifecycleHook} is given. */
  public DeploymentLifecycleLambdaTarget lifecycleTarget() {
    return lifecycleTarget;
  }
}
