package io.clockmirror.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code status <env>}: reads the environment from AWS into a {@link StatusReport}. */
final class Status {

  private final Session session;

  Status(Session session) {
    this.session = session;
  }

  ExitCode run() {
    Identity identity = Identity.check(session);
    Names names = session.names();
    Optional<Stack> found = session.stacks().find(names.appStack());
    var out = session.context().out();
    if (found.isEmpty()) {
      out.println(
          session.target().name()
              + ": not deployed (no "
              + names.appStack()
              + " in "
              + session.target().region()
              + ", account "
              + identity.account()
              + "); ./clockmirror deploy "
              + session.target().name()
              + " makes it");
      out.println("  cost floor  " + costFloor());
      return ExitCode.OK;
    }
    Stack app = found.get();
    Optional<Failure> problem = app.problem("run ./clockmirror status " + session.target().name());
    if (problem.isPresent() && app.condition() != Stack.Condition.IN_PROGRESS) {
      throw problem.get();
    }
    String cluster = app.output(Names.CLUSTER_OUTPUT);
    String service = app.output(Names.SERVICE_OUTPUT);
    Map<String, Object> described =
        Json.objects(
                session
                    .aws()
                    .json("ecs", "describe-services", "--cluster", cluster, "--services", service),
                "services")
            .stream()
            .findFirst()
            .orElseThrow(
                () ->
                    Failure.stepFailed(
                        "ECS has no service " + service + " in " + cluster,
                        "./clockmirror deploy " + session.target().name()));
    StatusReport report =
        new StatusReport(
            session.target(),
            identity.account(),
            app.status(),
            app.output(Names.SERVICE_URL_OUTPUT),
            runningImage(Json.string(described, "taskDefinition").orElse("")),
            app.parameters().getOrDefault(Names.IMAGE_TAG_PARAMETER, "?"),
            traffic(app),
            deployment(cluster, service),
            alarms(),
            tasks(described, cluster, service),
            costFloor());
    out.print(report.render());
    return ExitCode.OK;
  }

  private String runningImage(String taskDefinition) {
    Map<String, Object> answer =
        session.aws().json("ecs", "describe-task-definition", "--task-definition", taskDefinition);
    return Json.objects(answer, "taskDefinition", "containerDefinitions").stream()
        .filter(container -> Names.CONTAINER.equals(container.get("name")))
        .map(container -> String.valueOf(container.get("image")))
        .map(image -> image.substring(image.lastIndexOf(':') + 1))
        .findFirst()
        .orElse("?");
  }

  private List<StatusReport.TargetGroup> traffic(Stack app) {
    Map<String, String> outputs = app.outputs();
    String rule = outputs.get(Names.PRODUCTION_RULE_OUTPUT);
    if (rule == null) {
      // One target group, no rules: the listener forwards to it.
      return Json.objects(
              session
                  .aws()
                  .json("cloudformation", "describe-stack-resources", "--stack-name", app.name()),
              "StackResources")
          .stream()
          .filter(
              resource ->
                  "AWS::ElasticLoadBalancingV2::TargetGroup".equals(resource.get("ResourceType")))
          .map(
              resource ->
                  new StatusReport.TargetGroup(
                      "blue", groupName(String.valueOf(resource.get("PhysicalResourceId"))), 100))
          .toList();
    }
    Map<String, Object> rules = session.aws().json("elbv2", "describe-rules", "--rule-arns", rule);
    Map<String, Integer> weights = new LinkedHashMap<>();
    for (Map<String, Object> action : Json.objects(rules, "Rules", 0, "Actions")) {
      for (Map<String, Object> group : Json.objects(action, "ForwardConfig", "TargetGroups")) {
        weights.put(String.valueOf(group.get("TargetGroupArn")), Json.integer(group, "Weight"));
      }
    }
    String blue = app.output(Names.PRIMARY_TARGET_GROUP_OUTPUT);
    String green = app.output(Names.ALTERNATE_TARGET_GROUP_OUTPUT);
    return List.of(
        new StatusReport.TargetGroup("blue", groupName(blue), weights.getOrDefault(blue, 0)),
        new StatusReport.TargetGroup("green", groupName(green), weights.getOrDefault(green, 0)));
  }

