package io.clockmirror.cli;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code deploy <env>}: from an empty account to a URL that answers, step by step ({@link
 * DeployStep}). Every step looks at the account first, so a second run changes nothing and says so,
 * and a run after a failure or Ctrl-C goes on where the last one stopped.
 */
final class Deploy {

  private final Session session;
  private final Progress progress;
  private final Cdk cdk;
  private Identity identity;
  private String repositoryUri;
  private ImageStep.Image image;
  private String serviceUrl;

  Deploy(Session session) {
    this.session = Objects.requireNonNull(session, "session");
    this.progress = new Progress(session.context().out(), DeployStep.values().length);
    this.cdk = new Cdk(session);
  }

  ExitCode run() {
    Environment target = session.target();
    if (target.signedImagesOnly()) {
      // Refused before anything is built or pushed: buildspec/deploy-app.sh would refuse the
      // unsigned image only after it reached the environment's repository.
      throw new Failure(
          ExitCode.SETTINGS,
          target.name()
              + " takes only images the pipeline signed (signedImagesOnly in infra/cdk.json); an"
              + " image built here has no signature",
          "deploy "
              + target.name()
              + " through the pipeline (./clockmirror pipeline), or set \"signedImagesOnly\":"
              + " false for it in infra/cdk.json (docs/supply-chain.md)");
    }
    session
        .context()
        .out()
        .println(
            "deploy "
                + target.name()
                + " ("
                + target.region()
                + ", "
                + target.strategy()
                + "); transcript: "
                + session.processes().transcript());
    progress.step(DeployStep.IDENTITY.title(), this::identity);
    progress.step(DeployStep.SERVICE_LINKED_ROLES.title(), this::serviceLinkedRoles);
    progress.step(DeployStep.BOOTSTRAP.title(), this::bootstrap);
    progress.step(DeployStep.REPOSITORY.title(), this::repository);
    progress.step(DeployStep.IMAGE.title(), this::image);
    progress.step(DeployStep.APP.title(), this::app);
    progress.step(DeployStep.SERVICE_ANSWERS.title(), this::answers);
    var out = session.context().out();
    out.println();
    out.println(target.name() + " answers at " + serviceUrl);
    out.println("$ curl '" + serviceUrl + "/clock?mirror_time=12:22'");
    out.println(firstAnswer());
    out.println(
        progress.changedSteps() == 0
            ? "nothing changed: " + target.name() + " already runs " + image.tag()
            : progress.changedSteps()
                + " of "
                + DeployStep.values().length
                + " steps changed something");
    return ExitCode.OK;
  }

  private Progress.Outcome identity() {
    identity = Identity.check(session);
    return Progress.Outcome.unchanged(identity.describe(session.target()));
  }

  private Progress.Outcome serviceLinkedRoles() {
    List<String> made = new ArrayList<>();
    List<String> found = new ArrayList<>();
    for (Names.ServiceLinkedRole role : Names.SERVICE_LINKED_ROLES) {
      Optional<Map<String, Object>> existing =
          session
              .aws()
              .jsonIfExists(
                  List.of("NoSuchEntity"), "iam", "get-role", "--role-name", role.roleName());
      if (existing.isPresent()) {
        found.add(role.roleName());
        continue;
      }
      try {
        session
            .aws()
            .json("iam", "create-service-linked-role", "--aws-service-name", role.service());
        made.add(role.roleName());
      } catch (Aws.AwsError e) {
        // Made meanwhile by ECS itself: "Service role name ... has been taken in this account".
        if (!e.getMessage().contains("has been taken")) {
          throw Failure.stepFailed(
              "cannot create the service-linked role for " + role.service() + ": " + e.getMessage(),
              "the credentials need iam:CreateServiceLinkedRole; then " + session.again());
        }
        found.add(role.roleName());
      }
    }
    return made.isEmpty()
        ? Progress.Outcome.unchanged("both exist")
        : Progress.Outcome.changed("created " + String.join(", ", made));
  }

