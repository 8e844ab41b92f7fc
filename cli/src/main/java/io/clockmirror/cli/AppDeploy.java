package io.clockmirror.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The app stack's deploy exactly as the pipeline's DeployApp action runs it ({@code
 * buildspec/deploy-app.yml}): the environment's SSM overrides from {@code
 * buildspec/ssm-parameters.sh}, then {@code cdk deploy} with the image's tag and version.
 */
final class AppDeploy {

  private AppDeploy() {}

  /** Deploys; whether CloudFormation changed anything. */
  static boolean deploy(Session session, Cdk cdk, ImageStep.Image image, Path outputsFile) {
    String env = session.target().name();
    String stack = session.names().appStack();
    Processes.Result ssm =
        session
            .processes()
            .run(
                session.project().root(),
                session.awsEnvironment(),
                List.of(session.project().script("buildspec/ssm-parameters.sh").toString(), env));
    if (!ssm.ok()) {
      throw Failure.stepFailed(
          "buildspec/ssm-parameters.sh " + env + " failed: " + ssm.tail(2),
          "create the parameter it names, then " + session.again());
    }
    List<String> args =
        new ArrayList<>(List.of("-c", "env=" + env, "-c", "imageTag=" + image.tag()));
    args.addAll(
        List.of(
            "--parameters",
            stack + ":" + Names.IMAGE_TAG_PARAMETER + "=" + image.tag(),
            "--parameters",
            stack + ":" + Names.IMAGE_VERSION_PARAMETER + "=" + image.version()));
    args.addAll(ssm.out().lines().filter(line -> !line.isBlank()).toList());
    return cdk.deploy(stack, outputsFile, args).changed();
  }
}
