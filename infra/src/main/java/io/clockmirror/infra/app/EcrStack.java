package io.clockmirror.infra.app;

import io.clockmirror.infra.settings.Names;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.ecr.CfnRegistryScanningConfiguration;
import software.amazon.awscdk.services.ecr.LifecycleRule;
import software.amazon.awscdk.services.ecr.Repository;
import software.amazon.awscdk.services.ecr.RepositoryEncryption;
import software.amazon.awscdk.services.ecr.TagMutability;
import software.amazon.awscdk.services.ecr.TagStatus;
import software.amazon.awscdk.services.iam.AccountPrincipal;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.constructs.Construct;

/**
 * The image repository of one environment. Deployed first: the image is pushed to it before the app
 * stack can start a task.
 */
public final class EcrStack extends Stack {

  /**
   * What pushing one image with its signature and bill of materials takes in a repository, and
   * reading them back: the digest the registry holds, and the signature the deploy verifies.
   */
  public static final List<String> PUSH_ACTIONS =
      List.of(
          "ecr:BatchCheckLayerAvailability",
          "ecr:BatchGetImage",
          "ecr:GetDownloadUrlForLayer",
          "ecr:CompleteLayerUpload",
          "ecr:InitiateLayerUpload",
          "ecr:PutImage",
          "ecr:UploadLayerPart");

  /**
   * The regions where ECR has no enhanced scanning, as the ECR user guide lists them
   * (image-scanning-enhanced.html, "Considerations for enhanced scanning").
   */
  static final Set<String> ENHANCED_SCANNING_UNAVAILABLE =
      Set.of("me-central-1", "ap-south-2", "il-central-1", "ap-southeast-4", "eu-south-2");

  private final Repository repository;
  private final String repositoryName;

  public EcrStack(Construct scope, String id, StackProps stackProps, EcrStackProps props) {
    super(scope, id, stackProps);
    repositoryName = props.repositoryName();
    repository =
        Repository.Builder.create(this, "Repository")
            .repositoryName(props.repositoryName())
            .imageScanOnPush(true)
            // A tag names one image forever, so a rollback redeploys exactly what ran before.
            .imageTagMutability(TagMutability.IMMUTABLE)
            // KMS with the AWS managed key: encrypted at rest, no key policy or rotation to own.
            .encryption(RepositoryEncryption.KMS)
            .lifecycleRules(
                List.of(
                    LifecycleRule.builder()
                        .rulePriority(1)
                        .description("keep the last " + props.keepImages() + " images")
                        .tagStatus(TagStatus.ANY)
                        .maxImageCount(props.keepImages())
                        .build()))
            // Images outlive a stack teardown; deleting them is a separate, deliberate step.
            .removalPolicy(RemovalPolicy.RETAIN)
            .build();

    props
        .pushFromAccount()
        .ifPresent(
            account ->
                repository.addToResourcePolicy(
                    PolicyStatement.Builder.create()
                        .sid("PushFromThePipelineAccount")
                        .principals(List.of(new AccountPrincipal(account)))
                        .actions(PUSH_ACTIONS)
                        // Only the pipeline stack's roles; their own policies narrow it to the
                        // deploy action of this environment.
                        .conditions(
                            Map.of(
                                "ArnLike",
                                Map.of(
                                    "aws:PrincipalArn",
                                    "arn:"
                                        + Aws.PARTITION
                                        + ":iam::"
                                        + account
                                        + ":role/"
                                        + Names.pipelineStack()
                                        + "-*")))
                        .build()));

    String region = stackProps.getEnv() == null ? null : stackProps.getEnv().getRegion();
    if (props.scansTheRegistry()
        && region != null
        && ENHANCED_SCANNING_UNAVAILABLE.contains(region)) {
      Annotations.of(this)
          .addWarningV2(
              "clockmirror:no-enhanced-scanning",
              "ECR enhanced scanning is not offered in "
                  + region
                  + ": the images there get ECR's basic scan on push only, and the critical"
                  + " findings alarm never fires");
    } else if (props.scansTheRegistry()) {
      // Amazon Inspector scans this project's images on push and again whenever a new
      // vulnerability affects them (docs/supply-chain.md, with its price). The configuration is
      // the registry's, one per account and region: it replaces any the account had, and it is
      // kept when the stack goes, so that deleting one environment does not turn scanning off for
      // the others.
      CfnRegistryScanningConfiguration scanning =
          CfnRegistryScanningConfiguration.Builder.create(this, "RegistryScanning")
              .scanType("ENHANCED")
              .rules(
                  List.of(
                      CfnRegistryScanningConfiguration.ScanningRuleProperty.builder()
                          .scanFrequency("CONTINUOUS_SCAN")
                          .repositoryFilters(
                              List.of(
                                  CfnRegistryScanningConfiguration.RepositoryFilterProperty
                                      .builder()
                                      .filter(Names.scannedRepositories())
                                      .filterType("WILDCARD")
                                      .build()))
                          .build()))
              .build();
      scanning.applyRemovalPolicy(RemovalPolicy.RETAIN);
    }

    CfnOutput.Builder.create(this, "RepositoryUri")
        .description("docker push target: <uri>:<tag>")
        .value(repository.getRepositoryUri())
        .build();
  }

  public Repository repository() {
    return repository;
  }

  /**
   * The repository's name as plain text. Other stacks refer to the repository by this name rather
   * than through a CloudFormation export, which would pin the repository in place.
   */
  public String repositoryName() {
    return repositoryName;
  }
}
