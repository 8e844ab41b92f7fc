package io.clockmirror.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The app stack's deploy exactly as the pipeline's DeployApp action runs it: {@code
 * buildspec/deploy-app.sh} (SSM overrides, the live listener rules' targets, {@code ImageTag} and
 * {@code ImageVersion}), with the CDK CLI this command resolved.
 */
final class AppDeploy {

  private AppDeploy() {}

  /** Deploys; whether CloudFormation changed anything. */
  static boolean deploy(Session session, Cdk cdk, ImageStep.Image image, Path outputsFile) {
    Map<String, String> env = new LinkedHashMap<>(session.awsEnvironment());
    env.put("IMAGE_TAG", image.tag());
    env.put("IMAGE_VERSION", image.version());
    env.put("CDK", cdk.binary().toString());
    env.put(
        "STACK_POLL_SECONDS", String.valueOf(Math.max(1, session.context().poll().toSeconds())));
    Processes.Result result =
        session.run(
            env,
            List.of(
                session.project().script("buildspec/deploy-app.sh").toString(),
                session.target().name(),
                outputsFile.toString()));
    if (!result.ok()) {
      throw Failure.stepFailed(
          "buildspec/deploy-app.sh " + session.target().name() + " failed: " + Cdk.lastLine(result),
          "see " + session.processes().transcript() + "; fix it, then " + session.again());
    }
    return !Cdk.unchanged(session.names().appStack(), result);
  }
}