  private Optional<StatusReport.Deployment> deployment(String cluster, String service) {
    Map<String, Object> listed =
        session
            .aws()
            .json(
                "ecs",
                "list-service-deployments",
                "--cluster",
                cluster,
                "--service",
                service,
                "--status",
                "PENDING",
                "IN_PROGRESS",
                "ROLLBACK_REQUESTED",
                "ROLLBACK_IN_PROGRESS");
    Optional<String> arn =
        Json.objects(listed, "serviceDeployments").stream()
            .map(summary -> String.valueOf(summary.get("serviceDeploymentArn")))
            .findFirst();
    if (arn.isEmpty()) {
      return Optional.empty();
    }
    Map<String, Object> described =
        session
            .aws()
            .json("ecs", "describe-service-deployments", "--service-deployment-arns", arn.get());
    return Json.objects(described, "serviceDeployments").stream()
        .findFirst()
        .map(
            d ->
                new StatusReport.Deployment(
                    Json.string(d, "status").orElse("?"),
                    Json.string(d, "lifecycleStage").orElse("?"),
                    Json.string(d, "deploymentConfiguration", "strategy").orElse("ROLLING"),
                    Json.integer(d, "targetServiceRevision", "runningTaskCount"),
                    Json.integer(d, "targetServiceRevision", "requestedTaskCount"),
                    Json.string(d, "startedAt").orElse("?")));
  }

  private Map<String, String> alarms() {
    Map<String, Object> answer =
        session
            .aws()
            .json(
                "cloudwatch",
                "describe-alarms",
                "--alarm-name-prefix",
                session.names().alarmPrefix());
    Map<String, String> states = new LinkedHashMap<>();
    for (String kind : List.of("MetricAlarms", "CompositeAlarms")) {
      for (Map<String, Object> alarm : Json.objects(answer, kind)) {
        states.put(String.valueOf(alarm.get("AlarmName")), String.valueOf(alarm.get("StateValue")));
      }
    }
    return states;
  }

  private StatusReport.Tasks tasks(Map<String, Object> service, String cluster, String name) {
    Map<String, Object> targets =
        session
            .aws()
            .json(
                "application-autoscaling",
                "describe-scalable-targets",
                "--service-namespace",
                "ecs",
                "--resource-ids",
                "service/" + cluster + "/" + name);
    Map<String, Object> target =
        Json.objects(targets, "ScalableTargets").stream().findFirst().orElse(Map.of());
    return new StatusReport.Tasks(
        Json.integer(service, "runningCount"),
        Json.integer(service, "desiredCount"),
        Json.integer(service, "pendingCount"),
        Json.integer(target, "MinCapacity"),
        Json.integer(target, "MaxCapacity"));
  }

  /** infra/cost.sh's idle monthly cost of the environment's templates. */
  private String costFloor() {
    var script = session.project().script("infra/cost.sh");
    if (!java.nio.file.Files.isExecutable(script)) {
      return "unknown: infra/cost.sh is not in this checkout";
    }
    Processes.Result result =
        session.run(Map.of(), List.of(script.toString(), "--json", session.target().name()));
    if (!result.ok()) {
      return "unknown: infra/cost.sh failed (" + result.tail(1) + ")";
    }
    Map<String, Object> cost = Json.object(result.out(), "infra/cost.sh");
    return Json.at(cost, "idleMonthlyUsd")
        .map(
            usd ->
                String.format(
                    java.util.Locale.ROOT, "$%.2f a month idle", ((Number) usd).doubleValue()))
        .map(text -> text + " (infra/cost.sh, list prices)")
        .orElse("unknown: infra/cost.sh printed no idleMonthlyUsd");
  }

  /** A target group's name from its ARN (…:targetgroup/<name>/<id>). */
  private static String groupName(String arn) {
    String[] parts = arn.split("/");
    return parts.length >= 2 ? parts[parts.length - 2] : arn;
  }
}
