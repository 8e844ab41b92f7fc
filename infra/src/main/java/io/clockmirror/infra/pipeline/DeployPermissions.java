package io.clockmirror.infra.pipeline;

import io.clockmirror.infra.app.EcrStack;
import io.clockmirror.infra.settings.Names;
import java.util.List;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;

/**
 * What the deploy actions may do beyond reading their sources. Deployments run through the CDK
 * bootstrap roles; the build roles themselves hold no CloudFormation, ECS, IAM or EC2 rights.
 */
public final class DeployPermissions {

  static final String BOOTSTRAP_ROLES_REASON =
      "cdk deploy assumes the roles that cdk bootstrap made in this account and region (deploy,"
          + " file-publishing, image-publishing, lookup); the wildcard stands only for that role"
          + " kind, so nothing else can be assumed. CloudFormation then acts with the bootstrap"
          + " execution role, not with this build role.";

  static final String ECR_LOGIN_REASON =
      "ecr:GetAuthorizationToken supports no resource-level permissions, so IAM requires"
          + " Resource *; it only returns a registry login. Pushing is limited to the"
          + " service repository by the next statement.";

  static final String READ_SSM_OVERRIDES_REASON =
      "buildspec/ssm-parameters.sh reads the settings this environment overrides from Parameter Store"
          + " and passes them to cdk deploy (the bootstrap deploy role may not read them). The"
          + " wildcard is the environment's own path, which holds only those plain-text settings;"
          + " which of them are read is listed in cdk.json, so a new override needs no pipeline"
          + " change.";

  private DeployPermissions() {}

  /**
   * {@code cdk deploy} from a build: the CLI assumes the bootstrap roles of the target's account
   * and region, and CloudFormation acts with the bootstrap execution role.
   */
  static PolicyStatement assumeCdkBootstrapRoles(Stack stack, PipelineStackProps.Target target) {
    String account = target.account().orElse(stack.getAccount());
    return PolicyStatement.Builder.create()
        .sid("AssumeCdkBootstrapRoles")
        .effect(Effect.ALLOW)
        .actions(List.of("sts:AssumeRole"))
        .resources(
            List.of(
                stack.formatArn(
                    ArnComponents.builder()
                        .service("iam")
                        .region("")
                        .account(account)
                        .resource("role")
                        .resourceName(Names.bootstrapRoles(account, target.settings().region()))
                        .build())))
        .build();
  }

  static PolicyStatement ecrLogin() {
    return PolicyStatement.Builder.create()
        .sid("EcrLogin")
        .actions(List.of("ecr:GetAuthorizationToken"))
        .resources(List.of("*"))
        .build();
  }

  /** Pushing to the target environment's repository, in its account and region. */
  static PolicyStatement pushTo(Stack stack, PipelineStackProps.Target target) {
    return PolicyStatement.Builder.create()
        .sid("EcrPushToTheServiceRepository")
        .actions(EcrStack.PUSH_ACTIONS)
        .resources(List.of(repositoryArn(stack, target)))
        .build();
  }

  /**
   * Reading the image's signature and bill of materials from the target environment's repository
   * (buildspec/deploy-app.sh checks the signature before it deploys).
   */
  static PolicyStatement readSignaturesFrom(Stack stack, PipelineStackProps.Target target) {
    return PolicyStatement.Builder.create()
        .sid("EcrReadSignaturesFromTheServiceRepository")
        .actions(List.of("ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"))
        .resources(List.of(repositoryArn(stack, target)))
        .build();
  }

  private static String repositoryArn(Stack stack, PipelineStackProps.Target target) {
    return stack.formatArn(
        ArnComponents.builder()
            .service("ecr")
            .region(target.settings().region())
            .account(target.account().orElse(stack.getAccount()))
            .resource("repository")
            .resourceName(target.settings().names().imageRepository())
            .build());
  }

  /** Reading the environment's SSM overrides, which the deploy passes on as stack parameters. */
  static PolicyStatement readSsmOverrides(Stack stack, Names names) {
    return PolicyStatement.Builder.create()
        .sid("ReadTheEnvironmentsSsmOverrides")
        .actions(List.of("ssm:GetParameter"))
        .resources(
            List.of(
                stack.formatArn(
                    ArnComponents.builder()
                        .service("ssm")
                        .resource("parameter")
                        .resourceName(names.ssmPath().substring(1) + "*")
                        .build())))
        .build();
  }
}