  private Progress.Outcome bootstrap() {
    Optional<Stack> toolkit = usable(Names.BOOTSTRAP_STACK);
    if (toolkit.isPresent() && toolkit.get().condition() == Stack.Condition.STABLE) {
      return Progress.Outcome.unchanged(Names.BOOTSTRAP_STACK + " is " + toolkit.get().status());
    }
    String where = "aws://" + identity.account() + "/" + session.target().region();
    cdk.run(
        "cdk bootstrap " + where,
        List.of("bootstrap", "-c", "env=" + session.target().name(), where, "--no-notices"));
    return Progress.Outcome.changed("bootstrapped " + where);
  }

  private Progress.Outcome repository() {
    String stack = session.names().ecrStack();
    usable(stack);
    Cdk.Deployed deployed =
        cdk.deploy(
            stack,
            outputsFile("ecr-outputs.json"),
            List.of("-c", "env=" + session.target().name()));
    repositoryUri = deployedStack(stack).output(Names.REPOSITORY_URI_OUTPUT);
    return new Progress.Outcome(deployed.changed(), stack + ": " + repositoryUri);
  }

  private Progress.Outcome image() {
    ImageStep step = new ImageStep(session, repositoryUri);
    ImageStep.Result result = step.ensure(progress::note);
    image = result.image();
    return new Progress.Outcome(result.changed(), result.detail());
  }

  private Progress.Outcome app() {
    String stack = session.names().appStack();
    usable(stack);
    boolean changed = AppDeploy.deploy(session, cdk, image, outputsFile("app-outputs.json"));
    Stack deployed = deployedStack(stack);
    serviceUrl = deployed.output(Names.SERVICE_URL_OUTPUT);
    return new Progress.Outcome(changed, stack + " runs " + image.tag());
  }

  private Progress.Outcome answers() {
    Processes.Result smoke =
        session.run(
            Map.of(
                "EXPECTED_VERSION", image.version(),
                "EXPECTED_IMAGE_TAG", image.tag()),
            List.of(session.project().script("buildspec/smoke-test.sh").toString(), serviceUrl));
    if (!smoke.ok()) {
      throw Failure.stepFailed(
          "the smoke test failed against " + serviceUrl + ": " + smoke.tail(1),
          "see "
              + session.processes().transcript()
              + " and ./clockmirror logs "
              + session.target().name()
              + "; allowedCidrs in infra/cdk.json must include this machine's address");
    }
    return Progress.Outcome.unchanged("smoke test passed: " + serviceUrl);
  }

  private String firstAnswer() {
    try (HttpClient client =
        HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build()) {
      HttpResponse<String> response =
          client.send(
              HttpRequest.newBuilder(URI.create(serviceUrl + "/clock?mirror_time=12:22"))
                  .timeout(Duration.ofSeconds(10))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return response.body();
    } catch (IOException e) {
      throw Failure.stepFailed(
          "GET " + serviceUrl + "/clock failed: " + e.getMessage(), session.again());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Failure(ExitCode.INTERRUPTED, "interrupted", session.again());
    }
  }

  /** The stack once settled, refusing states a deploy cannot go on from. */
  private Optional<Stack> usable(String name) {
    Optional<Stack> stack = session.stacks().settled(name, progress::note);
    stack
        .flatMap(found -> found.problem(session.again()))
        .ifPresent(
            failure -> {
              throw failure;
            });
    return stack;
  }

  private Stack deployedStack(String name) {
    return session
        .stacks()
        .find(name)
        .orElseThrow(
            () ->
                Failure.stepFailed(
                    "cdk deploy reported success, but " + name + " is not there",
                    "see " + session.processes().transcript()));
  }

  private Path outputsFile(String name) {
    return session
        .project()
        .workDirectory()
        .resolve(session.target().name())
        .resolve(name)
        .toAbsolutePath();
  }
}
