package io.clockmirror.cli;

import java.util.List;

/**
 * The steps of {@code deploy}, in order: what each checks first, what it changes, and the commands
 * that do the same by hand. {@code docs/deploy.md} shows this text ({@code DeployDocsTest} keeps
 * them equal; {@code ./clockmirror deploy --steps} prints it).
 */
public enum DeployStep {
  IDENTITY(
      "caller identity",
      "Asks STS who the credentials are; stops when infra/cdk.json pins the environment to another"
          + " account (`clockmirror:pipeline.accounts`) or when `AWS_REGION` names another region"
          + " than the environment's `region`. Changes nothing.",
      List.of("aws sts get-caller-identity", "export AWS_REGION=eu-west-1")),
  SERVICE_LINKED_ROLES(
      "service-linked roles",
      "The roles ECS and Application Auto Scaling act with. AWS makes them on first use, but in a"
          + " new account the first cluster can fail while that happens (\"Unable to assume the"
          + " service linked role\"), so each is made first unless `aws iam get-role` finds it.",
      List.of(
          "aws iam get-role --role-name AWSServiceRoleForECS \\\n"
              + "  || aws iam create-service-linked-role --aws-service-name ecs.amazonaws.com",
          "aws iam get-role --role-name AWSServiceRoleForApplicationAutoScaling_ECSService \\\n"
              + "  || aws iam create-service-linked-role --aws-service-name"
              + " ecs.application-autoscaling.amazonaws.com")),
  BOOTSTRAP(
      "CDK bootstrap",
      "The `CDKToolkit` stack the CDK deploys through, once per account and region: made with the"
          + " pinned CDK CLI (`infra/package.json`) when `describe-stacks` does not find it.",
      List.of(
          "npm ci --prefix infra",
          "(cd infra && npx cdk bootstrap -c env=dev \"aws://$ACCOUNT/$AWS_REGION\")")),
  REPOSITORY(
      "repository stack",
      "`<env>-clockmirror-ecr`, deployed as the pipeline's DeployECR action deploys it; the CDK"
          + " reports `(no changes)` when it is current. Its output `RepositoryUri` is where the"
          + " image goes.",
      List.of(
          "(cd infra && npx cdk deploy dev-clockmirror-ecr -c env=dev --exclusively"
              + " --no-previous-parameters \\\n"
              + "  --require-approval never --outputs-file ecr-outputs.json)",
          "REPO=\"$(jq -r '.\"dev-clockmirror-ecr\".RepositoryUri' infra/ecr-outputs.json)\"")),
  IMAGE(
      "image",
      "When the repository already holds an image of this commit and version (a tag"
          + " `<version>-<sha7>` or `<version>-<sha7>-manual.<time>`), that one is used. Otherwise"
          + " the checkout (committed, no local changes) is built once by the pipeline's build step"
          + " into an OCI layout (one per commit, shared by every environment, as the pipeline promotes one image) with a `-manual.<time>` tag, so the pipeline's own tag for the"
          + " commit stays free, and published by the pipeline's publish step, which checks the"
          + " digest before and after the push. A layout built by an interrupted run is reused.",
      List.of(
          "buildspec/build-image.sh --tool docker --manual \"$(git rev-parse HEAD)\" image",
          "source image/image.env   # IMAGE_TAG, IMAGE_VERSION, IMAGE_DIGEST",
          "buildspec/image-tag.sh --manual $(git rev-parse HEAD)   # the tag it holds",
          "aws ecr get-login-password | skopeo login --username AWS --password-stdin"
              + " \"${REPO%%/*}\"",
          "buildspec/publish-image.sh image \"$REPO\" \"$IMAGE_TAG\" \"$IMAGE_DIGEST\"")),
  APP(
      "app stack",
      "`<env>-clockmirror-app` with that image, by the pipeline's DeployApp step"
          + " (`buildspec/deploy-app.sh`: where `signedImagesOnly` is on, only an image the"
          + " pipeline signed; `ImageTag` and `ImageVersion`, the environment's SSM"
          + " overrides, the live listener rules' targets, so no traffic moves); it waits for a"
          + " stack CloudFormation is still changing, the CDK waits for the ECS rollout and reports"
          + " `(no changes)` when the stack already runs that image with this code.",
      List.of(
          "IMAGE_TAG=\"$IMAGE_TAG\" IMAGE_VERSION=\"$IMAGE_VERSION\" buildspec/deploy-app.sh dev"
              + " app-outputs.json")),
  SERVICE_ANSWERS(
      "service answers",
      "The pipeline's smoke test against the stack's `ServiceUrl`, until the service is ready:"
          + " readiness, the exact answers for `12:22` and `2:11`, a problem+json 400, and the"
          + " version and image tag it reports. Then the URL and the first `/clock` answer are"
          + " printed.",
      List.of(
          "URL=\"$(aws cloudformation describe-stacks --stack-name dev-clockmirror-app \\\n"
              + "  --query \"Stacks[0].Outputs[?OutputKey=='ServiceUrl'].OutputValue\" --output"
              + " text)\"",
          "EXPECTED_VERSION=\"$IMAGE_VERSION\" EXPECTED_IMAGE_TAG=\"$IMAGE_TAG\""
              + " buildspec/smoke-test.sh \"$URL\"",
          "curl -s \"$URL/clock?mirror_time=12:22\""));

  private final String title;
  private final String does;
  private final List<String> byHand;

  DeployStep(String title, String does, List<String> byHand) {
    this.title = title;
    this.does = does;
    this.byHand = List.copyOf(byHand);
  }

  public String title() {
    return title;
  }

  /** The steps as a Markdown list, each with its commands by hand. */
  public static String markdown() {
    StringBuilder text = new StringBuilder();
    for (DeployStep step : values()) {
      text.append(step.ordinal() + 1)
          .append(". **")
          .append(step.title)
          .append("**: ")
          .append(step.does)
          .append("\n\n   ```shell\n");
      for (String command : step.byHand) {
        command.lines().forEach(line -> text.append("   ").append(line).append('\n'));
      }
      text.append("   ```\n\n");
    }
    return text.toString().stripTrailing() + "\n";
  }
}
